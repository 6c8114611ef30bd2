"""Search (generator/site/search.py): a Pagefind index of every update, built with the site,
read back from the bundle Pagefind wrote; rebuilt only when a page it reads changed."""

from __future__ import annotations

import gzip
import json
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_SLUG, append_paragraph, build_site, rebuilt, run_cli
from liveblog_archive.site import search

from bench.synth import ArchiveSpec, write_archive

SPEC = ArchiveSpec(blogs=3, updates=5)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def shards(site: Path) -> list[str]:
    manifest = json.loads((site / "pagefind" / search.MANIFEST).read_text())
    return [shard["path"] for shard in manifest["shards"]]


def fragments(site: Path) -> dict[str, dict]:
    """What the index holds of each page, by address, in every shard the manifest lists:
    Pagefind's fragment files (gzip, a signature, then JSON); not the sentinels."""
    found = {}
    for shard in shards(site):
        for path in (site / "pagefind" / shard / "fragment").glob("*.pf_fragment"):
            data = gzip.decompress(path.read_bytes())
            assert data.startswith(b"pagefind_dcd"), path
            record = json.loads(data[len(b"pagefind_dcd") :])
            if record["content"].strip(". ") == search.SENTINEL:
                assert record["url"] == "/_/_/"
                continue
            assert record["url"] not in found, f"{record['url']} indexed twice"
            found[record["url"]] = {**record, "shard": shard}
    return found


def bundle_state(site: Path) -> dict[str, int]:
    return {
        p.relative_to(site).as_posix(): p.stat().st_mtime_ns
        for p in (site / "pagefind").rglob("*")
        if p.is_file()
    }


# ---------------------------------------------------------------------------- the seed


def test_every_update_is_indexed_once_on_its_permalink_page(seed_site, seed_content):
    anchors = sorted(p.stem for p in (seed_content / SEED_SLUG / "updates").glob("*.md"))
    assert len(anchors) == 27
    indexed = fragments(seed_site)
    # The permalink pages and nothing else: not the live blog's two views, not the index.
    assert sorted(indexed) == sorted(f"/{SEED_SLUG}/{anchor}/" for anchor in anchors)
    title = soup(seed_site / SEED_SLUG / "index.html").select_one("h1").get_text(strip=True)
    for url, record in indexed.items():
        assert record["filters"] == {
            "Live blog": [title],
            "Publisher": ["EA WorldView"],
            "Year": ["2024"],
        }, url
        assert record["meta"]["live blog"] == title
        assert record["meta"]["date"].endswith("2024") or "GMT" in record["meta"]["date"]
    newest = indexed[f"/{SEED_SLUG}/update-2024-12-07-1737/"]
    assert newest["meta"]["date"] == "Saturday 7 December 2024, 17:37 GMT"
    assert newest["meta"]["title"].startswith("The scene in the Damascus suburb of Erbin")
    # The update's text alone: not its date and time (a result shows them from its
    # metadata), the page's header, navigation or the hidden record of its metadata.
    assert newest["content"].startswith("The scene in the Damascus suburb of Erbin")
    for absent in ("Previous update", "See it in the live blog", "Skip to content"):
        assert absent not in newest["content"]
    original = indexed[f"/{SEED_SLUG}/original-entry/"]
    assert original["meta"]["date"] == "Friday 6 December 2024"  # no time was printed


def test_only_permalink_pages_have_a_search_body(seed_site):
    for page in seed_site.rglob("*.html"):
        rel = page.relative_to(seed_site).as_posix()
        bodies = soup(page).select("[data-pagefind-body]")
        parts = rel.split("/")  # <slug>/<anchor>/index.html
        if len(parts) == 3 and parts[0] == SEED_SLUG and parts[1] != "chronological":
            assert len(bodies) == 1, rel
            assert len(bodies[0].select("article.update")) == 1, rel
            assert bodies[0].select_one(".day-heading time"), rel
        else:
            assert bodies == [], rel


def test_every_page_has_the_search_box_and_the_search_page_is_local(seed_site):
    pages = list(seed_site.rglob("*.html"))
    assert len(pages) >= 27 + 4
    for page in pages:
        form = soup(page).select_one("header form[role=search]")
        assert form is not None, page
        assert form["method"] == "get" and form["action"].endswith("search/")
        field = form.select_one("input[name=q]")
        label = form.select_one(f"label[for={field['id']}]")
        assert label and label.get_text(strip=True) == "Search the archive"
    page = soup(seed_site / "search" / "index.html")
    sources = [s["src"] for s in page.select("script[src]")]
    sources += [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert any(src.endswith("pagefind/pagefind-ui.js") for src in sources)
    for src in sources:
        assert not src.startswith(("http:", "https:", "//")), src  # nothing from elsewhere
        assert (seed_site / "search" / src).resolve().is_file(), src
    fallback = page.select_one("#search-fallback")
    assert "needs JavaScript" in fallback.get_text()
    assert fallback.select_one("a[href$='#browse']")
    assert not (seed_site / "pagefind" / "playground").exists()


# ---------------------------------------------------------------------------- rebuilds


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_archive(SPEC, content)
    return content


def test_the_index_is_built_again_only_when_a_page_changed(archive, tmp_path):
    site = rebuilt(archive, tmp_path)
    first = bundle_state(site)
    assert len(fragments(site)) == SPEC.blogs * SPEC.updates

    # Nothing changed: no page written, the index is left as it was.
    assert bundle_state(rebuilt(archive, tmp_path)) == first

    # An edit: that live blog's pages are written again, and so is the index.
    entry = sorted((archive / SPEC.slug(1) / "updates").glob("*.md"))[1]
    append_paragraph(entry, "An editor's note about Quetzalcoatlus.")
    site = rebuilt(archive, tmp_path)
    assert bundle_state(site) != first
    found = [u for u, r in fragments(site).items() if "Quetzalcoatlus" in r["content"]]
    assert found == [f"/{SPEC.slug(1)}/{entry.stem}/"]
    assert not list(site.glob(".pagefind-*")), "a temporary bundle was left behind"

    # A live blog deleted: its pages are removed, and its updates leave the index.
    second = bundle_state(site)
    shutil.rmtree(archive / SPEC.slug(2))
    site = rebuilt(archive, tmp_path)
    assert bundle_state(site) != second
    assert not [u for u in fragments(site) if u.startswith(f"/{SPEC.slug(2)}/")]
    assert len(fragments(site)) == 2 * SPEC.updates

    # Without the cache (pelican --ignore-cache) everything is built again, the index too.
    third = bundle_state(site)
    after = bundle_state(rebuilt(archive, tmp_path, LOAD_CONTENT_CACHE=False))
    assert set(after) >= {"pagefind/pagefind-entry.json"}
    assert all(after[name] != third.get(name) for name in after)


def test_a_page_removed_by_hand_builds_the_index_again(archive, tmp_path):
    site = rebuilt(archive, tmp_path)
    first = bundle_state(site)
    page = next(site.glob(f"{SPEC.slug(0)}/update-*/index.html"))
    page.unlink()
    site = rebuilt(archive, tmp_path)  # the live blog is rendered again: the page is back
    assert page.is_file()
    assert bundle_state(site) != first


@pytest.mark.parametrize("damage", ["remove", "empty"])
def test_a_shard_damaged_in_the_output_is_made_again_by_the_next_build(archive, tmp_path, damage):
    site = rebuilt(archive, tmp_path, LIVEBLOG_SEARCH_SHARD_PAGES=4)
    assert whole(site)
    names = shards(site)
    damaged = site / "pagefind" / names[1]
    fragment = sorted((damaged / "fragment").iterdir())[0]
    fragment.unlink() if damage == "remove" else fragment.write_bytes(b"")
    assert not whole(site)
    before = bundle_state(site)
    site = rebuilt(archive, tmp_path, LIVEBLOG_SEARCH_SHARD_PAGES=4)  # no content changed
    assert whole(site)
    assert len(fragments(site)) == SPEC.blogs * SPEC.updates
    after = bundle_state(site)
    changed = {
        n.split("/")[1] + "/" for n in after if after[n] != before.get(n) and n.count("/") > 1
    }
    assert changed == {names[1]}  # that shard only


def test_the_fragments_of_two_builds_are_the_same_bytes(archive, tmp_path):
    one = build_site(archive, tmp_path / "one")
    two = build_site(archive, tmp_path / "two")
    names = sorted(p.name for p in (one / "pagefind" / "fragment").iterdir())
    assert names == sorted(p.name for p in (two / "pagefind" / "fragment").iterdir())
    for name in names:
        a = (one / "pagefind" / "fragment" / name).read_bytes()
        assert a == (two / "pagefind" / "fragment" / name).read_bytes()


def _spoiled_after(times: int, spoil):
    """Pagefind, as `search._build` runs it, with the bundle of each of the first `times`
    shards it indexes damaged by `spoil`, as a Pagefind cut short could leave it."""
    real = search._build
    spoiled: list[str | None] = []  # what the check said of each bundle spoiled

    def build(stage, into):
        failed = real(stage, into)
        pages = len([p for p in stage.glob("*/*/index.html") if p.parts[-3] != "_"])
        if failed is None and pages and len(spoiled) < times:
            spoil(into)
            spoiled.append(search.incomplete(into, pages))
        return failed

    return build, spoiled


def whole(site: Path) -> bool:
    manifest = json.loads((site / "pagefind" / search.MANIFEST).read_text())
    return search.incomplete(site / "pagefind", 0) is None and all(
        search.incomplete(site / "pagefind" / s["path"], s["pages"] - 1) is None
        for s in manifest["shards"]
    )


@pytest.mark.parametrize(
    "spoil",
    [
        lambda into: (into / "pagefind-entry.json").write_bytes(b""),  # as seen in a build
        lambda into: (into / "pagefind-entry.json").write_bytes(b'{"version":"1.5.2","langu'),
        lambda into: next((into / "fragment").iterdir()).write_bytes(b""),
    ],
    ids=["empty entry file", "cut entry file", "empty fragment"],
)
def test_a_bundle_pagefind_left_unfinished_is_made_again(
    archive, tmp_path, monkeypatch, caplog, spoil
):
    build, spoiled = _spoiled_after(1, spoil)
    monkeypatch.setattr(search, "_build", build)
    site = build_site(archive, tmp_path / "out")
    assert len(spoiled) == 1 and spoiled[0] is not None  # the check saw what was spoiled
    assert f"{spoiled[0]}; indexing it again" in caplog.text
    assert whole(site)
    assert len(fragments(site)) == SPEC.blogs * SPEC.updates


def test_a_bundle_never_whole_fails_the_build(archive, tmp_path, monkeypatch):
    build, spoiled = _spoiled_after(99, lambda into: (into / "pagefind-entry.json").unlink())
    monkeypatch.setattr(search, "_build", build)
    with pytest.raises(search.SearchIndexError, match=r"pagefind-entry\.json does not read"):
        build_site(archive, tmp_path / "out")
    assert len(spoiled) == search.ATTEMPTS


def test_a_search_index_that_cannot_be_made_fails_the_build_in_one_line(archive, tmp_path):
    # Pagefind's binary, as the `pagefind` package is told where it is, cannot run.
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    out = tmp_path / "out"
    result = run_cli(
        "build", archive, "-o", out, "-s", ROOT / "pelicanconf.py",
        env={"PAGEFIND_BINARY_PATH": str(broken)},
    )  # fmt: skip
    text = result.stdout + result.stderr
    assert result.returncode == 1, text
    assert "Traceback" not in text
    assert "error: search: the search UI: Pagefind failed (exit status 3)" in text, text
    assert "LIVEBLOG_SEARCH = False" in text
    assert (out / SPEC.slug(0) / "index.html").is_file()  # the pages were written
    assert not (out / "pagefind").exists()  # no index was half made


def test_search_can_be_turned_off(archive, tmp_path):
    site = rebuilt(archive, tmp_path, LIVEBLOG_SEARCH=False)
    assert not (site / "pagefind").exists()
    assert not (site / "search").exists()
    assert soup(site / "index.html").select("form[role=search]") == []
    assert not (tmp_path / "cache" / search.RECORD).exists()


# ---------------------------------------------------------------------------- shards


def test_days_are_packed_into_shards_in_order_and_never_split():
    day = {f"2024-01-0{d}": [(f"b/{d}-{i}", 1, 1) for i in range(n)] for d, n in
           [(1, 2), (2, 3), (3, 1), (4, 7), (5, 1)]}  # fmt: skip
    plan = search.plan_shards(day, 4)
    assert [(s.first_day, len(s.pages)) for s in plan] == [
        ("2024-01-01", 2),  # 2 + 3 > 4
        ("2024-01-02", 4),
        ("2024-01-04", 7),  # a day of more than the limit is a shard of its own
        ("2024-01-05", 1),
    ]
    assert [p for s in plan for p in s.pages] == [p for d in sorted(day) for p in day[d]]


def test_shards_hold_every_update_once_and_an_edit_rebuilds_only_its_own(archive, tmp_path):
    site = rebuilt(archive, tmp_path, LIVEBLOG_SEARCH_SHARD_PAGES=4)
    names = shards(site)
    assert len(names) >= 3
    indexed = fragments(site)
    assert len(indexed) == SPEC.blogs * SPEC.updates
    manifest = json.loads((site / "pagefind" / search.MANIFEST).read_text())["shards"]
    for shard in manifest:  # the sentinel and its pages, as many as Pagefind holds
        held = [u for u, r in indexed.items() if r["shard"] == shard["path"]]
        assert shard["pages"] == len(held) + 1
        # Pagefind's UI once, in /pagefind/ (the search page's), not in every shard.
        assert not [n for n in search.UI_FILES if (site / "pagefind" / shard["path"] / n).exists()]
    assert all((site / "pagefind" / name).is_file() for name in search.UI_FILES)
    # Shards cover disjoint runs of days, oldest first (a day is in the update's anchor).
    days = [
        sorted(
            u.split("/")[2][7:17] for u, r in indexed.items() if r["shard"] == n and "update-" in u
        )
        for n in names
    ]
    assert all(a[-1] < b[0] for a, b in pairwise(days))

    before = bundle_state(site)
    entry = sorted((archive / SPEC.slug(1) / "updates").glob("*.md"))[0]
    append_paragraph(entry, "A late correction.")
    site = rebuilt(archive, tmp_path, LIVEBLOG_SEARCH_SHARD_PAGES=4)
    after = bundle_state(site)
    reindexed = {
        n.split("/")[1] + "/" for n in after if n.count("/") > 1 and after[n] != before.get(n)
    }
    own = {r["shard"] for u, r in indexed.items() if u.startswith(f"/{SPEC.slug(1)}/")}
    assert reindexed == own
    assert len(own) < len(names)
