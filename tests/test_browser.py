"""The built seed site in a real browser: Debian's chromium driven by Playwright.

The site is served on loopback; every request the browser makes is recorded, so a request to
another host, a console error or a page that needs a sideways scroll on a phone fails a test.
Screenshots (phone and desktop, light and dark) and a print PDF go to test-artifacts/.
"""

from __future__ import annotations

import time
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
def site_url(committed_site: Path) -> Iterator[str]:
    """The archive as committed (the seed and its key events), served on a loopback port."""
    with serve(committed_site) as server:
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


def wait_until(page, expression: str, timeout: float = 5.0) -> None:
    """Poll `expression` until it is true. (Playwright's wait_for_function evaluates its
    string in the page with eval, which the pages' Content-Security-Policy forbids.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def update_in_view(page, anchor: str) -> dict:
    """Where an update's time is, whether it is visible (not under the sticky day bar) and
    which day the bar stuck at the top of the window shows."""
    return page.evaluate(
        """anchor => {
          const time = document.querySelector(`#${anchor} .update-heading time`);
          const box = time.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + 2, box.top + box.height / 2);
          const bars = [...document.querySelectorAll('.day-bar')]
            .filter(bar => Math.abs(bar.getBoundingClientRect().top) < 2);
          return {
            top: box.top, bottom: box.bottom, height: innerHeight,
            visible: !!hit && time.contains(hit),
            text: time.textContent.trim(), datetime: time.getAttribute('datetime'),
            stuck: bars.map(bar => bar.querySelector('time').getAttribute('datetime')),
          };
        }""",
        anchor,
    )


def settled_on(page, anchor: str) -> dict:
    """Wait for a jump to `anchor` (smooth scrolling) to end there, and say what is shown."""
    wait_until(
        page,
        f"(() => {{ const r = document.getElementById('{anchor}').getBoundingClientRect();"
        " return r.top >= 0 && r.top < 120; })()",
    )
    return update_in_view(page, anchor)


def update_ids(page) -> list[str]:
    return page.eval_on_selector_all("article.update[id]", "els => els.map(e => e.id)")


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("path", [BLOG, CHRONO])
def test_following_an_anchor_shows_that_updates_date_and_time(browser, site_url, path, device):
    """A link to #update-… lands on its date and time, in view (not under the sticky day
    bar), and the day bar stuck at the top of the window is that update's day."""
    options = {"viewport": PHONE, "is_mobile": True} if device == "phone" else {}
    visit = Visit(browser, site_url, **({"viewport": DESKTOP} | options))
    try:
        visit.open(path + "#update-2024-12-06-1446")
        page = visit.page
        shown = settled_on(page, "update-2024-12-06-1446")
        assert page.evaluate("window.scrollY") > 1000  # far down the page: we really scrolled
        assert shown["visible"], shown
        assert shown["top"] > 0 and shown["bottom"] < shown["height"]
        assert shown["text"] == "Fri 6 Dec 2024, 14:46 GMT"
        assert shown["stuck"] == ["2024-12-06"] == [shown["datetime"][:10]]
        assert page.evaluate("document.querySelector(':target').id") == "update-2024-12-06-1446"
        # scrolling on into the other day: the sticky heading follows
        other = "update-2024-12-07-1121" if path == CHRONO else "update-2024-12-06-0948"
        page.evaluate(f"document.getElementById('{other}').scrollIntoView()")
        wait_until(
            page, f"Math.abs(document.getElementById('{other}').getBoundingClientRect().top) < 60"
        )
        assert update_in_view(page, other)["stuck"] == [
            update_in_view(page, other)["datetime"][:10]
        ]
    finally:
        visit.close()


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
    page.get_by_role("navigation", name="Jump to a day or time").get_by_role(
        "link", name="Friday 6 December"
    ).click()
    wait_until(
        page, "Math.abs(document.getElementById('day-2024-12-06').getBoundingClientRect().top) < 40"
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
    assert settled_on(page, "update-2024-12-07-1121")["visible"]


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
    ".archive-band",
    ".archive-band a",
    ".archive-badge",
    ".update-day",
    ".update-clock",
    ".key-badge",
    ".key-events-list time",
    ".key-event-title",
    ".time-nav-hours a",
    ".time-nav .count",
    ".to-top",
    ".embed-footer a",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(browser, site_url, scheme):
    visit = Visit(browser, site_url, viewport=DESKTOP, color_scheme=scheme)
    try:
        visit.open(BLOG)
        ratios = visit.page.evaluate(CONTRAST_JS, TEXT_SELECTORS)
    finally:
        visit.close()
    assert {sel for sel, _ in ratios} >= {
        "body",
        ".update-body p",
        ".embed",
        ".archive-band",
        ".key-badge",
        ".time-nav-hours a",
        ".update-clock",
    }
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
            [".view-switch", ".rail", ".skip-link", "button.copy-link"],
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
    ("about", "/about/"),
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


# ---------------------------------------------------------------------------- issue 11


def test_key_events_box_links_land_on_their_updates(browser, site_url):
    visit = Visit(browser, site_url, viewport=PHONE, is_mobile=True)
    try:
        page = visit.page
        visit.open(BLOG)
        box = page.get_by_role("navigation", name="Key events")
        links = box.get_by_role("link")
        assert links.count() == 7
        for index in (0, 3, 6):
            visit.open(BLOG)
            link = links.nth(index)
            anchor = link.get_attribute("href")[1:]
            link.click()
            shown = settled_on(page, anchor)
            assert shown["visible"] and shown["stuck"] == [shown["datetime"][:10]], shown
            assert page.locator(f"#{anchor} .key-badge").is_visible()
    finally:
        visit.close()


@pytest.mark.parametrize("path", [BLOG, CHRONO])
def test_jump_to_a_time_works_without_javascript(browser, site_url, path):
    visit = Visit(browser, site_url, viewport=DESKTOP, java_script_enabled=False)
    try:
        page = visit.page
        visit.open(path)
        # no script ran: no button of its own (the search box is a form with a submit button)
        assert page.locator("button[type=button]").count() == 0
        day = page.locator(".time-nav-days > li").filter(has_text="Friday 6 December")
        day.get_by_role("link", name="14:00", exact=True).click()
        # the first 14 o'clock update down the page: 14:46 newest first, 14:26 oldest first
        anchor = "update-2024-12-06-1446" if path == BLOG else "update-2024-12-06-1426"
        page.wait_for_url(f"**#{anchor}")
        shown = settled_on(page, anchor)
        assert shown["visible"] and shown["stuck"] == ["2024-12-06"], shown
    finally:
        visit.close()


def test_back_to_top_from_deep_in_the_page(visit):
    page = visit.page
    visit.open(BLOG + "#update-2024-12-06-0948")
    settled_on(page, "update-2024-12-06-0948")
    bar = page.locator("#day-2024-12-06 .day-bar")
    bar.get_by_role("link", name="Back to top").click()
    wait_until(page, "window.scrollY < 5")
    assert page.locator(".site-name").is_visible()


def test_the_side_rail_uses_the_width_of_a_desktop(browser, site_url):
    """From about 1200 px the key events and the day and time links sit beside the
    updates and stay in view; on a phone they come before the updates."""
    wide = Visit(browser, site_url, viewport={"width": 1440, "height": 900})
    phone = Visit(browser, site_url, viewport=PHONE, is_mobile=True)
    try:
        boxes = {}
        for name, visit in (("wide", wide), ("phone", phone)):
            visit.open(BLOG)
            visit.page.evaluate("window.scrollTo(0, 4000)")
            wait_until(visit.page, "window.scrollY > 3000")
            boxes[name] = visit.page.evaluate(
                """() => {
                  const r = document.querySelector('.rail').getBoundingClientRect();
                  const u = document.querySelector('.updates').getBoundingClientRect();
                  return {rail: [r.left, r.right, r.top, r.bottom], updates: [u.left, u.top]};
                }"""
            )
        wide_rail, wide_updates = boxes["wide"]["rail"], boxes["wide"]["updates"]
        assert wide_rail[1] < wide_updates[0]  # beside the updates, on the left
        assert 0 <= wide_rail[2] < 100  # scrolled 4000 px down, still in view
        phone_rail, phone_updates = boxes["phone"]["rail"], boxes["phone"]["updates"]
        assert phone_rail[3] <= phone_updates[1]  # above the updates
        assert phone_rail[3] < 0  # and scrolled away with the page
    finally:
        wide.close()
        phone.close()


def test_the_copy_button_copies_each_citation(browser, site_url):
    visit = Visit(browser, site_url, viewport=DESKTOP)
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page = visit.page
        visit.open(f"/{SEED_SLUG}/update-2024-12-07-1335/")
        for value_id, label in (
            ("cite-plain", "Copy the citation"),
            ("cite-wikipedia", "Copy the Wikipedia citation"),
            ("cite-bibtex", "Copy the BibTeX entry"),
        ):
            page.get_by_role("button", name=label).click()
            wait_until(page, "[...document.querySelectorAll('.copy-citation')]"
                             ".some(b => b.textContent === 'Copied')")  # fmt: skip
            copied = page.evaluate("navigator.clipboard.readText()")
            expected = page.locator(f"#{value_id}").text_content().strip()
            assert copied == expected
            assert len(copied) > 100
        assert copied.startswith("@misc{eaworldview-update-2024-12-07-1335,")
    finally:
        visit.close()
    assert visit.errors == []


# Records every Content-Security-Policy violation (run by the browser before the page's own
# scripts, through the DevTools protocol: the policy does not apply to it).
CSP_LISTENER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
ALL_PAGES = [
    "/",
    "/about/",
    BLOG,
    CHRONO,
    f"/{SEED_SLUG}/update-2024-12-07-1737/",
    f"/{SEED_SLUG}/original-entry/",
    "/404.html",
    "/archive/2024/",
    "/publishers/ea-worldview/",
    "/search/?q=Erbin",  # Pagefind's UI, its WebAssembly and its index, run
]


def test_no_page_breaks_under_its_content_security_policy(browser, site_url):
    visit = Visit(browser, site_url, viewport=DESKTOP)
    visit.context.add_init_script(CSP_LISTENER)
    try:
        page = visit.page
        for path in ALL_PAGES:
            visit.open(path)
            if path.startswith("/search/"):  # the query ran: its results are shown
                page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
            assert page.evaluate("window.__violations") == [], path
            assert page.evaluate(
                "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]') !== null"
            ), path
            # the stylesheet applied and (where there is one) the script ran
            assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px", path
        visit.open(f"/{SEED_SLUG}/update-2024-12-07-1737/")
        assert page.locator("button.copy-citation").count() == 3
        # The policy is enforced: a load from another origin is refused and reported.
        page.evaluate(
            "() => { const i = new Image(); i.src = 'http://127.0.0.2:9/x.png';"
            " document.body.append(i); }"
        )
        wait_until(page, "window.__violations.length > 0")
        assert page.evaluate("window.__violations")[0].startswith("img-src")
    finally:
        visit.close()
    csp_errors = [e for e in visit.errors if "Content Security Policy" in e]
    assert len(csp_errors) == 1 and "127.0.0.2" in csp_errors[0]  # only the one we caused
