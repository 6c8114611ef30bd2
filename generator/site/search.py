"""Full-text search: a Pagefind index of every update, built with every build.

Pagefind (its Python API, `pagefind`, driving the binary of `pagefind-bin`: no download,
no network) indexes the built site's HTML, and the search runs in the reader's browser
from files served by the site itself (`/pagefind/`).

What is indexed: each update's permalink page (`<slug>/<anchor>/index.html`), and on it
only the update (`update.html` marks it `data-pagefind-body`; `search_record.html` gives
its title, date and live blog as metadata, its live blog, publisher and year as filters
and its date as the sort key). The live blog pages, which show every update again, have
no `data-pagefind-body` and are left out: a word is found once, on its update's page,
and a result opens that page with the update's date at its top.

When: on Pelican's `finalized` signal, after every page was written. The index follows
the build's incremental rules: it is a function of the pages it reads, so after each
build the names, sizes and modification times of those pages (and what else decides the
index: Pagefind's version, this module's settings) are recorded as a fingerprint in
`CACHE_PATH/liveblog-search.json`; a rebuild that wrote, added or removed no such page
finds the same fingerprint and leaves the index as it is. Otherwise the whole index is
built again (Pagefind has no partial update; it reads about 5,000 pages a second here,
see BENCHMARKS.md) into a fresh folder that then takes the old one's place, so a failed
index never leaves half a bundle behind. Every file of a new bundle is announced with
Pelican's `content_written` signal, as the pages are.

Settings: `LIVEBLOG_SEARCH` (default True; False builds no index, no search page and no
search box).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

log = logging.getLogger(__name__)

SETTING = "LIVEBLOG_SEARCH"
BUNDLE = "pagefind"  # the bundle's folder in the output: /pagefind/
PAGE = "search/index.html"  # the search page
RECORD = "liveblog-search.json"
VERSION = 1
# The pages the index reads: an update's permalink page is <slug>/<anchor>/index.html.
# Other pages at that depth (a live blog's chronological view, the archive's year pages)
# have no data-pagefind-body: Pagefind reads and skips them.
GLOB = "*/*/index.html"
# Pagefind's settings (its CLI's config): one index for the site, in English, as the
# site's pages are; no playground on a public site.
CONFIG: dict[str, Any] = {"force_language": "en", "write_playground": False}


def enabled(settings: dict[str, Any]) -> bool:
    return bool(settings.get(SETTING, True))


def indexed_pages(output: Path) -> list[tuple[str, int, int]]:
    """The pages the index reads (GLOB), as (path, size, modification time), sorted."""
    pages = []
    try:
        tops = sorted(
            (e for e in os.scandir(output) if e.is_dir() and e.name != BUNDLE),
            key=lambda e: e.name,
        )
    except FileNotFoundError:
        return []
    for top in tops:
        try:
            subs = sorted(e.name for e in os.scandir(top.path) if e.is_dir())
        except OSError:
            continue
        for sub in subs:
            try:
                st = os.stat(os.path.join(top.path, sub, "index.html"))
            except OSError:
                continue
            pages.append((f"{top.name}/{sub}/index.html", st.st_size, st.st_mtime_ns))
    return pages


def fingerprint(pages: list[tuple[str, int, int]]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(CONFIG, sort_keys=True).encode())
    h.update(f"pagefind={metadata.version('pagefind')}\n".encode())
    for name, size, mtime in pages:
        h.update(f"{name}\0{size}\0{mtime}\n".encode())
    return h.hexdigest()


class SearchIndex:
    """The search index of one output folder, and the record of what it was built from."""

    def __init__(self, settings: dict[str, Any], output: str | Path) -> None:
        self.output = Path(output)
        self.bundle = self.output / BUNDLE
        self.record = Path(settings.get("CACHE_PATH", "cache")) / RECORD
        # As the pages' own rule (state.py): trusted only with Pelican's cache on and loaded.
        self.trusted = bool(settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"))

    def up_to_date(self, print_: str) -> bool:
        if not self.trusted or not (self.bundle / "pagefind-entry.json").is_file():
            return False
        try:
            record = json.loads(self.record.read_text("utf-8"))
        except (OSError, ValueError):
            return False
        return (
            isinstance(record, dict)
            and record.get("version") == VERSION
            and record.get("output") == os.fspath(self.output.resolve())
            and record.get("fingerprint") == print_
        )

    def update(self, context: dict[str, Any] | None = None) -> int | None:
        """Build the index again if a page it reads changed; the number of pages indexed,
        or None when the index was up to date."""
        pages = indexed_pages(self.output)
        print_ = fingerprint(pages)
        if self.up_to_date(print_):
            log.info("search: no page changed since the last build; index kept")
            return None
        fresh = self.output / f".{BUNDLE}-new"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            asyncio.run(_build(self.output, fresh))
            count = sum(1 for _ in (fresh / "fragment").glob("*.pf_fragment"))
            self._swap(fresh)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        self._save(print_)
        for path in sorted(self.bundle.rglob("*")):
            if path.is_file():
                signals.content_written.send(str(path), context=context or {})
        log.info("search: %d updates indexed into %s", count, self.bundle)
        return count

    def _swap(self, fresh: Path) -> None:
        old = self.output / f".{BUNDLE}-old"
        shutil.rmtree(old, ignore_errors=True)
        if self.bundle.exists():
            self.bundle.rename(old)
        fresh.rename(self.bundle)
        shutil.rmtree(old, ignore_errors=True)

    def _save(self, print_: str) -> None:
        self.record.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "version": VERSION,
            "output": os.fspath(self.output.resolve()),
            "fingerprint": print_,
        }
        tmp = self.record.with_suffix(".tmp")
        tmp.write_text(json.dumps(record), "utf-8")
        os.replace(tmp, self.record)


async def _build(site: Path, into: Path) -> None:
    # Imported here: a site that turns search off never needs the package.
    from pagefind.index import PagefindIndex

    # Leaving the block writes the bundle to the configured output_path (only then: a
    # write_files() of our own would be followed by a second one, into the working folder).
    config = {**CONFIG, "output_path": os.fspath(into.resolve())}
    async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
        await index.add_directory(os.fspath(site.resolve()), glob=GLOB)


# ---------------------------------------------------------------------------- Pelican


def build_index(pelican: Any) -> None:
    """On `finalized`: the search index of the output folder, if a page it reads changed."""
    if enabled(pelican.settings):
        SearchIndex(pelican.settings, pelican.output_path).update()


class SearchPageGenerator(Generator):
    """Writes /search/: Pagefind's search UI, served from the site's own /pagefind/."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        if not enabled(self.settings):
            return
        writer.write_file(
            PAGE,
            self.get_template("search"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS"),
            url="search/",
        )


def get_generators(_pelican: Any) -> type[SearchPageGenerator]:
    return SearchPageGenerator
