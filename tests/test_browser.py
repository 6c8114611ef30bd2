"""The built seed site in a real browser: Debian's chromium driven by Playwright.

The site is served on loopback; every request the browser makes is recorded, so a request to
another host, a console error or a page that needs a sideways scroll on a phone fails a test.
Screenshots (phone and desktop, light and dark) and a print PDF go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ARTIFACTS, SEED_SLUG, require_tool, serve

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOG = f"/{SEED_SLUG}/"
CHRONO = f"/{SEED_SLUG}/chronological/"


@pytest.fixture(scope="module")
def site_url(seed_site: Path) -> Iterator[str]:
    """The built seed site, served on a free loopback port."""
    with serve(seed_site) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool(
        "chromium", "apt-get install chromium (Debian's; never `playwright install`)"
    )
    from playwright import sync_api  # a test dependency: never skipped when it is missing

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A browser page that records every request and every console error."""

    def __init__(self, browser, site_url: str, **context_options) -> None:
        self.context = browser.new_context(**context_options)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.site_url = site_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str) -> None:
        self.page.goto(self.site_url + path, wait_until="load")

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if urlparse(url).hostname != "127.0.0.1"]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site_url) -> Iterator[Visit]:
    opened = Visit(browser, site_url, viewport=DESKTOP)
    yield opened
    opened.close()


def update_ids(page) -> list[str]:
    return page.eval_on_selector_all("article.update[id]", "els => els.map(e => e.id)")


def top_of(page, anchor: str) -> float:
    return page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")


def test_following_an_anchor_shows_that_update_at_the_top(visit):
    visit.open(BLOG + "#update-2024-12-07-1121")
    page = visit.page
    page.wait_for_function(
        "Math.abs(document.getElementById('update-2024-12-07-1121')"
        ".getBoundingClientRect().top) < 40"
    )
    assert page.evaluate("window.scrollY") > 1000  # it is far down the page: we really scrolled
    assert 0 <= top_of(page, "update-2024-12-07-1121") < 40
    # the update above it is out of sight, and the one we asked for is the highlighted :target
    assert top_of(page, "update-2024-12-07-1128") < 0
    assert page.evaluate("document.querySelector(':target').id") == "update-2024-12-07-1121"


def test_the_same_anchor_works_in_the_chronological_view(visit):
    visit.open(CHRONO + "#update-2024-12-07-1121")
    visit.page.wait_for_function(
        "Math.abs(document.getElementById('update-2024-12-07-1121')"
        ".getBoundingClientRect().top) < 40"
    )
    assert visit.page.evaluate("document.querySelector(':target').id") == "update-2024-12-07-1121"


def test_view_switch_goes_both_ways(visit):
    page = visit.page
    visit.open(BLOG)
    newest = update_ids(page)
    assert newest[0] == "update-2024-12-07-1737" and newest[-1] == "original-entry"
    page.get_by_role("link", name="Oldest first").click()
    page.wait_for_url("**/chronological/")
    oldest = update_ids(page)
    assert oldest == list(reversed(newest))
    assert page.get_by_role("link", name="Oldest first").get_attribute("aria-current") == "page"
    page.get_by_role("link", name="Newest first").click()
    page.wait_for_url(f"**{BLOG}")
    assert update_ids(page) == newest


def test_day_navigation_jumps_to_the_day(visit):
    page = visit.page
    visit.open(BLOG)
    page.get_by_role("navigation", name="Days").get_by_role(
        "link", name="Friday 6 December"
    ).click()
    page.wait_for_function(
        "Math.abs(document.getElementById('day-2024-12-06').getBoundingClientRect().top) < 40"
    )
    assert page.url.endswith("#day-2024-12-06")


def test_no_request_leaves_localhost_and_no_console_errors(visit):
    for path in (
        "/",
        BLOG,
        CHRONO,
        f"/{SEED_SLUG}/update-2024-12-07-1737/",
        f"/{SEED_SLUG}/original-entry/",
        "/404.html",
    ):
        visit.open(path)
    assert len(visit.requests) >= 6
    assert visit.foreign_requests() == []
    assert visit.errors == []


def test_permalink_page_links_back_to_the_update(visit):
    page = visit.page
    visit.open(f"/{SEED_SLUG}/update-2024-12-07-1121/")
    assert page.locator("article.update").count() == 1
    page.get_by_role("link", name="See it in the live blog").click()
    page.wait_for_url(f"**{BLOG}#update-2024-12-07-1121")
    page.wait_for_function(
        "Math.abs(document.getElementById('update-2024-12-07-1121')"
        ".getBoundingClientRect().top) < 40"
    )


def test_copy_link_is_an_enhancement(browser, site_url):
    """With JavaScript a Copy link button appears; without it, nothing is missing."""
    with_js = Visit(browser, site_url, viewport=DESKTOP)
    without_js = Visit(browser, site_url, viewport=DESKTOP, java_script_enabled=False)
    try:
        with_js.open(BLOG)
        without_js.open(BLOG)
        assert with_js.page.locator("button.copy-link").count() == 27
        assert without_js.page.locator("button.copy-link").count() == 0
        assert update_ids(without_js.page) == update_ids(with_js.page)
        assert without_js.page.locator(".update-permalink").count() == 27
        without_js.page.get_by_role("link", name="Oldest first").click()
        without_js.page.wait_for_url("**/chronological/")
        assert update_ids(without_js.page)[0] == "original-entry"
    finally:
        with_js.close()
        without_js.close()


# Relative luminance and contrast ratio (WCAG 2.x), computed in the page on the colours the
# browser actually resolved; the background is the first opaque one up the tree.
CONTRAST_JS = """
(selectors) => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3));
      const bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      out.push([sel, Math.round(ratio * 100) / 100]);
    }
  }
  return out;
}
"""
TEXT_SELECTORS = [
    "body",
    ".kicker",
    ".liveblog-title",
    ".standfirst",
    ".liveblog-meta",
    ".lost-media figcaption",
    ".credit",
    ".day-heading",
    ".update-permalink",
    ".time-note",
    ".update-body p",
    ".embed",
    ".embed a",
    ".update-page-link",
    ".view-switch a",
    "footer",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(browser, site_url, scheme):
    visit = Visit(browser, site_url, viewport=DESKTOP, color_scheme=scheme)
    try:
        visit.open(BLOG)
        ratios = visit.page.evaluate(CONTRAST_JS, TEXT_SELECTORS)
    finally:
        visit.close()
    assert {sel for sel, _ in ratios} >= {"body", ".update-body p", ".embed"}
    too_low = sorted({(sel, r) for sel, r in ratios if r < 4.5})
    assert too_low == [], f"{scheme}: contrast below 4.5:1: {too_low}"


def test_dark_mode_is_dark(browser, site_url):
    visit = Visit(browser, site_url, viewport=DESKTOP, color_scheme="dark")
    try:
        visit.open(BLOG)
        background = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        visit.close()
    red, green, blue = (int(v) for v in background[background.index("(") + 1 : -1].split(",")[:3])
    assert max(red, green, blue) < 80, background


@pytest.mark.parametrize("path", ["/", BLOG, f"/{SEED_SLUG}/update-2024-12-07-1737/"])
def test_phone_pages_need_no_sideways_scroll(browser, site_url, path):
    visit = Visit(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        visit.open(path)
        overflow = visit.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        body_size = visit.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    finally:
        visit.close()
    assert overflow <= 0
    assert body_size >= 16


def test_print_shows_the_updates_and_hides_the_controls(browser, site_url):
    visit = Visit(browser, site_url, viewport=DESKTOP)
    try:
        visit.open(BLOG)
        page = visit.page
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """sels => sels.map(sel => [...document.querySelectorAll(sel)]
                 .map(el => getComputedStyle(el).display === 'none'))""",
            [".view-switch", ".day-nav", ".skip-link", "button.copy-link"],
        )
        shown = page.locator("article.update").evaluate_all(
            "els => els.filter(el => getComputedStyle(el).display !== 'none').length"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        pdf = page.pdf(path=str(ARTIFACTS / "liveblog-print.pdf"), format="A4")
    finally:
        visit.close()
    # Each control is on the page (the copy buttons, one per update) and none is printed.
    assert [len(found) for found in hidden] == [1, 1, 1, 27]
    assert all(all(found) for found in hidden), hidden
    assert shown == 27
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


SCREENSHOTS = [
    ("index", "/"),
    ("liveblog", BLOG),
    ("chronological", CHRONO),
    ("permalink", f"/{SEED_SLUG}/update-2024-12-07-1737/"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_screenshots(browser, site_url, device, scheme):
    """Screenshots to look at (test-artifacts/); the test checks that each one was taken."""
    viewport = PHONE if device == "phone" else DESKTOP
    visit = Visit(browser, site_url, viewport=viewport, color_scheme=scheme)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for name, path in SCREENSHOTS:
            visit.open(path)
            target = ARTIFACTS / f"{name}-{device}-{scheme}.png"
            visit.page.screenshot(path=str(target), full_page=(name != "liveblog"))
            assert target.stat().st_size > 10_000, target
    finally:
        visit.close()
    assert visit.errors == []
