"""No text of the source is lost: every word outside the markers reaches the entries and
the rendered HTML. Proved on the seed and, with Hypothesis, on generated live blogs."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from html import unescape
from zoneinfo import ZoneInfo

import markdown
from conftest import SEED
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from liveblog_archive.convert.clock import read_date_line, read_stamp
from liveblog_archive.convert.embeds import MEDIA_NOTE
from liveblog_archive.convert.model import LiveBlog
from liveblog_archive.convert.parser import decode_source, parse_live_blog
from liveblog_archive.errors import ConvertError
from liveblog_archive.site.markdown_ext import LiveBlogExtension
from liveblog_archive.store.entry_format import escape_markdown
from liveblog_archive.store.writer import render_entries, update_markdown

LONDON = ZoneInfo("Europe/London")
LABELS = {"update": "update", "original entry": "original"}
_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def source_words(text: str, *, keep_media_notes: bool) -> Counter[str]:
    """Words of the source outside the stamps (a stamp line keeps the text after it) and
    the date headings (`1 NOVEMBER`: the updates under it carry its date, as an update
    carries its stamp's time)."""
    kept = []
    for line in text.split("\n"):
        found = read_stamp(line, LABELS)
        if found:
            line = found.text
        elif read_date_line(line) is not None or (not keep_media_notes and MEDIA_NOTE.match(line)):
            continue
        kept.append(line)
    return words("\n".join(kept))


def html_text(md_text: str) -> str:
    html = markdown.markdown(md_text, extensions=[LiveBlogExtension()], output_format="html5")
    return unescape(_TAG.sub(" ", html))


def rendered_words(blog: LiveBlog) -> Counter[str]:
    """Words a reader sees: the header fields and every update rendered to HTML."""
    parts = [blog.title, html_text(escape_markdown(blog.standfirst))]
    parts += [line.text for line in blog.preamble]  # kept in index.md's Preamble: header
    if blog.lead_image:
        parts += [blog.lead_image.caption, blog.lead_image.credit]
    parts += [html_text(update_markdown(u)) for u in blog.updates]
    return words("\n".join(parts))


def repaired(expected: Counter[str], blog: LiveBlog) -> Counter[str]:
    """Expected words after the recorded repairs (`cu` + `rrently` → `currently`)."""
    expected = expected.copy()
    for update in blog.updates:
        for repair in update.repairs:
            expected.subtract(words(" ".join(repair.before)))
            expected.update(words(repair.after))
    return +expected


def assert_conserved(text: str, blog: LiveBlog, raw: bytes) -> None:
    entries = b"\n".join(
        data for name, data in render_entries(blog, raw).items() if name != "source.txt"
    )
    missing = source_words(text, keep_media_notes=True) - words(entries.decode())
    assert not missing, f"words lost from the entries: {missing}"
    missing = repaired(source_words(text, keep_media_notes=False), blog) - rendered_words(blog)
    assert not missing, f"words lost from the rendered pages: {missing}"


def test_seed_loses_no_word():
    raw = SEED.read_bytes()
    text = decode_source(raw)
    blog = parse_live_blog(text, slug="seed")
    assert_conserved(text, blog, raw)
    assert sum(source_words(text, keep_media_notes=True).values()) > 2000


def test_the_check_would_catch_a_lost_word():
    """The conservation check is not vacuous: drop one paragraph and it fails."""
    raw = SEED.read_bytes()
    text = decode_source(raw)
    blog = parse_live_blog(text, slug="seed")
    del blog.updates[3].blocks[0]
    try:
        assert_conserved(text, blog, raw)
    except AssertionError as err:
        assert "Protesters" in str(err) or "Around" in str(err)
    else:  # pragma: no cover
        raise AssertionError("a dropped paragraph went unnoticed")


# ---------------------------------------------------------------------------- generated posts

SPECIALS = "*_`[]()#<>&!:|=~-+.\\\"'{}/;@—–“”’…"
word = st.text(
    alphabet=st.one_of(
        st.characters(categories=("L", "N", "P", "S"), exclude_characters="\x00"),
        st.sampled_from(SPECIALS),
    ),
    min_size=1,
    max_size=12,
)
line = st.lists(word, min_size=1, max_size=12).map(" ".join)
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
clock = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}{t[1]:02d}")
marker = st.one_of(
    clock.map(lambda c: f"UPDATE {c} GMT:"),
    clock.map(lambda c: f"UPDATE, {c} UTC:"),
    st.just("UPDATE, DEC 7:"),
    st.tuples(clock, line).map(lambda t: f"{t[0]} GMT: {t[1]}"),
    line.map(lambda text: f"ORIGINAL ENTRY: {text}"),
    st.tuples(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm"]), line).map(
        lambda t: f"{t[0]}.{t[1]:02d}{t[2]}: {t[3]}"
    ),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"Posted at {t[0]}:{t[1]:02d}"),
)
embed = st.tuples(st.lists(paragraph, min_size=1, max_size=2), line, st.booleans()).map(
    lambda t: [
        *t[0],
        *(["[image or embed]"] if t[2] else []),
        f"— {t[1]} (@someone.bsky.social) December 7, 2024 at 4:42 PM",
    ]
)
body = st.lists(st.one_of(paragraph.map(lambda p: [p]), embed), max_size=5).map(
    lambda chunks: [p for chunk in chunks for p in chunk]
)
live_blog_text = st.tuples(
    st.lists(paragraph, min_size=1, max_size=3),
    st.lists(st.tuples(marker, body), min_size=1, max_size=6),
    st.sampled_from(["\n\n", "\n\n\n", "\n \n"]),
).map(lambda t: t[2].join(t[0] + [p for m, paras in t[1] for p in [m, *paras]]) + "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(live_blog_text)
# A word cut in three pieces ('b' / 'b' / 'a'): the repairs recorded 'ba' for 'bba'.
@example("AAA\n\nUPDATE, DEC 7:\n\nb\n\nb\n\na\n")
# A date heading below the last update, dating nothing: it was dropped.
@example("A\n\nUPDATE, DEC 7:\n\n1 NOVEMBER\n")
@example("A\n\n1.00am: NOVEMBER\n\n1 NOVEMBER\n")
# A date heading that dates the update below it: a marker, as a stamp is.
@example("A\n\nUPDATE, DEC 7:\n\n1 NOVEMBER\n\nUPDATE 0000 GMT:\n")
def test_generated_live_blogs_never_crash_and_lose_no_word(text):
    raw = text.encode()
    normalised = decode_source(raw)
    try:
        blog = parse_live_blog(
            normalised, slug="generated", newest_date=date(2024, 12, 7), timezone=LONDON
        )
    except ConvertError as err:  # allowed: a clear, one-line refusal
        assert "\n" not in str(err)
        return
    assert_conserved(normalised, blog, raw)
    anchors = [u.anchor for u in blog.updates]
    assert len(set(anchors)) == len(anchors)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_result_or_a_convert_error(data):
    try:
        text = decode_source(data)
        parse_live_blog(text, slug="bytes", newest_date=date(2024, 1, 1))
    except ConvertError as err:
        assert str(err) and "\n" not in str(err)


def _escape_line_by_line(text: str, heading: bool) -> str:
    """escape_markdown as it was first written, one line at a time (the reference)."""
    import re

    from liveblog_archive.store import entry_format as f

    lines = []
    for line in text.split("\n"):
        line = f._INLINE_SPECIAL.sub(r"\\\1", line.strip())
        line = f._ENTITY.sub("&amp;", line).replace("<", "&lt;")
        if heading:
            line = line.replace("#", r"\#")
        line = re.sub(r"^([#>+\-=:|~])", r"\\\1", line)
        line = re.sub(r"^(\d+)([.)])", r"\1\\\2", line)
        lines.append(line)
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab_*#>+-=:|~1.)\\`[]<&; \n\t\u00a0")), max_size=60),
    st.booleans(),
)
def test_escaping_the_whole_text_at_once_is_escaping_each_line(text, heading):
    from liveblog_archive.store.entry_format import escape_markdown

    assert escape_markdown(text, heading=heading) == _escape_line_by_line(text, heading)
