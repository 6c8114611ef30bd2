"""A long live blog is split into pages (generator/site/shard.py `paginate`): both views,
within the budget, every update once and in order, every link and old #anchor still
finding its update, and anchors and permalinks as they were before the split."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, require_tool, serve
from liveblog_archive.site.jsonld import serialise
from liveblog_archive.site.shard import json_bytes, pages_near

from bench.synth import ArchiveSpec, write_archive

SPEC = ArchiveSpec(blogs=1, updates=2000)
SLUG = SPEC.slug(0)
BUDGET = 200


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("long") / "content"
    write_archive(SPEC, folder)
    return folder


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
    return build_site(content, tmp_path_factory.mktemp("long-out"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def view_pages(site: Path, base: str) -> list[Path]:
    pages = [site / base / "index.html"]
    number = 2
    while (site / base / "page" / str(number) / "index.html").exists():
        pages.append(site / base / "page" / str(number) / "index.html")
        number += 1
    return pages


def anchors_of(page: Path) -> list[str]:
    return [a["id"] for a in soup(page).select("article.update")]


@pytest.mark.parametrize("base", [SLUG, f"{SLUG}/chronological"])
def test_each_view_is_split_within_the_budget_every_update_once(site, content, base):
    pages = view_pages(site, base)
    assert len(pages) >= SPEC.updates // BUDGET
    shown = [anchor for page in pages for anchor in anchors_of(page)]
    updates = sorted(p.stem for p in (content / SLUG / "updates").glob("*.md"))
    assert sorted(shown) == updates and len(shown) == len(set(shown))
    for page in pages:
        assert 0 < len(anchors_of(page)) <= BUDGET
        assert page.stat().st_size <= 300_000, page  # the budget: the whole page
    # newest first in the one view, oldest first in the other, across the pages
    dates = [
        a.select_one(".update-header time")["datetime"][:10]
        for p in pages
        for a in soup(p).select("article.update")
    ]
    assert dates == sorted(dates, reverse=not base.endswith("chronological"))


def test_the_pages_link_each_other(site):
    pages = view_pages(site, SLUG)
    for number, page in enumerate(pages, start=1):
        html = soup(page)
        navs = html.select("nav.pagination")
        assert len(navs) == 2 and navs[0]["aria-label"] != navs[1]["aria-label"]
        here = navs[0].select_one('[aria-current="page"]').get_text()
        assert here == str(number)
        listed = [
            int(li.get_text().split(" ")[0]) for li in navs[0].select("li:not([aria-hidden])")
        ]
        assert listed == [n for n in pages_near(number, len(pages)) if n is not None]
        assert len(navs[0].select("a")) == len(listed) - 1
        if number > 1:
            assert navs[0].select_one('a[rel="prev"]')
        if number < len(pages):
            assert navs[0].select_one('a[rel="next"]')


def test_a_pages_address_is_counted_once_for_every_entry():
    # paginate counts each entry's JSON-LD without the page's address, and the address's
    # size apart: a string's size in JSON must be the sum of its parts' sizes.
    for head, tail in [
        ("https://example.org/live/page/12/", "#update-2024-12-07-1737"),
        ('<&>"\\é𝄞\u2028', "\n\t</script>"),
    ]:
        whole = len(serialise({"url": head + tail}).encode())
        assert whole == len(serialise({"url": tail}).encode()) + json_bytes(head)


def test_pages_near_lists_few_pages_and_reaches_every_page_in_few_steps():
    assert pages_near(3, 15) == list(range(1, 16))  # few pages: all of them
    assert pages_near(1, 400) == [1, 2, 3, None, 5, None, 9, None, 17, None, 33, None, 65,
                                  None, 129, None, 257, None, 400]  # fmt: skip
    for count in (16, 100, 400, 1000):
        steps = {1: 0}
        todo = [1]
        while todo:  # every page, from the first, following the lists
            here = todo.pop(0)
            for n in pages_near(here, count):
                if n is not None and n not in steps:
                    steps[n] = steps[here] + 1
                    todo.append(n)
        assert sorted(steps) == list(range(1, count + 1))
        assert max(steps.values()) <= 2 * count.bit_length()
        assert max(len(pages_near(n, count)) for n in range(1, count + 1)) <= 4 * count.bit_length()


def test_a_view_of_many_pages_and_days_keeps_each_page_small(content, tmp_path):
    # 400 pages a view, and a rail of at most 10 days: the lists on a page do not grow
    # with the live blog (all 200 pages and 500 days on each page was 145 KB a page).
    site = build_site(content, tmp_path / "many", LIVEBLOG_PAGE_UPDATES=5, LIVEBLOG_RAIL_DAYS=10)
    pages = view_pages(site, SLUG)
    assert len(pages) == SPEC.updates // 5
    days = soup(pages[0]).select(".time-nav-days > li")
    assert soup(pages[0]).select_one(".time-nav-note")
    shown = {a["datetime"][:10] for a in soup(pages[0]).select("article.update time[datetime]")}
    assert 1 <= len(days) <= len(shown)
    for page in pages[::37]:
        html = soup(page)
        assert len(html.select("nav.pagination")[0].select("a")) <= 4 * len(pages).bit_length()
        assert page.stat().st_size < 40_000, page


def test_rail_links_go_to_the_page_that_holds_them(site):
    """Days, hours and key events of the whole view, from any page: each link lands on the
    page that has its target."""
    pages = view_pages(site, SLUG)
    ids = {page.resolve(): {el["id"] for el in soup(page).select("[id]")} for page in pages}
    for page in (pages[0], pages[-1]):
        for link in soup(page).select(".rail a[href]"):
            target, _, anchor = link["href"].partition("#")
            holder = (page.parent / target / "index.html").resolve() if target else page.resolve()
            assert anchor in ids[holder], (page, link["href"])


def test_the_anchor_map_names_the_page_of_every_anchor(site, content):
    where = json.loads((site / SLUG / "anchors.json").read_text())
    assert set(where) == {"newest", "chronological"}
    for view, base in (("newest", SLUG), ("chronological", f"{SLUG}/chronological")):
        for page in view_pages(site, base):
            url = page.parent.relative_to(site / SLUG).as_posix()
            url = "./" if url == "." else url + "/"
            for anchor in anchors_of(page):
                assert where[view][anchor] == url


def test_anchors_and_permalinks_do_not_change_with_pagination(content, site, tmp_path):
    whole = build_site(
        content, tmp_path / "whole", LIVEBLOG_PAGE_UPDATES=10_000, LIVEBLOG_PAGE_BYTES=10**9
    )
    assert view_pages(whole, SLUG) == [whole / SLUG / "index.html"]
    assert not (whole / SLUG / "anchors.json").exists()
    split = sorted(a for page in view_pages(site, SLUG) for a in anchors_of(page))
    assert split == sorted(anchors_of(whole / SLUG / "index.html"))
    permalinks = {p.parent.name for p in (site / SLUG).glob("update-*/index.html")}
    assert permalinks == {p.parent.name for p in (whole / SLUG).glob("update-*/index.html")}
    # a permalink page leads to the page of the view that shows its update
    anchor = anchors_of(view_pages(site, SLUG)[3])[0]
    link = soup(site / SLUG / anchor / "index.html").select_one(".update-nav a")["href"]
    assert re.search(rf"/{SLUG}/page/4/#{anchor}$", link), link


def test_the_sitemap_lists_every_page(content, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://example.org")
    published = build_site(content, tmp_path / "pub", conf="publishconf.py")
    sitemap = (published / "sitemap.xml").read_text()
    for page in view_pages(published, SLUG):
        url = page.parent.relative_to(published).as_posix()
        assert f"<loc>https://example.org/{url}/</loc>" in sitemap


@pytest.mark.browser
def test_old_anchors_find_their_update_in_a_browser(site):
    """Every anchor addressed to page 1 of either view (a link made before the split) is
    followed to its page by the page's script: every one is checked against the pages
    themselves in the browser, and a few are followed for real."""
    chromium = require_tool(
        "chromium", "apt-get install chromium (Debian's; never `playwright install`)"
    )
    from playwright import sync_api
    from test_browser import CHROMIUM_ARGS

    with serve(site) as server, sync_api.sync_playwright() as playwright:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        try:
            for base in (f"/{SLUG}/", f"/{SLUG}/chronological/"):
                page.goto(origin + base)
                missing = page.evaluate(
                    """async () => {
                        const map = document.querySelector('[data-anchor-map]');
                        const source = new URL(map.dataset.anchorMap, location.href);
                        const where = (await (await fetch(source)).json())[map.dataset.view];
                        const pages = {};
                        const missing = [];
                        for (const [anchor, url] of Object.entries(where)) {
                            const address = new URL(url, source).href;
                            if (!pages[address]) {
                                const html = await (await fetch(address)).text();
                                pages[address] = new DOMParser().parseFromString(html, 'text/html');
                            }
                            if (!pages[address].getElementById(anchor)) missing.push(anchor);
                        }
                        return [Object.keys(where).length, missing];
                    }"""
                )
                assert missing[1] == [] and missing[0] >= SPEC.updates, missing[0]
                targets = [anchors_of(p)[7] for p in view_pages(site, base.strip("/"))[1::4]]
                for anchor in targets:
                    page.goto(f"{origin}{base}#{anchor}")
                    page.wait_for_url(re.compile(r"/page/\d+/#"))  # the script went there
                    page.wait_for_load_state("load")
                    page.locator(f"#{anchor}").wait_for()
                    assert page.url.endswith(f"#{anchor}") and "/page/" in page.url
                    # the browser scrolls to the fragment once the page has loaded
                    where = f"document.getElementById('{anchor}').getBoundingClientRect().top"
                    for _ in range(50):
                        top = page.evaluate(where)
                        if -5 < top < 200:
                            break
                        page.wait_for_timeout(100)
                    assert -5 < top < 200
        finally:
            browser.close()


def test_the_pages_are_valid_html(site, tmp_path):
    """The Nu checker on the first, a middle and the last page of each view."""
    import shutil

    from test_html_validator import validate

    chosen = tmp_path / "chosen"
    for base in (SLUG, f"{SLUG}/chronological"):
        pages = view_pages(site, base)
        for page in {pages[0], pages[len(pages) // 2], pages[-1]}:
            target = chosen / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, target)
    result = validate(chosen)
    assert result.returncode == 0, result.stdout + result.stderr
