"""Search in a real browser (Debian's chromium through Playwright): the seed archive served
on loopback, searched through the header's box and Pagefind's UI, with and without
JavaScript. Every request is recorded: none may leave 127.0.0.1."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from conftest import SEED_SLUG, build_site, serve
from test_browser import CONTRAST_JS, DESKTOP, PHONE, Visit, browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

WORD = "Erbin"  # in one update of the seed only (checked below)
UPDATE = f"/{SEED_SLUG}/update-2024-12-07-1737/"


@pytest.fixture(scope="module", params=["one shard", "shards"])
def site_url(request, seed_site, seed_content, tmp_path_factory):
    """The seed site, served on loopback: as built (one shard: 27 updates), and with
    shards of at most 5 pages (a shard for each of its two days, merged in the browser)."""
    site = seed_site
    if request.param == "shards":
        site = build_site(
            seed_content, tmp_path_factory.mktemp("sharded"), LIVEBLOG_SEARCH_SHARD_PAGES=5
        )
        # A day is never split between shards: the seed's two days are two shards.
        assert len(list((site / "pagefind").glob("shard-*"))) == 2
    with serve(site) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


def test_the_word_is_in_one_update_only(seed_content):
    bodies = {
        p.stem: p.read_text("utf-8").split("\n\n", 1)[1]
        for p in (seed_content / SEED_SLUG / "updates").glob("*.md")
    }
    holding = [a for a, body in bodies.items() if re.search(rf"\b{WORD}\b", body, re.I)]
    assert holding == ["update-2024-12-07-1737"]


class SearchVisit(Visit):
    """A visit whose console errors say where they came from. The site has no favicon, and
    chromium asks for /favicon.ico after some navigations (a form sent, a link followed):
    that 404 is the only error let through."""

    def __init__(self, browser, site_url: str, **options) -> None:  # noqa: F811
        super().__init__(browser, site_url, **options)
        self.located: list[tuple[str, str]] = []
        self.page.on(
            "console",
            lambda m: (
                self.located.append((m.text, m.location.get("url", "")))
                if m.type == "error"
                else None
            ),
        )

    def real_errors(self) -> list[str]:
        """Uncaught exceptions and console errors, but the favicon's 404."""
        console = [text for text, _ in self.located]
        uncaught = [e for e in self.errors if e not in console]
        return uncaught + [text for text, url in self.located if not url.endswith("/favicon.ico")]


def results(page) -> list:
    page.wait_for_selector(".pagefind-ui__result-link")
    return page.locator(".pagefind-ui__result")


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_header_box_finds_the_update_and_opens_it_with_its_date_in_view(
    browser,  # noqa: F811
    site_url,
    viewport,
):
    visit = SearchVisit(browser, site_url, viewport=viewport)
    try:
        page = visit.page
        visit.open(f"/{SEED_SLUG}/")
        box = page.get_by_role("searchbox", name="Search the archive")
        box.fill(WORD)
        box.press("Enter")
        page.wait_for_url(f"**/search/?q={WORD}")
        found = results(page)
        assert found.count() == 1
        first = found.first
        assert WORD in first.locator(".pagefind-ui__result-excerpt").inner_text()
        tags = first.locator(".pagefind-ui__result-tag").all_inner_texts()
        assert "Date: Saturday 7 December 2024, 17:37 GMT" in tags
        assert any(t.startswith("Live blog: The Russia-Iran-Assad") for t in tags)
        first.locator(".pagefind-ui__result-link").click()
        page.wait_for_url(f"**{UPDATE}")
        # The update's date and time are on screen as the page opens, above its text.
        assert page.locator(".day-heading time").get_attribute("datetime") == "2024-12-07"
        assert in_view(page, ".day-heading time")
        assert in_view(page, "article.update .update-heading time")
        shown = page.locator("article.update .update-heading time").inner_text().strip()
        assert shown == "Sat 7 Dec 2024, 17:37 GMT"
        assert WORD in page.locator("article.update").inner_text()
    finally:
        visit.close()
    assert visit.foreign_requests() == []
    assert visit.real_errors() == []


def result_moments(page) -> list[datetime]:
    # Pagefind's UI fills each result in as its data arrives: wait for all of them.
    page.wait_for_function(
        "document.querySelectorAll('.pagefind-ui__result-tags').length"
        " === document.querySelectorAll('.pagefind-ui__result').length"
    )
    moments = []
    for tags in page.locator(".pagefind-ui__result-tags").all():
        date = next(t for t in tags.all_inner_texts()[0].split("\n") if t.startswith("Date: "))
        text = date.removeprefix("Date: ").removesuffix(" GMT")
        form = "%A %d %B %Y, %H:%M" if "," in text else "%A %d %B %Y"
        moments.append(datetime.strptime(text, form))
    return moments


def test_results_sorted_by_date_both_ways_and_filtered_by_year(visit):
    page = visit.page
    visit.open("/search/?q=regime&sort=newest")
    assert results(page).count() >= 3
    more = page.locator(".pagefind-ui__button")  # "Load more results": all of them
    while more.count():
        more.first.click()
        page.wait_for_timeout(200)
    newest = result_moments(page)
    assert len(newest) >= 10 and newest == sorted(newest, reverse=True)
    assert newest[0].day == 7 and newest[-1].day == 6  # across both days (and shards)
    assert page.get_by_label("Order of results").input_value() == "newest"
    page.get_by_label("Order of results").select_option("oldest")
    page.wait_for_url("**/search/?q=regime&sort=oldest")
    results(page)
    more = page.locator(".pagefind-ui__button")
    while more.count():
        more.first.click()
        page.wait_for_timeout(200)
    oldest = result_moments(page)
    assert oldest == sorted(oldest) == newest[::-1]
    # The filters: live blog, publisher, year, each with its count.
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert {"Live blog", "Publisher", "Year"} <= {f.strip() for f in filters}
    assert visit.foreign_requests() == []
    assert visit.real_errors() == []


def test_without_javascript_the_box_leads_to_the_archive_index(browser, site_url):  # noqa: F811
    visit = SearchVisit(browser, site_url, viewport=DESKTOP, java_script_enabled=False)
    try:
        page = visit.page
        visit.open(UPDATE)
        box = page.get_by_role("searchbox", name="Search the archive")
        box.fill(WORD)
        box.press("Enter")
        page.wait_for_url(f"**/search/?q={WORD}")
        fallback = page.locator("#search-fallback")
        assert fallback.is_visible()
        assert "needs JavaScript" in fallback.inner_text()
        assert not page.locator("#search-controls").is_visible()
        fallback.get_by_role("link", name="the archive index").click()
        page.wait_for_url("**/#browse")
        assert page.get_by_role("link", name=re.compile("Axis of the Vulnerable")).count() >= 1
    finally:
        visit.close()
    assert visit.foreign_requests() == []
    assert visit.real_errors() == []


SEARCH_TEXT = [
    ".site-search input",
    ".site-search button",
    ".search-controls label",
    ".search-controls select",
    ".pagefind-ui__search-input",
    ".pagefind-ui__search-clear",
    ".pagefind-ui__filter-name",
    ".pagefind-ui__message",
    ".pagefind-ui__result-link",
    ".pagefind-ui__result-excerpt",
    ".pagefind-ui__result-tag",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_text_meets_wcag_aa_contrast(browser, site_url, scheme):  # noqa: F811
    visit = SearchVisit(browser, site_url, viewport=DESKTOP, color_scheme=scheme)
    try:
        visit.open(f"/search/?q={WORD}")
        results(visit.page)
        ratios = visit.page.evaluate(CONTRAST_JS, SEARCH_TEXT)
    finally:
        visit.close()
    assert {sel for sel, _ in ratios} == set(SEARCH_TEXT)  # each is on the page
    too_low = sorted({(sel, r) for sel, r in ratios if r < 4.5})
    assert too_low == [], f"{scheme}: contrast below 4.5:1: {too_low}"


@pytest.fixture
def visit(browser, site_url):  # noqa: F811
    opened = SearchVisit(browser, site_url, viewport=DESKTOP)
    yield opened
    opened.close()
