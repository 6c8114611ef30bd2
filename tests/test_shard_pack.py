"""Shards keep each live blog they read packed (generator/site/shard.py `pack`) until they
write it: a live blog longer than Python's recursion limit packs, and its pages link
their neighbours as before."""

from __future__ import annotations

import sys
from datetime import date

from bs4 import BeautifulSoup
from conftest import build_site

from bench.synth import convert, raw_post


def test_a_live_blog_longer_than_the_recursion_limit_is_built(tmp_path):
    updates = sys.getrecursionlimit() + 500  # each update links the next: a long chain
    content = tmp_path / "content"
    convert(raw_post(3, updates, date(2024, 12, 7)), "long", content, date(2024, 12, 7))
    site = build_site(content, tmp_path / "out", LIVEBLOG_SEARCH=False, LIVEBLOG_PROCESSES=1)
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
