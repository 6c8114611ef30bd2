"""Rebuilds: only the live blogs that changed are rendered again, and the site is the same
as a cold build's, byte for byte (generator/incremental.py, generator/reader.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, build_site, pelican_signals_restored, rebuilt
from pelican import Pelican
from pelican.settings import read_settings

from bench.synth import ArchiveSpec, add_update, write_archive

SPEC = ArchiveSpec(blogs=3, updates=6)


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    """The pages (the search index, rebuilt whole when a page changed, has its own rules
    and tests: test_search.py)."""
    return {
        p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def same_bytes(a: dict[str, tuple[bytes, int]], b: dict[str, tuple[bytes, int]]) -> None:
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name][0] == b[name][0], name


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_archive(SPEC, content)
    return content


@contextmanager
def one_pelican(archive: Path, tmp_path: Path, theme: Path) -> Iterator[Pelican]:
    """A Pelican that stays running between builds, as `pelican -r` (make regenerate)."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(archive),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "THEME": str(theme),
            "CACHE_PATH": str(tmp_path / "cache"),
        },
    )
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with pelican_signals_restored():
            yield Pelican(settings)
    finally:
        os.chdir(cwd)


def edit_entry(archive: Path, blog: int, correction: str) -> Path:
    """An editor adds a paragraph to an update (and says so, as check and the build ask)."""
    entry = sorted((archive / SPEC.slug(blog) / "updates").glob("*.md"))[2]
    text = entry.read_text("utf-8").replace(
        "\n\n", "\nEdited: 2026-11-25\nEdit-Note: A paragraph added.\n\n", 1
    )
    entry.write_text(text + f"\n{correction}\n", "utf-8")
    return entry


def cold(content: Path, tmp_path: Path, name: str) -> Path:
    return build_site(content, tmp_path / name, CACHE_PATH=str(tmp_path / f"{name}-cache"))


def test_an_edit_renders_only_its_live_blog_and_matches_a_cold_build(archive, tmp_path):
    before = snapshot(rebuilt(archive, tmp_path))
    entry = edit_entry(archive, 1, "Correction: an editor added this paragraph.")

    after = snapshot(rebuilt(archive, tmp_path))
    page = f"{SPEC.slug(1)}/{entry.stem}/index.html"
    assert b"Correction: an editor added this paragraph." in after[page][0]
    rewritten = {name for name in after if after[name][1] != before[name][1]}
    assert page in rewritten and f"{SPEC.slug(1)}/index.html" in rewritten
    assert f"{SPEC.slug(1)}/{SPEC.slug(1)}.json" in rewritten
    untouched = [n for n in after if n.startswith((SPEC.slug(0) + "/", SPEC.slug(2) + "/"))]
    assert untouched and not rewritten.intersection(untouched)
    same_bytes(after, snapshot(cold(archive, tmp_path, "cold")))


def test_an_added_update_and_a_deleted_page_are_rendered(archive, tmp_path):
    rebuilt(archive, tmp_path)
    add_update(SPEC, archive, index=2)
    (tmp_path / "out" / SPEC.slug(0) / "chronological" / "index.html").unlink()
    after = snapshot(rebuilt(archive, tmp_path))
    assert f"{SPEC.slug(0)}/chronological/index.html" in after
    updates = sorted(p.stem for p in (archive / SPEC.slug(2) / "updates").glob("*.md"))
    assert len(updates) == SPEC.updates + 1
    for anchor in updates:
        assert f"{SPEC.slug(2)}/{anchor}/index.html" in after
    same_bytes(after, snapshot(cold(archive, tmp_path, "cold")))


def test_changed_settings_render_everything_again(archive, tmp_path):
    rebuilt(archive, tmp_path)
    after = snapshot(rebuilt(archive, tmp_path, SITENAME="Another Name"))
    pages = [name for name in after if name.endswith(".html")]
    assert len(pages) > SPEC.blogs * SPEC.updates
    assert all(b"Another Name" in after[name][0] for name in pages)


def test_the_number_of_processes_renders_nothing_again(archive, tmp_path):
    """How many processes write the pages changes no page: `LIVEBLOG_PROCESSES=1` (the
    bench's profile, a debugging run) must not make the next build render everything."""
    before = snapshot(rebuilt(archive, tmp_path, LIVEBLOG_PROCESSES=2))
    after = snapshot(rebuilt(archive, tmp_path, LIVEBLOG_PROCESSES=1))
    rewritten = [n for n in after if n.endswith(".html") and after[n][1] != before[n][1]]
    assert after.keys() == before.keys()
    assert not [n for n in rewritten if n.startswith(SPEC.slug(0) + "/")], rewritten


def test_without_the_cache_every_page_is_rendered(archive, tmp_path):
    before = snapshot(rebuilt(archive, tmp_path))
    after = snapshot(rebuilt(archive, tmp_path, LOAD_CONTENT_CACHE=False))
    pages = [name for name in after if name.endswith(".html")]
    assert all(after[name][1] != before[name][1] for name in pages)


def test_a_template_changed_between_two_runs_of_one_process_renders_everything(archive, tmp_path):
    """As `pelican -r` (make regenerate) does: the same Pelican runs again after an edit."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    with one_pelican(archive, tmp_path, theme) as pelican:
        pelican.run()
        template = theme / "templates" / "base.html"
        text = template.read_text()
        assert "Skip to content" in text
        template.write_text(text.replace("Skip to content", "Skip to the content"))
        pelican.run()
    pages = list((tmp_path / "out").glob("*/update-*/index.html"))
    assert len(pages) >= SPEC.blogs * (SPEC.updates - 2)
    assert all("Skip to the content" in page.read_text() for page in pages)


def test_after_a_stale_cache_the_next_run_of_one_process_renders_only_the_edit(archive, tmp_path):
    """`make regenerate` started after the templates changed: its first build renders
    everything (the cache is stale), and each build after it only what was edited."""
    rebuilt(archive, tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "base.html"
    template.write_text(template.read_text().replace("Skip to content", "Skip to the content"))
    with one_pelican(archive, tmp_path, theme) as pelican:
        pelican.run()
        before = snapshot(tmp_path / "out")
        entry = edit_entry(archive, 1, "Correction: an editor added this paragraph.")
        pelican.run()
    after = snapshot(tmp_path / "out")
    assert b"Skip to the content" in before[f"{SPEC.slug(0)}/index.html"][0]
    assert b"Correction: an editor" in after[f"{SPEC.slug(1)}/{entry.stem}/index.html"][0]
    rewritten = [n for n in after if n.endswith(".html") and after[n][1] != before[n][1]]
    assert not [n for n in rewritten if n.startswith(SPEC.slug(0) + "/")], rewritten


def test_a_fresh_checkout_with_content_hashes_renders_nothing_again(archive, tmp_path):
    """As a CI deploy does: every file gets a new modification time from the checkout;
    with CHECK_MODIFIED_METHOD = sha256 (publishconf.py) no live blog is rendered again,
    and an edited one is."""
    before = snapshot(rebuilt(archive, tmp_path, CHECK_MODIFIED_METHOD="sha256"))
    for path in archive.rglob("*"):
        os.utime(path, ns=(10**18, 10**18))
    entry = sorted((archive / SPEC.slug(1) / "updates").glob("*.md"))[0]
    entry.write_text(
        entry.read_text().replace("\n\n", "\nEdited: 2026-11-25\nEdit-Note: A note.\n\n", 1)
        + "\nAn edit after the checkout.\n"
    )
    after = snapshot(rebuilt(archive, tmp_path, CHECK_MODIFIED_METHOD="sha256"))
    rewritten = {name for name in after if after[name][1] != before[name][1]}
    assert f"{SPEC.slug(1)}/{entry.stem}/index.html" in rewritten
    assert not {n for n in rewritten if n.startswith((SPEC.slug(0) + "/", SPEC.slug(2) + "/"))}
