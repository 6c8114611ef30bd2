"""Every fixture of the styles study (tests/fixtures/styles/<id>.txt, written in our own words
with the structure of a real outlet's live blog) converts exactly to its <id>.toml.

Two tests per fixture, so that a fixture whose days and times are right but whose headlines
are not shows as such: `test_days_and_times` (order, zone, each update's local date and
time, its kind, the stamps kept as text) and `test_text` (title, standfirst, preamble,
each update's title and embedded posts). A fixture the converter does not read yet is
marked xfail with the reason, strictly: it fails the suite the day it starts passing.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from liveblog_archive.convert.model import Heading, LiveBlog, Paragraph
from liveblog_archive.convert.parser import decode_source, parse_live_blog
from liveblog_archive.errors import ConvertError
from liveblog_archive.store.checker import check_content
from liveblog_archive.store.writer import posted_text, write_live_blog

FIXTURES = Path(__file__).parent / "fixtures" / "styles"
STYLES = sorted(p.stem for p in FIXTURES.glob("*.txt"))

# Fixtures whose days and times the converter does not read yet, and why.
DAYS_NOT_YET: dict[str, str] = {}
# Fixtures whose headlines, standfirst, preamble or embeds are not yet exactly right.
TEXT_NOT_YET: dict[str, str] = {
    **DAYS_NOT_YET,
    "rediff-2014": "the page's 'Timeline  Refresh' buttons are taken for its standfirst",
}


def expected(style: str) -> dict:
    return tomllib.loads((FIXTURES / f"{style}.toml").read_text("utf-8"))


def convert(style: str) -> LiveBlog:
    spec = expected(style)
    options = spec.get("options", {})
    text = decode_source((FIXTURES / f"{style}.txt").read_bytes(), f"{style}.txt")
    return parse_live_blog(
        text,
        slug=style,
        path=f"{style}.txt",
        newest_date=date.fromisoformat(options["date"]) if "date" in options else None,
        year=options.get("year"),
        timezone=ZoneInfo(options["timezone"]) if "timezone" in options else None,
        order=options.get("order"),
    )


def page_order(blog: LiveBlog) -> list:
    """The updates as the page printed them (the model keeps them newest first)."""
    return sorted(blog.updates, key=lambda u: u.line)


def _local(update) -> str:
    """As the fixtures write it: the day, the time to the minute (or the second, where the
    page printed seconds)."""
    if update.local is None:
        return update.day.isoformat()
    return update.local.strftime("%Y-%m-%dT%H:%M:%S" if update.local.second else "%Y-%m-%dT%H:%M")


def plain_text(update) -> str:
    return "\n".join(b.text for b in update.blocks if isinstance(b, Paragraph | Heading))


def marks(table: dict[str, str]) -> list:
    return [
        pytest.param(s, marks=pytest.mark.xfail(reason=table[s], strict=True)) if s in table else s
        for s in STYLES
    ]


def test_every_fixture_has_its_expectations():
    assert len(STYLES) >= 12
    for style in STYLES:
        assert (FIXTURES / f"{style}.toml").exists(), style


@pytest.mark.parametrize("style", marks(DAYS_NOT_YET))
def test_days_and_times(style):
    spec = expected(style)
    if spec.get("expect_error"):
        with pytest.raises(ConvertError) as err:
            convert(style)
        assert f"--{spec['expect_error']}" in str(err.value)
        assert "\n" not in str(err.value)
        return
    blog = convert(style)
    assert (blog.order, blog.timezone or "") == (spec["order"], spec["zone"])  # "": none
    got = [
        (
            _local(u),
            u.local.fold if u.local else None,
            u.kind,
        )
        for u in page_order(blog)
    ]
    want = [
        (
            u["local"],
            u.get("fold", got[i][1] if i < len(got) else None),
            u.get("kind", "update"),
        )
        for i, u in enumerate(spec["updates"])
    ]
    assert got == want
    for update, wanted in zip(page_order(blog), spec["updates"], strict=True):
        for line in wanted.get("kept_as_text", []):
            assert line in plain_text(update), (update.label, line)


@pytest.mark.parametrize("style", marks(TEXT_NOT_YET))
def test_text(style):
    spec = expected(style)
    if spec.get("expect_error"):
        return
    blog = convert(style)
    assert blog.title == spec["title"]
    assert blog.standfirst == spec["standfirst"]
    assert [line.text for line in blog.preamble] == spec["preamble"]
    got = [
        (
            u.title,
            [(e.platform, e.handle, posted_text(e.posted)) for e in u.embeds],
        )
        for u in page_order(blog)
    ]
    want = [
        (
            u["title"],
            [(e["platform"], e["handle"], e["posted"]) for e in u.get("embeds", [])],
        )
        for u in spec["updates"]
    ]
    assert got == want


def test_every_fixture_writes_entries_that_check_accepts(tmp_path):
    """What the converter writes for each style passes `check` (positions, dates newest
    first, anchors, blocks), pinned posts and updates with no time included."""
    written = 0
    for style in STYLES:
        if expected(style).get("expect_error"):
            continue
        blog = convert(style)
        raw = (FIXTURES / f"{style}.txt").read_bytes()
        write_live_blog(blog, raw, tmp_path, archived=date(2026, 11, 25))
        written += 1
    assert written >= 20
    assert [str(p) for p in check_content(tmp_path).problems] == []
