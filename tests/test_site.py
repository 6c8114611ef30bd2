"""The built seed site, read with a real HTML parser: anchors, order, cards, feeds, data."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import SEED, SEED_SLUG, build_site, convert_seed, run_cli, stable_files

ATOM = "{http://www.w3.org/2005/Atom}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def updates_of(page: BeautifulSoup) -> list:
    return page.select("article.update[id]")


@pytest.fixture(scope="module")
def blog_page(seed_site):
    return soup(seed_site / SEED_SLUG / "index.html")


@pytest.fixture(scope="module")
def chrono_page(seed_site):
    return soup(seed_site / SEED_SLUG / "chronological" / "index.html")


def test_27_unique_anchors_on_both_views(blog_page, chrono_page):
    published = [a["id"] for a in updates_of(blog_page)]
    chronological = [a["id"] for a in updates_of(chrono_page)]
    assert len(published) == len(set(published)) == 27
    assert set(published) == set(chronological)
    assert chronological == published[::-1]


def test_newest_first_and_oldest_first(blog_page, chrono_page):
    def moments(page):
        return [a.select_one(".update-header time")["datetime"] for a in updates_of(page)]

    published = moments(blog_page)
    assert published[0] == "2024-12-07T17:37+00:00"  # with its offset
    assert published[-1] == "2024-12-06"  # the original entry: its date, no invented time
    # by day, never increasing down the page (times where known)
    assert [m[:10] for m in published] == sorted((m[:10] for m in published), reverse=True)
    assert moments(chrono_page) == published[::-1]


def test_each_update_has_a_visible_permalink_and_time(blog_page):
    for article in updates_of(blog_page):
        link = article.select_one("a.update-permalink")
        assert link["href"] == f"#{article['id']}"
        assert link.get_text(strip=True)
    first = updates_of(blog_page)[0]
    assert first.select_one("time").get_text(strip=True) == "17:37 GMT"
    opener = blog_page.select_one("#update-2024-12-07 time")
    assert opener["datetime"] == "2024-12-07" and opener.get_text(strip=True) == "7 December 2024"


def test_day_separators_and_day_navigation(blog_page):
    days = [h["id"] for h in blog_page.select(".day-heading")]
    assert days == ["day-2024-12-07", "day-2024-12-06"]
    nav = [a["href"] for a in blog_page.select("nav.day-nav a")]
    assert nav == ["#day-2024-12-07", "#day-2024-12-06"]


def test_views_link_both_ways(blog_page, chrono_page):
    def switch(page):
        return {a.get_text(" ", strip=True): a["href"] for a in page.select("nav.view-switch a")}

    assert any(href.endswith("chronological/") for href in switch(blog_page).values())
    back = [h for h in switch(chrono_page).values() if not h.endswith("chronological/")]
    assert back and all(SEED_SLUG in h or h.startswith("..") for h in back)
    current = chrono_page.select_one('nav.view-switch a[aria-current="page"]')
    assert current["href"].endswith("chronological/")


def test_four_embed_cards_with_authors(blog_page):
    cards = blog_page.select("figure.embed")
    assert [c.select_one(".embed-author").get_text() for c in cards] == [
        "Qusay Noor",
        "Fared Al Mahlool | فريد المحلول",
        "Rami Jarrah",
        "Rami Jarrah",
    ]
    first = cards[0]
    assert first.select_one("time")["datetime"] == "2024-12-07T16:42"
    assert "web.archive.org" in first.select_one("a.embed-wayback")["href"]
    assert not blog_page.select("iframe, img, video, audio, object, embed")


def test_three_lost_media_placeholders(blog_page):
    placeholders = blog_page.select("figure.lost-media")
    assert len(placeholders) == 3
    assert "lead-photo" in placeholders[0]["class"]
    assert "Bakr Alkasem/AFP" in placeholders[0].get_text()
    for figure in placeholders:
        assert "appeared here in the original" in figure.get_text()


def test_permalink_page_for_every_update(seed_site, blog_page):
    anchors = [a["id"] for a in updates_of(blog_page)]
    for index, anchor in enumerate(anchors):
        page = soup(seed_site / SEED_SLUG / anchor / "index.html")
        (article,) = updates_of(page)
        assert article["id"] == anchor
        back = [a["href"] for a in page.select("nav.update-nav a")]
        assert any(h.endswith(f"/#{anchor}") for h in back)
        newer = page.select_one('a[rel="next"]')
        older = page.select_one('a[rel="prev"]')
        assert (newer is None) == (index == 0)
        assert (older is None) == (index == len(anchors) - 1)
        if newer is not None:
            assert newer["href"].rstrip("/").endswith(anchors[index - 1])
        assert page.select_one('meta[property="og:title"]')["content"]
        assert page.select_one('meta[property="og:description"]')["content"]


def test_atom_feed_has_one_entry_per_update(seed_site):
    feed = ET.parse(seed_site / SEED_SLUG / "feed.atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 27
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 27
    assert ids[0].endswith(f"/{SEED_SLUG}/update-2024-12-07-1737/")
    site_feed = ET.parse(seed_site / "feeds" / "all.atom.xml").getroot()
    assert len(site_feed.findall(f"{ATOM}entry")) == 1  # live blogs, not updates


def test_json_ld_live_blog_posting(blog_page):
    (script,) = blog_page.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "LiveBlogPosting"
    assert len(data["liveBlogUpdate"]) == 27
    assert data["coverageStartTime"] == "2024-12-06"
    assert data["coverageEndTime"] == "2024-12-07T17:37:00+00:00"
    assert data["liveBlogUpdate"][0]["url"].endswith("#update-2024-12-07-1737")


def test_json_export_and_source_with_sha256(seed_site, blog_page):
    data = json.loads((seed_site / SEED_SLUG / f"{SEED_SLUG}.json").read_text())
    assert len(data["updates"]) == 27
    assert sum(len(u["embeds"]) for u in data["updates"]) == 4
    raw = SEED.read_bytes()
    assert (seed_site / SEED_SLUG / "source.txt").read_bytes() == raw
    shown = blog_page.select_one("#provenance .hash").get_text(strip=True)
    assert shown == hashlib.sha256(raw).hexdigest()


def test_archive_index_lists_live_blogs(seed_site):
    page = soup(seed_site / "index.html")
    (card,) = page.select(".blog-card")
    assert card.select_one("a")["href"].rstrip("/").endswith(SEED_SLUG)
    text = card.get_text(" ", strip=True)
    assert "27 updates" in text and "Rebels Liberate Aleppo and Hama" in text
    assert [t["datetime"] for t in card.select("time")] == ["2024-12-06", "2024-12-07"]


def test_no_request_to_another_host(seed_site):
    """Only plain links in embed cards and the provenance block may leave the site."""
    for path in seed_site.rglob("*.html"):
        page = soup(path)
        for element in page.select("[src], [href]"):
            url = element.get("src") or element.get("href")
            if not urlparse(url).netloc:
                continue
            allowed = element.name == "a" and element.find_parent(
                lambda tag: (
                    (tag.name == "figure" and "embed" in tag.get("class", []))
                    or tag.get("id") == "provenance"
                )
            )
            assert allowed, f"{path}: {element}"


def test_landmarks_and_skip_link(blog_page):
    assert blog_page.select_one("a.skip-link")["href"] == "#main"
    assert blog_page.select_one("main#main")
    assert blog_page.select_one("header") and blog_page.select_one("footer")
    assert blog_page.html["lang"] == "en"


def test_two_builds_are_byte_identical(seed_content, tmp_path):
    first = build_site(seed_content, tmp_path / "a")
    second = build_site(seed_content, tmp_path / "b")

    def listing(site: Path) -> list[str]:  # but the search bundle's order-unstable files
        return sorted(
            stable_files(
                {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
            )
        )

    files = listing(first)
    assert files == listing(second)
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


# ---------------------------------------------------------------------------- untrusted text

HOSTILE = """<script>alert('title')</script> Title

UPDATE 1200 GMT:

<script>alert(1)</script> and <img src=x onerror=alert(2)> and [click](javascript:alert(3))

<a href="javascript:alert(4)">link</a> &lt;b&gt; {filename}/etc/passwd

Post <iframe src="https://evil.example/"></iframe>

[image or embed]

— Evil" onclick="alert(5) (@evil"><script>x</script>.bsky.social) December 7, 2024 at 4:42 PM
"""


def test_hostile_text_is_shown_as_text(tmp_path):
    raw = tmp_path / "hostile.txt"
    raw.write_text(HOSTILE)
    content = tmp_path / "content"
    result = run_cli("convert", raw, "--date", "2024-12-07", "--out", content)
    assert result.returncode == 0, result.stderr
    site = build_site(content, tmp_path / "out")
    for path in site.rglob("*.html"):
        page = soup(path)
        scripts = page.select("script")
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in scripts), path
        assert not page.select("iframe, img, [onerror], [onclick]"), path
        for link in page.select("[href]"):
            assert not link["href"].strip().lower().startswith("javascript:"), path
    page = soup(site / "hostile" / "index.html")
    text = page.get_text(" ")
    assert "<script>alert(1)</script>" in text
    assert "[click](javascript:alert(3))" in text
    assert "&lt;b&gt;" in text
    assert page.select_one("h1").get_text(strip=True).startswith("<script>alert('title')")


def test_seed_content_converted_from_the_cli_builds(tmp_path):
    """Convert + build from scratch, as a user does after importing."""
    content = tmp_path / "content"
    convert_seed(content)
    site = build_site(content, tmp_path / "out")
    assert (site / SEED_SLUG / "update-2024-12-07-1121" / "index.html").is_file()


def test_heading_outline(blog_page, seed_site):
    """Day h2 > update time h3 > the entry's own subheadings h4; one h1 per page."""
    assert len(blog_page.select("h1")) == 1
    for article in updates_of(blog_page):
        heading = article.select_one("header h3.update-heading")
        assert heading and heading.select_one("time[datetime]"), article["id"]
    assert [h.get_text(strip=True) for h in blog_page.select(".update-body h4")] == [
        "Homs Liberated on Friday?"
    ]
    assert not blog_page.select(".update-body h1, .update-body h2, .update-body h3")
    # A permalink page is its live blog narrowed to one update: the same outline.
    page = soup(seed_site / SEED_SLUG / "update-2024-12-07-1737" / "index.html")
    outline = [(h.name, h.get_text(" ", strip=True)) for h in page.select("h1, h2, h3")]
    assert outline == [
        ("h1", page.select_one("h1").get_text(" ", strip=True)),
        ("h2", "Saturday 7 December 2024"),
        ("h3", "17:37 GMT"),
    ]
    assert outline[0][1].startswith("The Russia-Iran-Assad")
