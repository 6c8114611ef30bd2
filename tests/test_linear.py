"""The converter runs in linear time on hostile input: four times the input costs less than
eight times the time (a ratio of two sizes, never a wall time, so a slow machine passes).

Each case is one an attacker (or an unlucky copy) can produce: a 40 KB line of `(@h)` groups
(an embed signature's shape, which a backtracking regex took 32 s over), 40,000 paragraphs
starting in lowercase (each a 'split paragraph' repair, which used to be quadratic), a 10 MB
single line, thousands of stamps (the sequence decision) and of date-like lines.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from liveblog_archive.convert.parser import parse_live_blog
from liveblog_archive.errors import ConvertError
from liveblog_archive.store.writer import render_entries

HEAD = "Title\n\nUPDATE 1000 GMT:\n\n"


def convert(text: str) -> None:
    try:
        blog = parse_live_blog(
            text, slug="x", newest_date=date(2024, 1, 1), timezone=ZoneInfo("Europe/London")
        )
        render_entries(blog, text.encode())
    except ConvertError:
        pass


def seconds(make: Callable[[int], str], n: int) -> float:
    text = make(n)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        convert(text)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(make: Callable[[int], str], n: int) -> None:
    """Grow n until one run takes long enough to measure, then compare n with 4n."""
    while seconds(make, n) < 0.02 and n < 10_000_000:
        n *= 2
    small, large = seconds(make, n), seconds(make, 4 * n)
    assert large < 8 * small, f"4x the input took {large / small:.1f}x the time"


CASES: dict[str, Callable[[int], str]] = {
    # an embed signature's shape, repeated on one line
    "signature groups": lambda n: HEAD + "— " + "(@h)" * (n // 4) + "\n",
    "signature groups, unclosed": lambda n: HEAD + "— " + "(@h " * (n // 4) + "\n",
    # every paragraph a 'split' to join onto the one before
    "lowercase paragraphs": lambda n: HEAD + "Start of it\n\n" + "and more words\n\n" * (n // 16),
    # one enormous line, in the body and as the title
    "one long line": lambda n: HEAD + "word " * (n // 5) + "\n",
    "one long title": lambda n: "word " * (n // 5) + "\n\nUPDATE 1000 GMT:\n\nx\n",
    # stamps: a steady sequence, an agenda on every update, and times in random order
    "many stamps": lambda n: (
        "T\n\n"
        + "".join(
            f"UPDATE {23 - (i // 60) % 24:02d}{59 - i % 60:02d} GMT:\n\ntext {i}\n\n"
            for i in range(n // 30)
        )
    ),
    "many agendas": lambda n: (
        "T\n\n"
        + "".join(
            f"{(i % 12) + 1}.{i % 60:02d}pm: Update {i}, a long enough line of text to be an "
            "update and not an agenda item, with more words.\n\nHere is the agenda:\n\n"
            "10am: One.\n11am: Two.\n\n3pm: Three.\n\n"
            for i in range(n // 170)
        )
    ),
    "shuffled times": lambda n: (
        "T\n\n"
        + "".join(
            f"{(i * 7919) % 24:02d}:{(i * 104729) % 60:02d}\n\nx {i}\n\n" for i in range(n // 14)
        )
    ),
    "date-like lines": lambda n: HEAD + "Monday 7 December\n\n" * (n // 19),
    "bylines with handles": lambda n: HEAD + "A b 9:40pm EDT C ( @h) in D\n\n" * (n // 30),
    "long lines ending in a date and time": lambda n: (
        HEAD + ("word " * 200 + "4 March 2022 00:15\n\n") * (n // 1020)
    ),
    "colons and digits": lambda n: HEAD + "1:" * (n // 2) + "\n",
    # the forms of the held-out audits, each repeated: bullets in one block with bare times,
    # headlines above stamps, ticker headlines, weekday headings, spaced times, short lines
    # holding a time, dated bylines glued to their text
    "bullet blocks": lambda n: (
        "T\n\n"
        + "".join(
            f"  \u2022 Foto: x\n  \u2022 {23 - (i // 60) % 24}h{59 - i % 60:02d}\n"
            for i in range(n // 24)
        )
        + "\nx\n"
    ),
    "headlines above stamps": lambda n: (
        "Title of the page\n\n"
        + "".join(
            f"Headline number {i} here\n\n{23 - i % 24:02d}:15 \u2013 10 Mar 2022\n\nText.\n\n"
            for i in range(n // 50)
        )
    ),
    "ticker headlines": lambda n: HEAD + "+++ Eine Meldung +++\n\n10.10 Uhr: Text\n\n" * (n // 40),
    "weekday lines": lambda n: HEAD + "FRIDAY\n\n10:15\n\nText.\n\n" * (n // 22),
    "spaced times": lambda n: "T\n\n" + "13:03 Hoeneß sagt etwas\n\n" * (n // 25),
    "short lines with a time": lambda n: HEAD + "AROUND 2PM\n\n" * (n // 12),
    "glued dated bylines": lambda n: (
        "T\n\nDana Reyes 9/7/2016 4:56:29 PM\n\n"
        + "Dana Reyes 9/7/2016 4:57:09 PMDoors are open.\n" * (n // 46)
    ),
    "am pm soup": lambda n: HEAD + "12.5am 1.0pm " * (n // 13) + "\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_linear_time(name):
    assert_linear(CASES[name], 20_000)


def test_forty_kilobyte_signature_line_is_quick():
    """The case of the issue, at its size: it must not take seconds (it took 32)."""
    text = HEAD + "— " + "(@h)" * 10_000 + "\n"
    start = time.perf_counter()
    convert(text)
    assert time.perf_counter() - start < 2.0
