"""Property tests: live blogs generated in every studied style, from the style table
(tests/fixtures/styles/table.toml: its templates, not the converter's own patterns), in both
orders, with agendas inside entries, date headings, midnight and clock-change nights and
embedded posts signed with a date only.

Whatever Hypothesis draws: the import never crashes (a ConvertError is allowed only where
the page is genuinely ambiguous, and then it names --order), never loses a word of an
update's text, and puts every update on its right day and local time.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from liveblog_archive.convert.parser import decode_source, parse_live_blog
from liveblog_archive.convert.styles import DEFAULT
from liveblog_archive.errors import ConvertError
from liveblog_archive.store.writer import render_entries

TABLE = tomllib.loads(
    (Path(__file__).parent / "fixtures" / "styles" / "table.toml").read_text("utf-8")
)["style"]
ZONES = {"UTC": "Etc/GMT"}  # the table's UTC pages print GMT
_WORD = re.compile(r"[^\W_]+")
VOCABULARY = [
    "river",
    "council",
    "bridge",
    "storm",
    "harbour",
    "crews",
    "police",
    "rain",
    "wind",
    "count",
    "votes",
    "ferry",
    "school",
    "power",
    "road",
    "town",
    "coast",
    "rescue",
    "shelter",
    "tide",
    "levee",
    "fire",
    "smoke",
    "flood",
    "engineers",
    "residents",
]


SUPPORTED = TABLE  # every studied style, the ones with no printed time included


def fill(template: str, when: datetime, n: int = 1) -> str:
    """A template of the table with a local time's fields."""
    hour12 = when.hour % 12 or 12
    half = "am" if when.hour < 12 else "pm"
    fields = {
        "{HH}": f"{when.hour:02d}",
        "{H}": str(when.hour),
        "{MM}": f"{when.minute:02d}",
        "{SS}": "00",
        "{hh}": f"{hour12:02d}",
        "{h}": str(hour12),
        "{ampm}": half,
        "{AMPM}": half.upper(),
        "{a.m.}": f"{half[0]}.m.",
        "{A.M.}": f"{half[0].upper()}.M.",
        "{tzname}": "British Summer Time" if when.dst() else "Greenwich Mean Time",
        "{tz}": when.tzname() or "",
        "{Weekday}": f"{when:%A}",
        "{Wkd}": f"{when:%a}",
        "{DD}": f"{when.day:02d}",
        "{D}": str(when.day),
        "{Month}": f"{when:%B}",
        "{Mon}": f"{when:%b}",
        "{MON}": f"{when:%b}".upper(),
        "{M}": str(when.month),
        "{YYYY}": str(when.year),
        "{ago}": "2h ago",
        "{author}": "Dana Reyes",
        "{handle}": "danareyes",
        "{n}": str(n),
    }
    for key, value in fields.items():
        template = template.replace(key, value)
    return template


@dataclass
class Page:
    text: str
    expected: list[tuple[date, int, int, int]]  # page order: local day, hour, minute, fold
    words: Counter[str]  # words of the updates' own text
    embeds: int
    order: str
    zone: ZoneInfo
    newest: date
    month_first: bool = False
    timeless: bool = False


def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=12))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


@st.composite
def pages(draw: st.DrawFn, style: dict) -> Page:
    zone = ZoneInfo(ZONES.get(style["zone"], style["zone"]))
    order = draw(st.sampled_from(["newest", "oldest"]))
    count = draw(st.integers(2, 8))
    # Start on an ordinary day, on a night that crosses midnight, or on the night the
    # clocks go back (Europe/London and America/New_York both change at 01:00-02:00).
    night = draw(st.sampled_from(["day", "midnight", "clock change"]))
    if night == "clock change":
        change = {"Europe/London": datetime(2024, 10, 27, 0, 20)}.get(
            zone.key, datetime(2024, 11, 3, 0, 20)
        )
        start = change.replace(tzinfo=zone)
    else:
        day = draw(st.dates(date(2009, 1, 1), date(2025, 12, 31)))
        minute = draw(st.integers(6 * 60, 20 * 60)) if night == "day" else 22 * 60 + 30
        start = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=zone)
    instant = start.astimezone(UTC)
    chrono = []
    for _ in range(count):
        chrono.append(instant.astimezone(zone))
        instant += timedelta(minutes=draw(st.integers(7, 95)))
    for k, when in enumerate(chrono):
        # A time in the hour the clocks repeat is only knowable as the second one when the
        # page has shown that hour once already (the clock visibly went back).
        if when.fold == 1 and not any(
            w.fold == 0
            and w.date() == when.date()
            and (w.hour, w.minute) > (when.hour, when.minute)
            for w in chrono[:k]
        ):
            assume(False)
    if style.get("timeless"):  # posts with no time cannot show a new day: keep to one
        assume(len({w.date() for w in chrono}) == 1)
    agenda_at = draw(st.one_of(st.none(), st.integers(0, count - 1)))
    embed_at = draw(st.one_of(st.none(), st.integers(0, count - 1)))
    page_order = chrono[::-1] if order == "newest" else chrono
    blank = "\n\n" if style["blank_lines"] else "\n"
    words: Counter[str] = Counter()
    parts = [f"Live coverage of the storm, style {style['id']}"]
    embeds = 0
    last_heading = None
    for number, when in enumerate(page_order, start=1):
        if style["date_heading"] and when.date() != last_heading:
            parts.append(fill(style["date_heading"], when))
            last_heading = when.date()
        marker = style["prefix"] + fill(style["marker"], when, number)
        first = sentence(draw)
        body = [sentence(draw) for _ in range(draw(st.integers(0, 2)))]
        words.update(_WORD.findall(" ".join([first, *body])))
        if style.get("line_before"):
            parts.append(fill(style["line_before"], when))
        signature = None
        if style.get("timeless"):  # a headline of its own, then the post's text
            parts.append(first.rstrip("."))
            if not body:
                body = [sentence(draw)]
                words.update(_WORD.findall(body[0]))
        elif style["marker_line"] == "text":
            parts.append(marker + style["sep"] + first)
        elif style["marker_line"] == "headline-before":  # `1. Headline` + stamp, one line
            stamp = fill(style["marker"], when, number)
            parts.append(
                fill(style["prefix"], when, number) + first.rstrip(".") + style["sep"] + stamp
            )
        elif style["marker_line"] == "headline-above":  # headline, then the stamp, one line each
            parts.append(first.rstrip(".") + "\n" + marker)
            if not body:
                body = [sentence(draw)]
                words.update(_WORD.findall(body[0]))
        elif style["marker_line"] == "byline-after":  # headline, body, then the signed stamp
            parts.append(first)
            signature = marker
        else:
            parts.append(marker)
            parts.append(first)
        parts.extend(body)
        if signature is not None:
            parts.append(signature)
        index = chrono.index(when)
        if agenda_at == index:  # the day's timetable, later than the entry, in its notation
            lead = "Here is the timetable we have been given:"
            words.update(_WORD.findall(lead))
            lines = []
            for hours in (2, 4, 6):
                later = when + timedelta(hours=hours)
                item = f"Session {hours} begins"
                words.update(_WORD.findall(item))
                lines.append(fill(style["marker"], later) + ": " + item + ".")
            parts.append(lead + "\n" + "\n".join(lines))
            parts.append("Timings may slip.")
            words.update(_WORD.findall("Timings may slip."))
        if embed_at == index and style.get("embed_signature") and not style.get("embed_inline"):
            post = sentence(draw)
            words.update(_WORD.findall(post))
            parts.append(post)
            parts.append(fill(style["embed_signature"], when))
            embeds += 1
        if style.get("after_update"):
            parts.append(fill(style["after_update"], when))
    expected = [(w.date(), w.hour, w.minute, w.fold) for w in page_order]
    return Page(
        blank.join(parts) + "\n",
        expected,
        words,
        embeds,
        order,
        zone,
        chrono[-1].date(),
        month_first="{M}/{D}" in style["marker"],
        timeless=bool(style.get("timeless")),
    )


def words_of_entries(blog, raw: bytes) -> Counter[str]:
    text = "\n".join(
        data.decode() for name, data in render_entries(blog, raw).items() if name != "source.txt"
    )
    return Counter(_WORD.findall(text))


def plausible_backwards(page: Page) -> bool:
    """Would the page also read as a live blog in the other order? Every step back in time
    must then be under a day, with at most one night-long (over 12 hours) pause."""
    clocks = [h * 60 + m for _, h, m, _ in page.expected]
    if page.order == "oldest":
        clocks.reverse()  # now newest first; read the other way, they must go forward
    steps = [(b - a) % 1440 for a, b in pairwise(clocks)]
    return all(s > 0 for s in steps) and sum(1 for s in steps if s > 720) <= 1


def check(page: Page) -> None:
    if page.timeless:
        check_timeless(page)
        return
    raw = page.text.encode()
    text = decode_source(raw)
    # A page of numeric dates such as 1/2/2009 cannot say whether it means 1 February or
    # 2 January: its style file says so, as a user would pass it (--style).
    style = replace(DEFAULT, date_order="MDY") if page.month_first else None
    try:
        blog = parse_live_blog(
            text, slug="generated", newest_date=page.newest, timezone=page.zone, style=style
        )
    except ConvertError as err:
        assert "\n" not in str(err)
        # Only a page that reads both ways may stop, and it must say how to resolve it;
        # told the order, the import then gets every day and time right.
        assert "--order" in str(err), str(err)
        assert plausible_backwards(page), str(err)
        blog = parse_live_blog(
            text,
            slug="generated",
            newest_date=page.newest,
            timezone=page.zone,
            order=page.order,
            style=style,
        )
    assert blog.order == page.order
    updates = blog.updates[::-1] if blog.order == "oldest" else blog.updates
    got = [(u.day, u.local.hour, u.local.minute, u.local.fold) for u in updates if u.local]
    assert got == page.expected
    missing = page.words - words_of_entries(blog, raw)
    assert not missing, f"words lost: {missing}"
    assert sum(len(u.embeds) for u in blog.updates) == page.embeds


def check_timeless(page: Page) -> None:
    """Posts with no time: the order is the user's to give (nothing on the page says it);
    every post keeps its place and its day, and shows no time."""
    raw = page.text.encode()
    text = decode_source(raw)
    with pytest.raises(ConvertError, match="--order"):
        parse_live_blog(text, slug="generated", newest_date=page.newest, timezone=page.zone)
    blog = parse_live_blog(
        text, slug="generated", newest_date=page.newest, timezone=page.zone, order=page.order
    )
    updates = blog.updates[::-1] if blog.order == "oldest" else blog.updates
    assert [(u.day, u.local) for u in updates] == [(d, None) for d, *_ in page.expected]
    assert len({u.anchor for u in updates}) == len(updates)
    missing = page.words - words_of_entries(blog, raw)
    assert not missing, f"words lost: {missing}"


@pytest.mark.parametrize("style", SUPPORTED, ids=[s["id"] for s in SUPPORTED])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_pages_in_every_style(style, data):
    check(data.draw(pages(style)))


def test_the_table_has_the_studied_styles():
    assert len(TABLE) >= 12
