"""What the last build wrote, so that a rebuild renders only the live blogs that changed.

A live blog's pages (its two views, a permalink page per update, its feed, JSON export and
raw source) depend only on its own files and on what every page depends on: the theme's
templates, the settings, the site-side code that renders them (this package's `site/`
and the entry schema and format of `store/`, not the converter) and the versions of
Pelican, Python-Markdown and Jinja2. That is the build key. After a successful build the
state records, per live blog, a fingerprint of its files (names, sizes, modification
times, as Pelican's own cache does) and the key, the pages it wrote, and what pages that
list every live blog need of it (its updates' addresses and dates, for the sitemap);
the next build renders a live blog again only if its fingerprint or the key changed or a
page of it is missing from the output folder, and removes the pages of live blogs and
updates that are gone.

The record is `CACHE_PATH/liveblog-archive.json`, one object loaded at the start of a
build and saved at its end (never after a failed build). It is used when Pelican's
content cache is (`CACHE_CONTENT`; `pelican --ignore-cache` renders everything); when
the key changed, Pelican's cache is not loaded either (`start`), so a changed Markdown
extension never leaves stale HTML behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import weakref
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache

log = logging.getLogger(__name__)

RECORD = "liveblog-archive.json"
VERSION = 2
_SITE = Path(__file__).resolve().parent
# The code pages depend on: the site wing, and the entry schema and format it reads with.
_CODE = [
    *sorted(_SITE.glob("*.py")),
    *(_SITE.parent / "store" / n for n in ("schema.py", "entry_format.py", "checker.py")),
]
# Settings that say how to build, not what: they change no page of a live blog.
# (ARTICLE_EXCLUDES gains each live blog's updates/ folder as the build starts.)
# LIVEBLOG_PROCESSES: how many processes write the same bytes.
_VOLATILE = frozenset(
    [
        "LOAD_CONTENT_CACHE",
        "CACHE_CONTENT",
        "DELETE_OUTPUT_DIRECTORY",
        "ARTICLE_EXCLUDES",
        "LIVEBLOG_PROCESSES",
    ]
)


def build_key(settings: dict[str, Any]) -> str:
    """What every page depends on: settings, templates, site-side code, library versions."""
    h = hashlib.sha256()
    stable = {k: v for k, v in settings.items() if k not in _VOLATILE}
    # Pelican's Markdown reader adds `meta` and the configured extensions to MARKDOWN when
    # it starts: the key is the same before and after.
    markdown = dict(stable.get("MARKDOWN", {}))
    named = {*markdown.get("extensions", []), *markdown.get("extension_configs", {})}
    markdown["extensions"] = sorted(map(str, named - {"markdown.extensions.meta"}))
    stable["MARKDOWN"] = markdown
    h.update(json.dumps(stable, sort_keys=True, default=_describe).encode())
    for name in ("pelican", "markdown", "jinja2"):
        h.update(f"{name}={metadata.version(name)}\n".encode())
    templates = [Path(settings.get("THEME", "")) / "templates"]
    templates += [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", []) or []]
    files = [*_CODE, *(p for folder in templates for p in sorted(folder.rglob("*")))]
    for path in files:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _describe(value: Any) -> Any:
    """Settings values JSON cannot show: sets sorted, functions and classes by their name."""
    if isinstance(value, set | frozenset):
        return sorted(map(repr, value))
    name = getattr(value, "__qualname__", getattr(value, "__name__", ""))
    return f"{type(value).__module__}.{type(value).__name__}:{name}"


def fingerprint(paths: list[str], method: str = "mtime") -> str:
    """The files of a live blog as Pelican's cache sees them (`CHECK_MODIFIED_METHOD`):
    names, sizes and modification times, or, with the name of a hash (`sha256`), their
    contents: what a fresh checkout (new modification times, as in CI) needs."""
    parts = []
    for path in paths:
        try:
            if method == "mtime":
                st = os.stat(path)
                parts.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n")
            else:
                digest = hashlib.new(method, Path(path).read_bytes()).hexdigest()
                parts.append(f"{path}\0{digest}\n")
        except OSError:
            parts.append(f"{path}\0missing\n")
    return hashlib.sha256("".join(parts).encode()).hexdigest()


@dataclass
class BlogRecord:
    """What a build wrote for one live blog, and what the next needs without reading it."""

    fingerprint: str
    pages: list[str]  # relative to the output folder
    updates: list[list[Any]] = field(default_factory=list)  # shard.record_of each update


class BuildState:
    """The record of the last build, and this build's, for one output folder."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.path = Path(settings.get("CACHE_PATH", "cache")) / RECORD
        self.output = os.fspath(Path(settings.get("OUTPUT_PATH", "output")).resolve())
        self.on = bool(settings.get("CACHE_CONTENT"))
        self.key = build_key(settings)
        self.previous: dict[str, BlogRecord] = {}
        self.written: dict[str, list[str]] = {}  # every build: what it wrote, to remove later
        self.current: dict[str, BlogRecord] = {}
        record = self._load()
        if record.get("output") == self.output:
            self.written = {k: v["pages"] for k, v in record.get("blogs", {}).items()}
        # Not after --ignore-cache, a changed key or an output folder emptied by Pelican.
        trusted = (
            self.on
            and record.get("key") == self.key
            and settings.get("LOAD_CONTENT_CACHE")
            and not settings.get("DELETE_OUTPUT_DIRECTORY")
        )
        if trusted and record.get("output") == self.output:
            self.previous = {
                slug: BlogRecord(v["fingerprint"], v["pages"], v["updates"])
                for slug, v in record.get("blogs", {}).items()
            }

    def _load(self) -> dict[str, Any]:
        try:
            record = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return record if isinstance(record, dict) and record.get("version") == VERSION else {}

    def unchanged(self, slug: str, print_: str) -> BlogRecord | None:
        """The last build's record of a live blog, if its pages are still what this build
        would write: same fingerprint, same key, every page still in the output folder."""
        before = self.previous.get(slug)
        if before is None or before.fingerprint != print_:
            return None
        isfile, output = os.path.isfile, self.output
        if not all(isfile(f"{output}/{page}") for page in before.pages):
            return None
        return before

    def record(self, slug: str, blog: BlogRecord) -> None:
        self.current[slug] = blog

    def remove_stale(self) -> list[Path]:
        """Delete the files the last build wrote for live blogs (or updates) that this
        build did not: an update or a live blog deleted from the content."""
        root = Path(self.output)
        now = {page for blog in self.current.values() for page in blog.pages}
        removed = remove_pages(root, {p for pages in self.written.values() for p in pages} - now)
        if removed:
            log.info("liveblog: %d page(s) of deleted updates removed from %s", len(removed), root)
        return removed

    def save(self) -> None:
        """After every page was written: what the next build can trust."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "version": VERSION,
            "key": self.key,
            "output": self.output,
            "blogs": {
                slug: {"fingerprint": b.fingerprint, "pages": b.pages, "updates": b.updates}
                for slug, b in sorted(self.current.items())
            },
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, separators=(",", ":")), "utf-8")
        os.replace(tmp, self.path)


def keep_compiled_templates(pelican: Any) -> None:
    """On `initialized`: compiled templates are kept in `CACHE_PATH/jinja` between builds
    (Jinja's bytecode cache: a rebuild compiles no template), unless `JINJA_ENVIRONMENT`
    names a `bytecode_cache` of its own (`None` for none)."""
    settings = pelican.settings
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    if "bytecode_cache" in environment:
        return
    folder = Path(settings.get("CACHE_PATH", "cache")) / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a read-only checkout builds, compiling every template
        log.warning("liveblog: templates are not kept between builds: %s", error)
        return
    environment["bytecode_cache"] = FileSystemBytecodeCache(str(folder))
    settings["JINJA_ENVIRONMENT"] = environment


# Pelican instances whose first build does not load the content cache (see `start`).
_CACHE_SKIPPED: weakref.WeakSet[Any] = weakref.WeakSet()


def start(pelican: Any) -> None:
    """On `initialized`: if templates, settings or site code changed since the last build,
    the first build does not load Pelican's content cache either (its HTML may be stale).
    Only the first: `restore_cache` gives the setting back after it, so that the builds a
    running Pelican makes next (`pelican --autoreload`, `make regenerate`) render only
    what changed."""
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    path = Path(settings.get("CACHE_PATH", "cache")) / RECORD
    try:
        key = json.loads(path.read_text("utf-8")).get("key")
    except (OSError, ValueError, AttributeError):
        key = None
    if key is not None and key != build_key(settings):
        log.info("liveblog: templates, settings or code changed since the last build; no cache")
        settings["LOAD_CONTENT_CACHE"] = False
        _CACHE_SKIPPED.add(pelican)


def restore_cache(pelican: Any) -> None:
    """On `finalized` (a build that succeeded, and saved its state): the next build of
    this Pelican loads the content cache again, if `start` had turned it off."""
    if pelican in _CACHE_SKIPPED:
        _CACHE_SKIPPED.discard(pelican)
        pelican.settings["LOAD_CONTENT_CACHE"] = True


def remove_pages(output: Path, pages: set[str]) -> list[Path]:
    """Delete these pages (paths relative to `output`; none outside it) and the folders
    they leave empty; the files removed."""
    root = output.resolve()
    removed = []
    for page in sorted(pages):
        path = (root / page).resolve()
        if root not in path.parents or not path.is_file():
            continue
        path.unlink()
        removed.append(path)
        for folder in path.parents:
            if folder == root or any(folder.iterdir()):
                break
            folder.rmdir()
    return removed
