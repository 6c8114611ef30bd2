"""Pages worth citing (issue 11), read with a real HTML parser from real Pelican builds:
time in the page's zone, the archive frame, disclosed edits, citations and their meta tags,
Robust Links, key events, the day and time navigation, canonical links, the favicon, the
Content-Security-Policy."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_SLUG, build_site, convert_seed
from liveblog_archive.site.citation import bibtex_text, wiki_text

KEY_EVENTS = [  # the seed's turning points, newest first (content/…/updates, Key: yes)
    "update-2024-12-07-1647",
    "update-2024-12-07-1335",
    "update-2024-12-07-1121",
    "update-2024-12-07",
    "update-2024-12-06-1439",
    "update-2024-12-06-1426",
    "original-entry",
]
SITEURL = "https://example.github.io/archive"
VERSION_DATE = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?")
WAYBACK = re.compile(r"https://web\.archive\.org/web/(\d{8}|\d{14})/(.+)")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The committed archive as `make publish` builds it, with an absolute SITEURL."""
    content = tmp_path_factory.mktemp("published") / "content"
    shutil.copytree(ROOT / "content" / SEED_SLUG, content / SEED_SLUG)
    return build_site(
        content,
        tmp_path_factory.mktemp("published-out"),
        conf="pelicanconf.py",
        SITEURL=SITEURL,
        RELATIVE_URLS=False,
        FEED_DOMAIN=SITEURL,
    )


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------------------- metadata


def test_every_page_has_the_policy_a_favicon_and_a_canonical_address(published):
    pages = html_pages(published)
    assert len(pages) >= 27 + 5
    for path in pages:
        page = soup(path)
        (policy,) = page.select('meta[http-equiv="Content-Security-Policy"]')
        directives = dict(d.strip().split(" ", 1) for d in policy["content"].split(";"))
        assert directives["default-src"] == "'none'"
        # Only the search page may compile WebAssembly (Pagefind's, from this site).
        search_page = path.relative_to(published).as_posix() == "search/index.html"
        wasm = " 'wasm-unsafe-eval'" if search_page else ""
        assert directives["script-src"] == "'self'" + wasm, path
        assert directives["style-src"] == "'self'" and directives["form-action"] == "'self'"
        assert directives["base-uri"] == "'none'" and directives["object-src"] == "'none'"
        assert page.select_one('link[rel="icon"]')["href"] == f"{SITEURL}/theme/favicon.svg"
        canonical = page.select('link[rel="canonical"]')
        if path.name == "404.html":  # served at any missing address: no address of its own
            assert canonical == []
            continue
        (link,) = canonical
        # its own address; the chronological view's is the live blog's (the same updates)
        folder = path.parent.relative_to(published).as_posix()
        own = "" if folder == "." else folder.removesuffix("/chronological") + "/"
        assert link["href"] == f"{SITEURL}/{own}", path
    assert (published / "theme" / "favicon.svg").read_text().startswith("<svg")
    blog = soup(published / SEED_SLUG / "index.html")
    chrono = soup(published / SEED_SLUG / "chronological" / "index.html")
    permalink = soup(published / SEED_SLUG / "update-2024-12-07-1737" / "index.html")
    assert blog.select_one('link[rel="canonical"]')["href"] == f"{SITEURL}/{SEED_SLUG}/"
    # the oldest-first view is the same live blog: its canonical page is the published order
    assert chrono.select_one('link[rel="canonical"]')["href"] == f"{SITEURL}/{SEED_SLUG}/"
    assert (
        permalink.select_one('link[rel="canonical"]')["href"]
        == f"{SITEURL}/{SEED_SLUG}/update-2024-12-07-1737/"
    )


def test_no_inline_script_or_style_that_the_policy_would_block(published):
    for path in html_pages(published):
        page = soup(path)
        for script in page.select("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path
        assert not page.select("style, [style]"), path
        assert not [e for e in page.find_all(True) if any(a.startswith("on") for a in e.attrs)]


def test_robust_links_on_every_external_link(published, tmp_path):
    """Every <a> that leaves the site says which version it meant, with a Wayback address."""
    # The seed recorded no original address; a live blog that did links to it.
    content = tmp_path / "content"
    folder = convert_seed(content, "--source-url", "https://example.org/live?id=7&x=1")
    site = build_site(content, tmp_path / "out")
    pages = html_pages(published) + html_pages(site)
    seen = 0
    for path in pages:
        for link in soup(path).select("a[href]"):
            if not urlparse(link["href"]).netloc or link["href"].startswith(SITEURL):
                continue
            seen += 1
            original = link["data-originalurl"]
            assert link["href"] in (original, link["data-versionurl"]), link
            assert re.fullmatch(
                r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", link["data-versiondate"]
            )
            stamp, target = WAYBACK.fullmatch(link["data-versionurl"]).groups()
            assert target == original
            assert stamp.startswith(link["data-versiondate"][:10].replace("-", ""))
            assert "external" in link["rel"]
    # four cards on both views and their permalink pages, in both builds; the original's
    # address in the band of 29 pages and the provenance of the two views, second build
    assert seen >= 12 + 12 + 29 + 2
    band = soup(site / SEED_SLUG / "index.html").select_one(".archive-band a[data-originalurl]")
    assert band["href"] == "https://example.org/live?id=7&x=1"
    assert band["data-versiondate"] == "2026-11-24"  # as it stood when it was copied
    assert band["data-versionurl"] == "https://web.archive.org/web/20261124/" + band["href"]
    assert folder.is_dir()


# ---------------------------------------------------------------------------- the frame


@pytest.mark.parametrize(
    "page", ["index.html", "chronological/index.html", "original-entry/index.html"]
)
def test_the_archive_frame_on_every_live_blog_page(committed_site, page):
    html = soup(committed_site / SEED_SLUG / page)
    band = html.select_one(".archive-band")
    text = band.get_text(" ", strip=True)
    assert text.startswith("Archived copy of EA WorldView’s live blog The Russia-Iran-Assad")
    assert "Original: address not recorded" in text
    assert band.select_one('time[datetime="2026-11-24"]').get_text() == "24 November 2026"
    source = band.select_one('a[href$="source.txt"]')
    assert source and len(band.select_one(".hash").get_text()) == 64
    assert band.find("a", string="About this archive")["href"].endswith("about/")
    assert "Live blog · EA WorldView" not in html.get_text(" ")  # not the publisher's own kicker


def test_about_this_archive_page(committed_site):
    page = soup(committed_site / "about" / "index.html")
    assert page.h1.get_text() == "About this archive"
    assert "Corrected on" in page.get_text()


def test_an_edit_after_conversion_is_shown_on_the_page(tmp_path):
    content = tmp_path / "content"
    folder = convert_seed(content)
    entry = folder / "updates" / "update-2024-12-07-1128.md"
    entry.write_text(
        entry.read_text()
        .replace(
            "Template: update\n",
            "Template: update\nEdited: 2026-11-25\nEdit-Note: Full stop <added> & checked.\n",
        )
        .replace("military barracks", "military barracks.")
    )
    site = build_site(content, tmp_path / "out")
    for page in ("index.html", "update-2024-12-07-1128/index.html"):
        html = soup(site / SEED_SLUG / page)
        note = html.select_one("#update-2024-12-07-1128 .edit-note")
        assert note.get_text(" ", strip=True) == (
            "Corrected on 25 November 2026 : Full stop <added> & checked."
        )
        assert note.time["datetime"] == "2026-11-25"
        assert len(html.select(".edit-note")) == 1
    provenance = soup(site / SEED_SLUG / "index.html").select_one("#provenance").get_text(" ")
    assert "1 update changed after conversion" in provenance


# ---------------------------------------------------------------------------- time


LONDON_INDEX = """Title: A test of local time
Date: 2011-06-21T00:30:00+01:00
Slug: london
Liveblog: london
Template: liveblog
Publisher: The Test Gazette
Source-Url: https://example.org/live
Updates: 3
Timezone: Europe/London

Three updates around midnight in summer time.
"""
LONDON_UPDATE = """Title: {title}
Date: {date}
Slug: london--{anchor}
Liveblog: london
Anchor: {anchor}
Label: {label}
Kind: update
Time-Known: {known}
Position: {position}
Status: hidden
Template: update

{title}
"""


@pytest.fixture(scope="module")
def london(tmp_path_factory) -> Path:
    """A page that printed London times: 00:30 BST on the 21st is 23:30 UTC on the 20th."""
    content = tmp_path_factory.mktemp("london") / "content"
    folder = content / "london"
    (folder / "updates").mkdir(parents=True)
    (folder / "index.md").write_text(LONDON_INDEX)
    rows = [
        ("update-2011-06-21-0030", "2011-06-21T00:30:00+01:00", "00.30", "true", "After midnight."),
        ("update-2011-06-20-1405", "2011-06-20T14:05:00+01:00", "2.05pm", "true", "Afternoon."),
        ("update-2011-06-20", "2011-06-20T00:00:00+01:00", "", "false", "No time printed."),
    ]
    for position, (anchor, date, label, known, title) in enumerate(rows, start=1):
        (folder / "updates" / f"{anchor}.md").write_text(
            LONDON_UPDATE.format(
                title=title, date=date, anchor=anchor, label=label, known=known, position=position
            )
        )
    return build_site(content, tmp_path_factory.mktemp("london-out"))


def test_times_are_shown_in_the_pages_zone_with_its_abbreviation(london):
    page = soup(london / "london" / "index.html")
    shown = {a["id"]: a.select_one(".update-heading time") for a in page.select("article.update")}
    assert shown["update-2011-06-21-0030"].get_text(" ", strip=True) == "Tue 21 Jun 2011, 00:30 BST"
    assert shown["update-2011-06-21-0030"]["datetime"] == "2011-06-21T00:30+01:00"
    assert shown["update-2011-06-20-1405"].get_text(" ", strip=True) == "Mon 20 Jun 2011, 14:05 BST"
    assert shown["update-2011-06-20"].get_text(" ", strip=True) == "Mon 20 Jun 2011"
    # days are London's days: 00:30 BST belongs to the 21st, though it is the 20th in UTC
    assert [h["id"] for h in page.select("section.day")] == ["day-2011-06-21", "day-2011-06-20"]
    hours = [[a.get_text() for a in ul.select("a")] for ul in page.select(".time-nav-hours")]
    assert hours == [["00:00"], ["14:00"]]
    assert "Europe/London (BST)" in page.select_one(".liveblog-meta").get_text()
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["liveBlogUpdate"][0]["datePublished"] == "2011-06-21T00:30:00+01:00"
    assert data["coverageStartTime"] == "2011-06-20T00:00:00+01:00"
    permalink = soup(london / "london" / "update-2011-06-20-1405" / "index.html")
    # the live blog narrowed to one update: its day (London's) over its time
    assert permalink.select_one("h2.day-heading").get_text(" ", strip=True) == "Monday 20 June 2011"
    heading = permalink.select_one(".update-heading time").get_text(" ", strip=True)
    assert heading == "Mon 20 Jun 2011, 14:05 BST"
    meta = {m["name"]: m["content"] for m in permalink.select("meta[name]")}
    assert meta["DC.date"] == "2011-06-20T14:05:00+01:00"
    # The search index sorts by the moment in UTC: live blogs of every zone in one order.
    body = permalink.select_one("[data-pagefind-body]")
    assert body["data-pagefind-sort"] == "date:2011-06-20T13:05Z"
    after_midnight = soup(london / "london" / "update-2011-06-21-0030" / "index.html")
    body = after_midnight.select_one("[data-pagefind-body]")
    assert body["data-pagefind-sort"] == "date:2011-06-20T23:30Z"


# ---------------------------------------------------------------------------- citing


def test_permalink_pages_carry_citations_and_reference_manager_tags(published):
    for folder in sorted((published / SEED_SLUG).iterdir()):
        if not (folder / "index.html").exists() or folder.name == "chronological":
            continue
        page = soup(folder / "index.html")
        meta = {m["name"]: m["content"] for m in page.select("meta[name]")}
        url = f"{SITEURL}/{SEED_SLUG}/{folder.name}/"
        assert meta["citation_title"] == page.select_one('meta[property="og:title"]')["content"]
        assert re.fullmatch(r"2024/12/0[67]", meta["citation_date"])
        assert meta["citation_public_url"] == meta["DC.identifier"] == url
        assert meta["citation_publisher"] == meta["DC.publisher"] == "EA WorldView"
        assert meta["DC.relation"] == f"{SITEURL}/{SEED_SLUG}/"
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert data["@type"] == "BlogPosting" and data["@id"] == data["url"] == url
        assert data["isPartOf"]["@type"] == "LiveBlogPosting"
        assert data["isPartOf"]["@id"] == f"{SITEURL}/{SEED_SLUG}/"
        assert data["archivedAt"] == url
        assert data["isBasedOn"] == [f"{SITEURL}/{SEED_SLUG}/source.txt"]
        assert data["headline"] == meta["citation_title"]
        assert "articleBody" not in data  # the page's own text; the live blog's JSON-LD has it
        assert url in page.select_one("#cite-plain").get_text()
        assert page.select_one("#cite-wikipedia").get_text().startswith("{{cite web |url=" + url)
        assert page.select_one("#cite-bibtex").get_text().startswith("@misc{eaworldview-")


def test_the_citations_of_one_update(published):
    page = soup(published / SEED_SLUG / "update-2024-12-07-1335" / "index.html")
    url = f"{SITEURL}/{SEED_SLUG}/update-2024-12-07-1335/"
    assert page.select_one("#cite-plain").get_text() == (
        "EA WorldView, “Rebels have announced the start of operations to encircle Damascus.”, "
        "in “The Russia-Iran-Assad ‘Axis of the Vulnerable’ Is Cracking in Syria” (live blog), "
        f"Sat 7 Dec 2024, 13:35 GMT. Archived by Live Blog Archive on 24 November 2026: {url} "
        "(original address not recorded)."
    )
    # No original address: Wikipedia wants |url= with an archive-url, so the archive is the url.
    assert page.select_one("#cite-wikipedia").get_text() == (
        "{{cite web |url=" + url + " |title=Rebels have announced the start of operations to "
        "encircle Damascus. |work=The Russia-Iran-Assad “Axis of the Vulnerable” Is Cracking in "
        "Syria |publisher=EA WorldView |date=7 December 2024 |at=update of 13:35 GMT "
        "|via=Live Blog Archive}}"
    )
    bibtex = page.select_one("#cite-bibtex").get_text()
    assert bibtex.splitlines()[0] == "@misc{eaworldview-update-2024-12-07-1335,"
    assert "  month        = dec," in bibtex and "  urldate      = {2026-11-24}," in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_a_recorded_original_goes_into_cite_web_with_the_archive(tmp_path):
    content = tmp_path / "content"
    folder = convert_seed(content, "--source-url", "https://example.org/live")
    index = folder / "index.md"
    index.write_text(index.read_text().replace("Converter:", "Original-Status: dead\nConverter:"))
    site = build_site(content, tmp_path / "out")
    page = soup(site / SEED_SLUG / "update-2024-12-07-1335" / "index.html")
    cite = page.select_one("#cite-wikipedia").get_text()
    assert cite.startswith("{{cite web |url=https://example.org/live |title=")
    assert f"|archive-url=/{SEED_SLUG}/update-2024-12-07-1335/ " in cite
    assert cite.endswith("|archive-date=24 November 2026 |url-status=dead}}")
    meta = {m["name"]: m["content"] for m in page.select("meta[name]")}
    assert meta["DC.source"] == "https://example.org/live"
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["isBasedOn"][0] == "https://example.org/live"


def test_citation_text_cannot_break_out_of_its_format():
    assert (
        wiki_text("a | b [[c]] {{d}}")
        == "a &#124; b &#91;&#91;c&#93;&#93; &#123;&#123;d&#125;&#125;"
    )
    assert bibtex_text("50% of {x} & $y_1 #2 ~ ^ \\") == (
        r"50\% of \{x\} \& \$y\_1 \#2 \~{} \^{} \textbackslash{}"
    )


# ---------------------------------------------------------------------------- navigation


@pytest.mark.parametrize("view", ["", "chronological/"])
def test_key_events_box_lists_the_marked_updates_in_the_views_order(committed_site, view):
    page = soup(committed_site / SEED_SLUG / view / "index.html")
    links = page.select("nav.key-events a")
    expected = KEY_EVENTS if not view else KEY_EVENTS[::-1]
    assert [a["href"] for a in links] == [f"#{anchor}" for anchor in expected]
    for link in links:
        article = page.select_one(link["href"])
        assert "update-key" in article["class"]
        assert article.select_one(".key-badge").get_text() == "Key event"
        assert link.time["datetime"] == article.select_one(".update-heading time")["datetime"]
    assert links[0 if not view else -1].select_one(".key-event-title").get_text() == (
        "Iran and Russia distance themselves from Assad"
    )
    assert len(page.select(".key-badge")) == 7


@pytest.mark.parametrize("view", ["", "chronological/"])
def test_jump_to_time_links_every_hour_to_its_first_update(committed_site, view):
    page = soup(committed_site / SEED_SLUG / view / "index.html")
    order = [a["id"] for a in page.select("article.update[id]")]
    for day in page.select(".time-nav-days > li"):
        day_id = day.select_one("a.time-nav-day")["href"][1:]
        section = page.select_one(f"section#{day_id}")
        timed = [
            (a.select_one(".update-clock").get_text()[:2] + ":00", a["id"])
            for a in section.select("article.update")
            if a.select_one(".update-clock")
        ]
        firsts: dict[str, str] = {}
        for hour, anchor in timed:
            firsts.setdefault(hour, anchor)
        listed = [(a.get_text(), a["href"][1:]) for a in day.select(".time-nav-hours a")]
        assert listed == list(firsts.items())
        assert all(order.index(anchor) >= 0 for _, anchor in listed)
    hours = page.select(".time-nav-hours a")
    assert len(hours) == 6 + 5  # 7 December: 17 16 14 13 11 08; 6 December: 16 15 14 10 09


# ---------------------------------------------------------------------------- untrusted fields

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)> {\\x} | }} [[ % &amp;'


def test_fields_an_editor_can_touch_are_shown_as_text(tmp_path):
    """Key-Title, Edit-Note and Author reach the box, the page, the meta tags, the JSON-LD
    and the citations as text, never as markup or a way out of their format."""
    content = tmp_path / "content"
    folder = convert_seed(content)
    entry = folder / "updates" / "update-2024-12-07-1335.md"
    entry.write_text(
        entry.read_text().replace(
            "Template: update\n",
            f"Template: update\nAuthor: {HOSTILE}\nKey: yes\nKey-Title: {HOSTILE}\n"
            f"Edited: 2026-11-25\nEdit-Note: {HOSTILE}\n",
        )
    )
    site = build_site(content, tmp_path / "out")
    for page_path in (
        site / SEED_SLUG / "index.html",
        site / SEED_SLUG / "update-2024-12-07-1335" / "index.html",
    ):
        page = soup(page_path)
        for script in page.select("script"):
            assert script.get("src") or script.get("type") == "application/ld+json"
        assert not page.select("img, [onerror]")
        assert HOSTILE in page.select_one("#update-2024-12-07-1335 .edit-note").get_text()
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert "</script" not in page.select_one('script[type="application/ld+json"]').string
        posting = next(
            (u for u in data.get("liveBlogUpdate", []) if u["url"].endswith("-1335")), data
        )
        assert posting["author"] == {"@type": "Person", "name": HOSTILE}
    box = soup(site / SEED_SLUG / "index.html").select_one("nav.key-events")
    assert box.select_one(".key-event-title").get_text() == HOSTILE
    page = soup(site / SEED_SLUG / "update-2024-12-07-1335" / "index.html")
    meta = {m["name"]: m["content"] for m in page.select("meta[name]")}
    assert meta["citation_author"] == meta["DC.creator"] == HOSTILE
    cite = page.select_one("#cite-wikipedia").get_text()
    assert cite.count("{{") == 1 and cite.count("}}") == 1 and cite.count("[[") == 0
    assert "|author=&quot;" not in cite and '|author="&gt;' not in cite
    bibtex = page.select_one("#cite-bibtex").get_text()
    depth = 0
    for char in bibtex.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert page.select_one("#cite-plain").get_text().startswith(HOSTILE + ", ")


def test_the_json_export_carries_the_editors_fields(committed_site):
    data = json.loads((committed_site / SEED_SLUG / f"{SEED_SLUG}.json").read_text())
    keys = [u["anchor"] for u in data["updates"] if u["key_event"]]
    assert keys == KEY_EVENTS
    titled = {u["anchor"]: u["key_title"] for u in data["updates"] if u["key_event"]}
    assert titled["update-2024-12-07-1121"] == "Rebels liberate Quneitra Province"
    assert all(u["edited"] is None and u["edit_note"] is None for u in data["updates"])
    assert data["updates"][0]["published"] == "2024-12-07T17:37:00+00:00"
    assert data["updates"][-1]["published"] == "2024-12-06"


def test_an_edit_of_the_live_blogs_header_is_shown_too(tmp_path):
    content = tmp_path / "content"
    folder = convert_seed(content)
    index = folder / "index.md"
    text = index.read_text()
    index.write_text(text.replace("Is Cracking in Syria", "Is Cracking in Syria (corrected)"))
    from conftest import run_cli

    result = run_cli("check", content)
    assert result.returncode == 1
    assert f"{index}:1: was changed since the converter wrote the live blog" in result.stderr
    # the archivist's judgement of the original is not an edit of what was archived
    index.write_text(text.replace("Converter:", "Original-Status: dead\nConverter:"))
    assert run_cli("check", content).returncode == 0
    index.write_text(
        text.replace("Is Cracking in Syria", "Is Cracking in Syria (corrected)").replace(
            "Converter:", "Edited: 2026-11-26\nEdit-Note: A word added to the title.\nConverter:"
        )
    )
    assert run_cli("check", content).returncode == 0
    site = build_site(content, tmp_path / "out")
    page = soup(site / SEED_SLUG / "update-2024-12-07-1737" / "index.html")
    band = page.select_one(".archive-band .archive-band-edit").get_text(" ", strip=True)
    assert band == "Header corrected on 26 November 2026 : A word added to the title."
    blog = soup(site / SEED_SLUG / "index.html")
    assert "header was corrected on" in blog.select_one("#provenance").get_text()
