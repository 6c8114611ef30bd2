"""Shards keep the live blogs they read until they write them: as objects up to
`KEEP_UPDATES` updates, packed beyond (generator/site/shard.py `pack`). A live blog longer
than Python's recursion limit packs, and its pages link their neighbours as before; packed
or kept, a live blog's pages are the same bytes."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, files
from liveblog_archive.site import shard

from bench.synth import convert, raw_post


@pytest.fixture
def packed(monkeypatch) -> list[int]:
    """The number of updates of each live blog a shard packs, as it packs them."""
    sizes: list[int] = []
    real = shard.pack

    def spy(blog):
        sizes.append(len(blog.updates))
        return real(blog)

    monkeypatch.setattr(shard, "pack", spy)
    return sizes


def test_a_live_blog_longer_than_the_recursion_limit_is_built(tmp_path, monkeypatch, packed):
    updates = sys.getrecursionlimit() + 500  # each update links the next: a long chain
    content = tmp_path / "content"
    convert(raw_post(3, updates, date(2024, 12, 7)), "long", content, date(2024, 12, 7))
    monkeypatch.setattr(shard, "KEEP_UPDATES", updates - 1)  # too many to keep: packed
    site = build_site(content, tmp_path / "out", LIVEBLOG_SEARCH=False, LIVEBLOG_PROCESSES=1)
    assert packed == [updates]
    anchors = sorted(p.parent.name for p in (site / "long").glob("*/index.html"))
    anchors.remove("chronological")
    assert len(anchors) == updates
    page = BeautifulSoup((site / "long" / anchors[1] / "index.html").read_text(), "html.parser")
    assert page.select_one("a[rel=prev]") and page.select_one("a[rel=next]")
    # The view is paginated: each page's JSON-LD lists the updates it shows, all of them once.
    views = [site / "long" / "index.html", *(site / "long" / "page").glob("*/index.html")]
    listed = 0
    for view in views:
        ld = BeautifulSoup(view.read_text(), "html.parser")
        listed += ld.select_one("script[type='application/ld+json']").string.count("BlogPosting")
        listed -= 1  # the LiveBlogPosting itself
    assert len(views) > 1 and listed == updates


def test_a_live_blog_kept_or_packed_gives_the_same_pages(tmp_path, monkeypatch, packed):
    content = tmp_path / "content"
    for n, slug in enumerate(("one", "two", "three")):
        convert(raw_post(n, 30, date(2024, 12, 7)), slug, content, date(2024, 12, 7))
    kept = build_site(content, tmp_path / "kept", LIVEBLOG_SEARCH=False, LIVEBLOG_PROCESSES=1)
    assert packed == []  # 90 updates: all kept as objects
    monkeypatch.setattr(shard, "KEEP_UPDATES", 40)  # the first live blog kept, two packed
    both = build_site(content, tmp_path / "both", LIVEBLOG_SEARCH=False, LIVEBLOG_PROCESSES=1)
    assert packed == [30, 30]
    assert files(kept) == files(both)
