"""The archive's index (generator/site/archive_index.py, series.py): live blogs by year and
month, publisher and series, with counts; previous/next links within a series; a front
page that stays light at 5,000 live blogs. Real builds, read with a real HTML parser."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import SEED_SLUG, build_site
from liveblog_archive.store.schema import RESERVED_SLUGS, read_entry

from bench.synth import write_tiny_archive

BLOGS = 5_000
# The budget (see archive_index.py): the front page at most 64 KB whatever the archive's
# size, a year's page at most 150 KB (a daily live blog: 366 a year), a publisher's or a
# series' page at most 64 KB.
FRONT_PAGE_BUDGET = 64_000
YEAR_PAGE_BUDGET = 150_000
SCOPE_PAGE_BUDGET = 64_000


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def target(site: Path, page: Path, href: str) -> Path:
    """The file a relative link of `page` leads to (the build uses relative links)."""
    url = urljoin("http://site/" + page.relative_to(site).as_posix(), urldefrag(href)[0])
    rel = url.removeprefix("http://site/")
    return site / rel / "index.html" if rel.endswith("/") or not rel else site / rel


def blog_links(site: Path, page: Path) -> list[str]:
    """The live blogs a list page links (the slugs), in order."""
    return [
        target(site, page, a["href"]).parent.name
        for a in soup(page).select("ol.archive-list a[href]")
    ]


# ---------------------------------------------------------------------------- the seed


def test_the_seed_front_page_counts_by_year_month_and_publisher(seed_site):
    index = seed_site / "index.html"
    nav = soup(index).select_one("#browse")
    years = nav.select(".archive-years > li")
    assert [y.select_one(".archive-year").get_text() for y in years] == ["2024"]
    assert years[0].select_one(".count").get_text() == "1 live blog"
    assert [a.get_text() for a in years[0].select(".archive-months a")] == ["December"]
    month = years[0].select_one(".archive-months a")
    assert target(seed_site, index, month["href"]) == seed_site / "archive/2024/index.html"
    assert month["href"].endswith("#month-2024-12")
    publishers = [
        (a.get_text(), a.find_next("span").get_text()) for a in nav.select(".archive-facets a")
    ]
    assert publishers == [("EA WorldView", "1")]
    year_page = seed_site / "archive/2024/index.html"
    assert soup(year_page).select_one("#month-2024-12")
    assert blog_links(seed_site, year_page) == [SEED_SLUG]
    publisher = seed_site / "publishers/ea-worldview/index.html"
    assert blog_links(seed_site, publisher) == [SEED_SLUG]
    assert blog_links(seed_site, seed_site / "publishers/ea-worldview/2024/index.html") == [
        SEED_SLUG
    ]
    assert not (seed_site / "series").exists()  # the seed is of no series
    assert soup(seed_site / SEED_SLUG / "index.html").select(".series-nav") == []


# ---------------------------------------------------------------------------- 5,000 live blogs


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, list[dict]]:
    """5,000 live blogs of one update, one a day from 1 January 2012 (to September 2025),
    three publishers, every third one in the series "Syria Daily"; built without the
    search index (its own tests are elsewhere)."""
    root = tmp_path_factory.mktemp("big")
    written = write_tiny_archive(root / "content", BLOGS)
    site = build_site(root / "content", root / "output", LIVEBLOG_SEARCH=False)
    return site, written


def test_the_front_page_stays_within_its_budget_at_5000_live_blogs(big):
    site, written = big
    index = site / "index.html"
    assert index.stat().st_size <= FRONT_PAGE_BUDGET, index.stat().st_size
    page = soup(index)
    assert len(page.select(".blog-card")) == 20  # the newest in full, no more
    years = page.select("#browse .archive-years > li")
    by_year = Counter(w["day"].year for w in written)
    by_month = Counter((w["day"].year, w["day"].month) for w in written)
    shown = {}
    for year in years:
        number = int(year.select_one(".archive-year").get_text())
        shown[number] = int(year.select_one(".count").get_text().split()[0])
        for month in year.select(".archive-months li"):
            name = month.select_one("a").get_text()
            index_of = [
                "January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December",
            ].index(name) + 1  # fmt: skip
            assert int(month.select_one(".count").get_text()) == by_month[(number, index_of)]
    assert shown == dict(by_year)
    assert sum(shown.values()) == BLOGS
    assert [int(y) for y in shown] == sorted(shown, reverse=True)  # newest year first
    facets = {
        a.get_text(): int(a.find_next("span").get_text()) for a in page.select(".archive-facets a")
    }
    counts = Counter(w["publisher"] for w in written) + Counter(
        w["series"] for w in written if w["series"]
    )
    assert facets == dict(counts)


def test_every_live_blog_is_two_links_from_the_front_page(big):
    site, written = big
    index = site / "index.html"
    listed: list[str] = []
    for link in soup(index).select("#browse .archive-year"):
        year_page = target(site, index, link["href"])
        assert year_page.stat().st_size <= YEAR_PAGE_BUDGET, year_page
        slugs = blog_links(site, year_page)
        days = [s.removeprefix("day-") for s in slugs]
        assert days == sorted(days, reverse=True)  # newest first
        listed += slugs
        for a in soup(year_page).select("ol.archive-list a[href]"):
            assert target(site, year_page, a["href"]).is_file()
    assert sorted(listed) == sorted(w["slug"] for w in written)  # each once


def test_publisher_and_series_pages_list_their_own_live_blogs(big):
    site, written = big
    for scope in ("publishers/the-daily-wire-service", "series/syria-daily"):
        overview = site / scope / "index.html"
        assert overview.stat().st_size <= SCOPE_PAGE_BUDGET, overview
        assert len(blog_links(site, overview)) == 20
        listed = []
        for link in soup(overview).select(".archive-year"):
            listed += blog_links(site, target(site, overview, link["href"]))
        key = "publisher" if scope.startswith("publishers") else "series"
        name = "The Daily Wire Service" if key == "publisher" else "Syria Daily"
        assert sorted(listed) == sorted(w["slug"] for w in written if w[key] == name)


def test_a_series_links_its_days_in_order(big):
    site, written = big
    members = [w["slug"] for w in written if w["series"]]
    assert len(members) > 1000
    # Walk the series from its first day to its last by the "Next" links, and back.
    for start, rel, order in ((members[0], "next", members), (members[-1], "prev", members[::-1])):
        page, seen = site / start / "index.html", []
        for _ in range(40):  # the first 40 steps each way: enough to show the order
            nav = soup(page).select_one("nav.series-nav")
            seen.append(page.parent.name)
            assert "Part of the series Syria Daily" in " ".join(nav.get_text().split())
            link = nav.select_one(f"a[rel={rel}]")
            page = target(site, page, link["href"])
        assert seen == order[:40]
    first = soup(site / members[0] / "index.html").select_one("nav.series-nav")
    assert first.select("a[rel=prev]") == [] and first.select("a[rel=next]")
    not_in_series = next(w["slug"] for w in written if not w["series"])
    assert soup(site / not_in_series / "index.html").select("nav.series-nav") == []


# ---------------------------------------------------------------------------- rebuilds


def build(content: Path, tmp_path: Path) -> Path:
    return build_site(
        content, tmp_path / "out", CACHE_PATH=str(tmp_path / "cache"), LIVEBLOG_SEARCH=False
    )


def mtimes(site: Path, slug: str) -> dict[str, int]:
    return {p.as_posix(): p.stat().st_mtime_ns for p in (site / slug).rglob("*") if p.is_file()}


def test_a_new_day_of_a_series_renders_the_day_before_it_again(tmp_path):
    content = tmp_path / "content"
    days = write_tiny_archive(content, 4, publishers=(), series=None)
    for day in days:  # the four days all in one series
        index = content / day["slug"] / "index.md"
        index.write_text(index.read_text().replace("Updates: 1\n", "Updates: 1\nSeries: Daily\n"))
    newest = days[-1]["slug"]
    held = tmp_path / "held"
    shutil.move(content / newest, held)
    site = build(content, tmp_path)
    before = {d["slug"]: mtimes(site, d["slug"]) for d in days[:-1]}
    third = soup(site / days[2]["slug"] / "index.html").select_one("nav.series-nav")
    assert third.select("a[rel=next]") == [] and third.select("a[rel=prev]")

    shutil.move(held, content / newest)  # the next day is published
    site = build(content, tmp_path)
    third = soup(site / days[2]["slug"] / "index.html").select_one("nav.series-nav")
    assert (
        target(site, site / days[2]["slug"] / "index.html", third.select_one("a[rel=next]")["href"])
        == site / newest / "index.html"
    )
    # The day before it was rendered again (its files did not change); the others were not:
    # their neighbours are the same.
    assert mtimes(site, days[2]["slug"]) != before[days[2]["slug"]]
    for day in days[:2]:
        assert mtimes(site, day["slug"]) == before[day["slug"]], day["slug"]


def test_pages_of_a_year_or_publisher_that_is_gone_are_removed(tmp_path):
    content = tmp_path / "content"
    days = write_tiny_archive(content, 3, first=__import__("datetime").date(2019, 12, 31))
    site = build(content, tmp_path)
    assert (site / "archive/2019/index.html").is_file()
    assert (site / "publishers/ea-worldview/2019/index.html").is_file()
    shutil.rmtree(content / days[0]["slug"])  # the only live blog of 2019, and of its publisher
    site = build(content, tmp_path)
    assert not (site / "archive/2019").exists()
    assert not (site / "publishers/ea-worldview").exists()
    assert (site / "archive/2020/index.html").is_file()
    assert sorted(os.listdir(site / "archive")) == ["2020"]


def test_a_live_blog_may_not_take_the_address_of_the_sites_own_pages(tmp_path):
    assert {"search", "archive", "publishers", "series", "pagefind"} <= set(RESERVED_SLUGS)
    text = "Title: T\nDate: 2024-01-01T00:00:00+00:00\nSlug: search\nLiveblog: search\n"
    text += "Template: liveblog\nUpdates: 0\n\nBody.\n"
    _, problems = read_entry(tmp_path / "index.md", text, "live blog")
    assert [p.line for p in problems] == [3, 4]
    assert all("the site's own pages" in p.message for p in problems)


def test_a_busy_year_is_listed_a_month_a_page(tmp_path):
    """A year of more live blogs than LIVEBLOG_YEAR_PAGE_BLOGS: its page links a page per
    month, each lists that month's live blogs once, the front page's months link those
    pages; when the year fits again, the month pages are removed."""
    content, out = tmp_path / "content", tmp_path / "out"
    written = write_tiny_archive(content, 60)  # January and February 2012
    site = build_site(content, out, LIVEBLOG_SEARCH=False, LIVEBLOG_YEAR_PAGE_BLOGS=40)
    year = site / "archive" / "2012" / "index.html"
    assert blog_links(site, year) == []  # no live blog on the year's page: its months
    months = [target(site, year, a["href"]) for a in soup(year).select(".archive-month-pages a")]
    assert months == [site / "archive/2012/02/index.html", site / "archive/2012/01/index.html"]
    listed = [blog_links(site, month) for month in months]
    assert [len(m) for m in listed] == [29, 31]
    assert sorted(slug for month in listed for slug in month) == sorted(w["slug"] for w in written)
    february = soup(months[0])
    assert february.select_one("h1").get_text() == "Live blogs of February 2012"
    assert target(site, months[0], february.select_one("a[rel=prev]")["href"]) == months[1]
    assert february.select_one('link[rel="canonical"]')["href"].endswith("/archive/2012/02/")
    front = [
        target(site, site / "index.html", a["href"])
        for a in soup(site / "index.html").select("#browse .archive-months a")
    ]
    assert front == months
    # A publisher's 20 live blogs of 2012 fit one page: listed there, no month pages.
    publisher = site / "publishers" / "ea-worldview" / "2012" / "index.html"
    assert len(blog_links(site, publisher)) == 20
    assert not (publisher.parent / "01").exists()
    from test_html_validator import validate  # the Nu checker on the year and a month page

    checked = tmp_path / "checked"
    for page in (year, months[0]):
        copy = checked / page.relative_to(site)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, copy)
    result = validate(checked)
    assert result.returncode == 0, result.stdout + result.stderr

    published = build_site(
        content,
        tmp_path / "published",
        LIVEBLOG_SEARCH=False,
        LIVEBLOG_YEAR_PAGE_BLOGS=40,
        SITEURL="https://example.org",
        RELATIVE_URLS=False,
    )
    sitemap = (published / "sitemap.xml").read_text()
    for month in ("01", "02"):
        assert f"<loc>https://example.org/archive/2012/{month}/</loc>" in sitemap

    build_site(content, out, LIVEBLOG_SEARCH=False)  # 60 fit one page again
    assert len(blog_links(site, year)) == 60
    assert not (site / "archive" / "2012" / "01").exists()
