"""The built seed site, read with a real HTML parser: anchors, order, cards, feeds, data."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import SEED, SEED_SLUG, build_site, convert_seed, run_cli, stable_files

ATOM = "{http://www.w3.org/2005/Atom}"
TAG_URI = re.compile(r"tag:[a-z0-9.-]+,\d{4}-\d\d-\d\d:[\w/-]+")


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
    # the date and the time: a link to #update-… lands on both
    assert first.select_one("time").get_text(" ", strip=True) == "Sat 7 Dec 2024, 17:37 GMT"
    opener = blog_page.select_one("#update-2024-12-07 time")
    assert opener["datetime"] == "2024-12-07" and opener.get_text(strip=True) == "Sat 7 Dec 2024"
    assert "time not given" in blog_page.select_one("#update-2024-12-07 header").get_text()


def test_day_separators_and_day_navigation(blog_page):
    days = [h["id"] for h in blog_page.select("section.day")]
    assert days == ["day-2024-12-07", "day-2024-12-06"]
    for section in blog_page.select("section.day"):
        heading = section.select_one(".day-bar h2.day-heading")
        assert section["aria-labelledby"] == heading["id"] == section["id"] + "-heading"
    nav = [a["href"] for a in blog_page.select("nav.time-nav a.time-nav-day")]
    assert nav == ["#day-2024-12-07", "#day-2024-12-06"]
    # every day's bar has a way back up
    assert [a["href"] for a in blog_page.select(".day-bar a.to-top")] == ["#top", "#top"]
    assert blog_page.body["id"] == "top"


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
    # The copy gave the author's handle, not the post's address: the card links to the
    # profile and says so; it never offers the profile as "the original".
    profile = first.select_one("a.embed-profile")
    assert profile["href"] == "https://bsky.app/profile/qusaynoor.bsky.social"
    assert profile.get_text() == "Qusay Noor’s profile on Bluesky"
    assert "address was not recorded" in first.select_one(".embed-footer").get_text()
    assert not blog_page.select("a.embed-post, a.embed-wayback")
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
        # one description (link previews read it when og:description is absent)
        assert page.select_one('meta[name="description"]')["content"]
        assert page.select_one('meta[property="og:description"]') is None


def test_atom_feed_has_one_entry_per_update(seed_site):
    feed = ET.parse(seed_site / SEED_SLUG / "feed.atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 27
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 27
    # tag URIs (RFC 4151) in a local build too: the authority, the day it was archived
    assert ids[0] == f"tag:localhost,2026-11-24:{SEED_SLUG}/update-2024-12-07-1737"
    assert feed.findtext(f"{ATOM}id") == f"tag:localhost,2026-11-24:{SEED_SLUG}"
    site_feed = ET.parse(seed_site / "feeds" / "all.atom.xml").getroot()
    (entry,) = site_feed.findall(f"{ATOM}entry")  # live blogs, not updates
    assert entry.findtext(f"{ATOM}id") == feed.findtext(f"{ATOM}id")
    for document in (feed, site_feed):
        for node in document.iter(f"{ATOM}id"):
            assert TAG_URI.fullmatch(node.text), node.text


INTERFACE_TEXT = ("Bluesky post", "Look for", "profile on Bluesky", "was lost", "not preserved")


def test_json_ld_live_blog_posting(blog_page):
    """Built as the BBC builds it: each update url#anchor, own headline, full plain text."""
    (script,) = blog_page.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "LiveBlogPosting"
    assert data["@id"] == data["url"]
    updates = data["liveBlogUpdate"]
    assert len(updates) == 27
    # full timestamps with offsets; the oldest update printed no time: the start of its day
    assert data["coverageStartTime"] == "2024-12-06T00:00:00+00:00"
    assert data["coverageEndTime"] == "2024-12-07T17:37:00+00:00"
    assert data["dateModified"] == data["coverageEndTime"]
    anchors = [a["id"] for a in updates_of(blog_page)]
    for update, anchor in zip(updates, anchors, strict=True):
        assert update["@id"] == update["url"] == f"{data['url']}#{anchor}"
        assert update["headline"] and update["articleBody"]
        assert not any(text in update["articleBody"] for text in INTERFACE_TEXT), anchor
    assert len({u["headline"] for u in updates}) == 27
    assert updates[0]["datePublished"] == "2024-12-07T17:37:00+00:00"
    assert updates[-1]["datePublished"] == "2024-12-06"  # no time printed: none invented
    # the quoted post is part of the update's text; its card's labels are not
    assert "tearing up pictures of Bashar al-Assad" in updates[0]["articleBody"]
    opener = next(u for u in updates if u["url"].endswith("#original-entry"))
    assert "Homs Liberated on Friday?" in opener["articleBody"]
    assert "Water Wheels of Hama" in opener["articleBody"]


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
    """Only plain links (`<a>`) may lead to another site, each a Robust Link."""
    for path in seed_site.rglob("*.html"):
        page = soup(path)
        for element in page.select("[src], [href]"):
            url = element.get("src") or element.get("href")
            if not urlparse(url).netloc or element.get("rel") == ["schema.DC"]:
                continue  # schema.DC names Dublin Core's vocabulary: it is never fetched
            assert element.name == "a", f"{path}: {element}"
            assert element["data-originalurl"], f"{path}: {element}"


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
    assert outline[:3] == [
        ("h1", page.select_one("h1").get_text(" ", strip=True)),
        ("h2", "Saturday 7 December 2024"),
        ("h3", "Sat 7 Dec 2024, 17:37 GMT"),
    ]
    assert outline[3:] == [
        ("h2", "Cite this update"),
        ("h3", "As text"),
        ("h3", "For Wikipedia"),
        ("h3", "BibTeX"),
    ]
    assert page.select_one(".provenance-link a")["href"].endswith("/#provenance")
    assert outline[0][1].startswith("The Russia-Iran-Assad")


def test_outbound_links_in_entries_and_cards_are_robust_links():
    """A link an editor wrote and a card with the post's address carry the update's moment."""
    from datetime import datetime, timedelta, timezone

    from liveblog_archive.site.reader import entry_markdown

    md = entry_markdown()
    md.reset()
    london = timezone(timedelta(hours=1))
    md.liveblog_version = (datetime(2011, 6, 20, 14, 5, tzinfo=london), True)
    html = md.convert(
        "See [the statement](https://example.org/s?a=1&b=2).\n\n"
        "::: embed\nplatform: bluesky\nauthor: A\nhandle: a.bsky.social\n"
        "url: https://bsky.app/profile/a.bsky.social/post/3k\n"
        "profile: https://bsky.app/profile/a.bsky.social\n\nThe post.\n:::\n"
    )
    page = BeautifulSoup(html, "html.parser")
    links = page.select("a")
    assert [a["class"][0] if a.get("class") else "entry" for a in links] == [
        "entry",
        "embed-post",
        "embed-wayback",
        "embed-profile",
    ]
    for link in links:
        original = link["data-originalurl"]
        assert link["data-versiondate"] == "2011-06-20T14:05:00+01:00"
        # the Wayback Machine's timestamps are UTC: 14:05 in London in June is 13:05
        assert link["data-versionurl"] == f"https://web.archive.org/web/20110620130500/{original}"
        assert "external" in link["rel"]
    assert links[0]["href"] == links[0]["data-originalurl"] == "https://example.org/s?a=1&b=2"
    assert links[1]["href"] == "https://bsky.app/profile/a.bsky.social/post/3k"
    assert links[2]["href"] == links[2]["data-versionurl"]
    assert links[3].get_text() == "A’s profile on Bluesky"
    md.reset()
    md.liveblog_version = (datetime(2011, 6, 20, tzinfo=london), False)  # no time printed
    page = BeautifulSoup(md.convert("[x](https://example.org/)"), "html.parser")
    assert page.a["data-versiondate"] == "2011-06-20"
    assert page.a["data-versionurl"] == "https://web.archive.org/web/20110620/https://example.org/"
