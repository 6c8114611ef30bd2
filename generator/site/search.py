"""Full-text search: a Pagefind index of every update, built with every build.

Pagefind (the command of the `pagefind` package, the binary of `pagefind-bin`: no
download, no network; `_build`) indexes the built site's HTML, and the search runs in the
reader's browser from files served by the site itself (`/pagefind/`).

What is indexed: each update's permalink page (`<slug>/<anchor>/index.html`), and on it
only the update (`update.html` marks it `data-pagefind-body`, and marks where the page
shows them its title, date and live blog as metadata, its live blog, publisher and year
as filters and its moment in UTC as the sort key, mostly on elements the page has
anyway). The live blog pages, which show every update again, have no
`data-pagefind-body` and are left out: a word is found once, on its update's page,
and a result opens that page with the update's date at its top.

Shards. Pagefind holds a whole index in memory while it builds it, about 110 KB per page
here (1.1 GB for 10,000 updates; BENCHMARKS.md): one index of 150,000 updates would need
over 12 GB. So the updates are indexed in shards of at most `LIVEBLOG_SEARCH_SHARD_PAGES`
pages (8,000: under 1 GB each), one after the other, each a Pagefind bundle of its own
(`/pagefind/shard-<first day>/`), which the search page merges in the browser (Pagefind's
`mergeIndex`). A shard is a run of consecutive days (an update's day is in its anchor),
packed until the next day would pass the limit, so shards cover disjoint periods, oldest
first, listed in `/pagefind/shards.json`. `/pagefind/` itself is a tiny index that
carries Pagefind's UI. Sorting by date across shards: Pagefind scores a sorted result by
its place in its own index's sort order, and the merged list is ordered by score times
the index's weight; the search page gives shard i the weight B^i (B: one more than the
largest shard), so every result of a later shard outranks every result of an earlier
one, and each shard starts its sort order with a sentinel page (the one word `‿`, which
no search matches) so that no real result has the place 0, whose score no weight moves.

When: on Pelican's `finalized` signal, after every page was written. A shard's index is a
function of its pages, so after each build the names, sizes and modification times of
each shard's pages (and Pagefind's version and settings) are recorded as its fingerprint
in `CACHE_PATH/liveblog-search.json`; a rebuild builds again only the shards whose pages
were written, added or removed (an edit: the one or two shards of that live blog's
days), each into a fresh folder that then replaces the old one. Every file written is
announced with Pelican's `content_written` signal, as the pages are.

Settings: `LIVEBLOG_SEARCH` (default True; False builds no index, no search page and no
search box); `LIVEBLOG_SEARCH_SHARD_PAGES` (default 8,000).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from ..store.content_store import files_below
from ..store.schema import ANCHOR, live_blog_folders
from .integrity import ArchiveError

log = logging.getLogger(__name__)

SETTING = "LIVEBLOG_SEARCH"
SHARD_SETTING = "LIVEBLOG_SEARCH_SHARD_PAGES"
SHARD_PAGES = 8_000
BUNDLE = "pagefind"  # the bundle's folder in the output: /pagefind/
MANIFEST = "shards.json"  # /pagefind/shards.json: the shards, oldest first
PAGE = "search/index.html"  # the search page
RECORD = "liveblog-search.json"
ATTEMPTS = 3  # times a bundle is built before the build fails (see `incomplete`)
NOT_INDEXED = "Pagefind indexed"  # a bundle short of pages: not a flaw a second try mends
# Pagefind writes its UI into every bundle; a shard is only searched (the search page loads
# the UI from /pagefind/ and each shard's index through it), so a shard drops them: 420 KB
# of files a shard.
UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
VERSION = 3
SENTINEL = "\u203f"  # the sentinel page's one word (see the docstring)
# Pagefind's options: one index for the site, in English, as the site's pages are; errors
# only (a failure's last line is what the build reports). No playground: its default.
COMMAND_OPTIONS = {"force-language": "en", "glob": "*/*/index.html"}
_DAY = re.compile(r"^update-(\d{4}-\d{2}-\d{2})")


class SearchIndexError(ArchiveError):
    """The search index could not be made whole: the build fails with one line (the pages
    are written; the next build indexes again every shard this one did not finish)."""


def enabled(settings: dict[str, Any]) -> bool:
    return bool(settings.get(SETTING, True))


# ---------------------------------------------------------------------------- shards

Page = tuple[str, int, int]  # path in the output, size, modification time (ns)


def permalink_pages(output: Path, slugs: list[str]) -> dict[str, list[Page]]:
    """The permalink pages of the live blogs `slugs` (`<slug>/<anchor>/index.html`),
    by day (from the anchor; an `original-entry` takes its live blog's first day)."""
    by_day: dict[str, list[Page]] = {}
    for slug in sorted(slugs):
        try:
            subs = sorted(e.name for e in os.scandir(output / slug) if e.is_dir())
        except OSError:
            continue
        pages, undated = [], []
        for sub in subs:
            try:
                st = os.stat(output / slug / sub / "index.html")
            except OSError:
                continue
            if not ANCHOR.match(sub):  # the chronological view, or another page of ours
                continue
            page = (f"{slug}/{sub}/index.html", st.st_size, st.st_mtime_ns)
            day = _DAY.match(sub)
            if day:
                pages.append((day[1], page))
            else:
                undated.append(page)
        first = min((d for d, _ in pages), default="0000-00-00")
        for day, page in [*pages, *((first, p) for p in undated)]:
            by_day.setdefault(day, []).append(page)
    return by_day


@dataclass
class Shard:
    first_day: str
    pages: list[Page] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"shard-{self.first_day}"

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        h.update(json.dumps(COMMAND_OPTIONS, sort_keys=True).encode())
        h.update(f"{_versions()}\n{VERSION}\n".encode())
        for name, size, mtime in sorted(self.pages):
            h.update(f"{name}\0{size}\0{mtime}\n".encode())
        return h.hexdigest()


@functools.cache
def _versions() -> str:
    """The versions of Pagefind's package and of the binary it runs."""
    found = []
    for package in ("pagefind", "pagefind-bin", "pagefind-bin-extended"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{package}={metadata.version(package)}")
    return " ".join(found)


def plan_shards(by_day: dict[str, list[Page]], limit: int) -> list[Shard]:
    """Consecutive days packed into shards of at most `limit` pages (a day is never
    split: a day of more than `limit` updates is a shard of its own), oldest first. A
    change to one day moves the boundaries after it only if its count of pages changed."""
    shards: list[Shard] = []
    for day in sorted(by_day):
        pages = by_day[day]
        if not shards or (shards[-1].pages and len(shards[-1].pages) + len(pages) > limit):
            shards.append(Shard(day))
        shards[-1].pages.extend(pages)
    return shards


# ---------------------------------------------------------------------------- the index


class SearchIndex:
    """The search index of one output folder, and the record of what it was built from."""

    def __init__(self, settings: dict[str, Any], output: str | Path) -> None:
        self.output = Path(output)
        self.bundle = self.output / BUNDLE
        self.limit = max(1, int(settings.get(SHARD_SETTING, SHARD_PAGES)))
        self.record = Path(settings.get("CACHE_PATH", "cache")) / RECORD
        # As the pages' own rule (state.py): trusted only with Pelican's cache on and loaded.
        self.trusted = bool(settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"))

    def _previous(self) -> dict[str, str]:
        """The fingerprints of the shards the last build made (by name), if they can be
        trusted and are still there."""
        if not self.trusted:
            return {}
        try:
            record = json.loads(self.record.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(record, dict) or record.get("version") != VERSION:
            return {}
        if record.get("output") != os.fspath(self.output.resolve()):
            return {}
        if not (self.bundle / "pagefind-entry.json").is_file():
            return {}
        return {
            name: print_
            for name, print_ in record.get("shards", {}).items()
            if (self.bundle / name / "pagefind-entry.json").is_file()
        }

    def update(self, slugs: list[str], context: dict[str, Any] | None = None) -> list[str]:
        """Build again the shards whose pages changed (and the small bundle that carries
        the UI, when there is none); the names of the shards built."""
        shards = plan_shards(permalink_pages(self.output, slugs), self.limit)
        previous = self._previous()
        prints = {shard.name: shard.fingerprint() for shard in shards}
        stale = []
        for shard in shards:
            if previous.get(shard.name) != prints[shard.name]:
                stale.append(shard)
            elif flaw := incomplete(self.bundle / shard.name, len(shard.pages)):
                # Its pages did not change, but its bundle did (a file lost or emptied in
                # output/ since, by hand or by a copy cut short): made again, not kept.
                log.warning("search: %s: %s; indexing it again", shard.name, flaw)
                stale.append(shard)
        manifest = json.dumps(
            {"shards": [{"path": f"{s.name}/", "pages": len(s.pages) + 1} for s in shards]},
            separators=(",", ":"),
        ).encode()
        if not stale and previous.keys() == prints.keys():
            try:
                same = (self.bundle / MANIFEST).read_bytes() == manifest
            except OSError:
                same = False
            if same:
                log.info("search: no page changed since the last build; index kept")
                return []
        written: list[Path] = []
        if not previous:  # the bundle that carries the UI: made once, then kept
            written += self._build_into(self.bundle, None, keep={s.name for s in shards})
        for shard in stale:
            written += self._build_into(self.bundle / shard.name, shard)
        for name in sorted(set(previous) - set(prints)):
            shutil.rmtree(self.bundle / name, ignore_errors=True)
        for folder in self.bundle.glob("shard-*"):  # left by a build that failed
            if folder.name not in prints:
                shutil.rmtree(folder, ignore_errors=True)
        for folder in [*self.bundle.glob(".*-new"), *self.bundle.glob(".*-old")]:  # killed
            shutil.rmtree(folder, ignore_errors=True)
        (self.bundle / MANIFEST).write_bytes(manifest)
        written.append(self.bundle / MANIFEST)
        self._save(prints)
        for path in written:
            signals.content_written.send(str(path), context=context or {})
        count = sum(len(s.pages) for s in stale)
        log.info(
            "search: %d of %d shard(s) indexed again (%d pages) into %s",
            len(stale),
            len(shards),
            count,
            self.bundle,
        )
        return [s.name for s in stale]

    def _build_into(
        self, target: Path, shard: Shard | None, keep: set[str] | None = None
    ) -> list[Path]:
        """Build one bundle (a shard's, or with `shard` None the UI's own, holding only
        the sentinel) into a fresh folder that then takes `target`'s place; `keep` names
        folders of the old `target` to carry over (the shards inside /pagefind/)."""
        fresh = target.parent / f".{target.name}-new"
        stage = self.output / f".{BUNDLE}-stage"
        for path in (fresh, stage):
            shutil.rmtree(path, ignore_errors=True)
        try:
            _stage(self.output, stage, shard.pages if shard is not None else [])
            pages = len(shard.pages) if shard is not None else 0
            name = shard.name if shard is not None else "the search UI"
            for attempt in range(1, ATTEMPTS + 1):
                shutil.rmtree(fresh, ignore_errors=True)
                flaw = _build(stage, fresh) or incomplete(fresh, pages)
                if flaw is None:
                    break
                if attempt == ATTEMPTS or flaw.startswith(NOT_INDEXED):
                    raise SearchIndexError(
                        f"search: {name}: {flaw}; the search index was left as the last"
                        f" build made it (LIVEBLOG_SEARCH = False builds without one)"
                    )
                log.warning("search: %s: %s; indexing it again", name, flaw)
            if shard is not None:  # the search page runs the UI from /pagefind/ only
                for ui in UI_FILES:
                    (fresh / ui).unlink(missing_ok=True)
            files = [p for p in sorted(fresh.rglob("*")) if p.is_file()]
            old = target.parent / f".{target.name}-old"
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            fresh.rename(target)
            for name in sorted(keep or ()):
                if (old / name).is_dir():
                    (old / name).rename(target / name)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            for path in (fresh, stage):
                shutil.rmtree(path, ignore_errors=True)
        return [target / p.relative_to(fresh) for p in files]

    def _save(self, prints: dict[str, str]) -> None:
        self.record.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "version": VERSION,
            "output": os.fspath(self.output.resolve()),
            "shards": prints,
        }
        tmp = self.record.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, sort_keys=True), "utf-8")
        os.replace(tmp, self.record)


def incomplete(bundle: Path, pages: int) -> str | None:
    """Why a bundle Pagefind wrote is not whole (or None): an empty file, an entry file that
    does not read, not `pages` pages beside the sentinel, or not a fragment file for each.

    Whatever made it, a bundle is checked before it replaces the last one: with Pagefind's
    Python API (used before `_build`), a cold build here once left a shard's
    `pagefind-entry.json` and `wasm.unknown.pagefind` empty (0 bytes), a shard the search
    page cannot load, and the build went on. A bundle that is not whole is made again
    (`ATTEMPTS` times in all, then the build fails)."""
    files = files_below(bundle) if bundle.is_dir() else []  # os.scandir: 4× pathlib's speed
    empty = [rel for rel, entry in files if entry.stat(follow_symlinks=False).st_size == 0]
    if empty:
        return f"Pagefind left {len(empty)} empty file(s) ({', '.join(empty[:3])})"
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
        found = sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        return f"Pagefind's pagefind-entry.json does not read ({error})"
    if found != pages + 1:  # and the sentinel
        return f"{NOT_INDEXED} {found - 1} of {pages} pages (is data-pagefind-body on update.html?)"
    fragments = sum(1 for rel, _ in files if rel.startswith("fragment/"))
    if fragments != found:  # one a page
        return f"{fragments} of Pagefind's {found} page fragments are there"
    return None


def _stage(output: Path, stage: Path, pages: list[Page]) -> None:
    """A shard's pages, linked (or copied) under `stage` at their own paths, for Pagefind
    to read as a site (the addresses it records are the pages' own), and the sentinel: the
    first place in the sort order, a word no one searches for, at an address no live blog
    can have (`/_/_/`: a slug has no underscore)."""
    sentinel = stage / "_" / "_" / "index.html"
    sentinel.parent.mkdir(parents=True)
    sentinel.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title></title></head>'
        f'<body data-pagefind-body data-pagefind-sort="date:0">{SENTINEL}</body></html>\n',
        "utf-8",
    )
    for name, _, _ in pages:
        target = stage / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output / name, target)
        except OSError:
            shutil.copyfile(output / name, target)


def _build(stage: Path, into: Path) -> str | None:
    """Pagefind's command (the binary the `pagefind` package installs) on the site
    `stage`, writing its bundle into `into`; why it failed, or None. The command, not the
    package's Python API: the API's service ends Pagefind as soon as it says it wrote the
    files (once here before the last files were on disk: `incomplete`), and waits forever
    for an answer from a Pagefind that died (killed for its memory, say), where a command
    ends, with its exit status, when all is written."""
    # Imported here: a site that turns search off never needs the package.
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        return "Pagefind's binary was not found (`pip install 'pagefind[bin]'` installs it)"
    command = [os.fspath(binary), "--site", os.fspath(stage), "--output-path", os.fspath(into)]
    command += [f"--{option}={value}" for option, value in COMMAND_OPTIONS.items()]
    command.append("--silent")
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    except OSError as error:
        return f"Pagefind could not be run ({error.strerror or error})"
    if done.returncode != 0:
        said = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        status = f"exit status {done.returncode}" if done.returncode > 0 else "killed"
        return f"Pagefind failed ({status}{': ' + said[-1].strip() if said else ''})"
    return None


# ---------------------------------------------------------------------------- Pelican


def build_index(pelican: Any) -> None:
    """On `finalized`: the search index of the output folder, where a page it reads changed."""
    if enabled(pelican.settings):
        content = Path(pelican.settings["PATH"])
        slugs = [f.name for f in live_blog_folders(content)] if content.is_dir() else []
        SearchIndex(pelican.settings, pelican.output_path).update(slugs)


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
            page_url="search/",  # (Pelican's writer keeps `url` for itself)
        )


def get_generators(_pelican: Any) -> type[SearchPageGenerator]:
    return SearchPageGenerator
