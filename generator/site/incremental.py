"""Rebuild only the live blogs that changed: skip rendering pages whose bytes cannot change.

An archive of 200 live blogs × 50 updates is 10,000 permalink pages, 400 live blog pages
and 200 feeds and JSON exports; re-rendering all of them after one edit takes as long as a
cold build. A live blog's pages depend only on its own files (index.md, its updates,
source.txt), on the theme, on the settings and on this package's code. So after a build
the plugin records, per live blog, a fingerprint of all of those; the next build renders
a live blog's pages only if its fingerprint changed or one of its pages is missing from
the output folder. Pages that list every live blog (the index, the site feed, the
sitemap) are always written.

It works with Pelican's content cache and is switched on and off with it
(`CACHE_CONTENT`; `--ignore-cache` renders everything); the record is
`CACHE_PATH/liveblog-pages.json`. Files are fingerprinted as Pelican's cache does (their
modification time, plus size). Pelican's cache does not notice a change of settings, theme
or Markdown extension; this record does, and then the build also ignores Pelican's cache
(`check_cache`), so a changed extension never leaves stale HTML behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib import metadata
from pathlib import Path
from typing import Any

from pelican.writers import Writer

log = logging.getLogger(__name__)

STATE = "liveblog-pages.json"
SKIP = "LIVEBLOG_UNCHANGED_PAGES"  # context key: output paths not to render in this build
_PACKAGE = Path(__file__).resolve().parent


# Settings that say how to build, not what: they do not change a page.
# Worked out when Pelican starts (`check_cache`): the key then, and whether we turned
# Pelican's cache off (as opposed to the user, with --ignore-cache).
KEY = "LIVEBLOG_START_KEY"
NO_CACHE = "LIVEBLOG_CACHE_STALE"
_VOLATILE = frozenset(
    ["LOAD_CONTENT_CACHE", "CACHE_CONTENT", "WRITE_SELECTED", "LIVEBLOG_PARALLEL", KEY, NO_CACHE]
)


def enabled(settings: dict[str, Any]) -> bool:
    return bool(settings.get("CACHE_CONTENT"))


def _state_path(settings: dict[str, Any]) -> Path:
    return Path(settings.get("CACHE_PATH", "cache")) / STATE


def _load_state(settings: dict[str, Any]) -> dict[str, Any]:
    try:
        state = json.loads(_state_path(settings).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def check_cache(pelican: Any) -> None:
    """On `initialized`: if settings, theme or code changed, do not load Pelican's cache."""
    settings = pelican.settings
    if not enabled(settings):
        return
    # Readers and plugins add to the settings as they run (Pelican's Markdown reader adds
    # to MARKDOWN), so the key now is compared with the key the last build had now.
    settings[KEY] = build_key(settings)
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    if _load_state(settings).get("start_key") != settings[KEY]:
        log.info("liveblog: settings, theme or code changed since the last build; no cache")
        settings["LOAD_CONTENT_CACHE"] = False
        settings[NO_CACHE] = True


def _stamp(path: str | Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_mtime_ns}:{st.st_size}"


def build_key(settings: dict[str, Any]) -> str:
    """What every page depends on: settings, theme templates, our code, library versions."""
    h = hashlib.sha256()
    stable = {k: v for k, v in settings.items() if k not in _VOLATILE}
    h.update(json.dumps(stable, sort_keys=True, default=_describe).encode())
    for version in ("pelican", "markdown", "jinja2"):
        h.update(f"{version}={metadata.version(version)}\n".encode())
    theme = Path(settings.get("THEME", ""))
    files = sorted(_PACKAGE.glob("*.py")) + sorted((theme / "templates").rglob("*"))
    for extra in settings.get("THEME_TEMPLATES_OVERRIDES", []) or []:
        files += sorted(Path(extra).rglob("*"))
    for path in files:
        if path.is_file():
            h.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _describe(value: Any) -> Any:
    """Settings values JSON cannot show: sets sorted, functions and classes by their name."""
    if isinstance(value, set | frozenset):
        return sorted(map(repr, value))
    name = getattr(value, "__qualname__", getattr(value, "__name__", ""))
    return f"{type(value).__module__}.{type(value).__name__}:{name}"


def fingerprint(key: str, blog: Any, updates: list[Any]) -> str:
    h = hashlib.sha256(key.encode())
    source = Path(blog.source_path).parent / blog.metadata.get("source-file", "source.txt")
    for path in [blog.source_path, source, *(u.source_path for u in updates)]:
        h.update(_stamp(path).encode() + b"\n")
    return h.hexdigest()


class Plan:
    """Which live blogs this build renders; loaded from and saved to CACHE_PATH."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.on = enabled(settings)
        self.path = _state_path(settings)
        self.output = Path(settings.get("OUTPUT_PATH", "output"))
        # Worked out again for every build: `pelican -r` rebuilds in the same process when
        # a template changes.
        self.key = build_key(settings) if self.on else ""
        self.start_key = settings.get(KEY, "")
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        # Every file written for each live blog, by this build and (as far as the record
        # says, for this output folder) by the last one: what is no longer written goes.
        self.pages: dict[str, list[str]] = {}
        self.previous_pages: dict[str, list[str]] = {}
        # Not after --ignore-cache; and a build that starts from an empty output folder
        # has nothing to keep.
        trust = self.on and (settings.get("LOAD_CONTENT_CACHE") or settings.get(NO_CACHE))
        trust = trust and not settings.get("DELETE_OUTPUT_DIRECTORY")
        record = _load_state(settings)
        if record.get("output") == os.fspath(self.output) and isinstance(record.get("pages"), dict):
            self.previous_pages = record["pages"]
        state = record if trust else {}
        if state.get("key") == self.key and isinstance(state.get("live_blogs"), dict):
            self.previous = state["live_blogs"]

    def unchanged(self, slug: str, blog: Any, updates: list[Any], pages: list[str]) -> bool:
        """Record the live blog's fingerprint; True if its `pages` (every file rendered for
        it, relative to the output folder) need not be rendered again."""
        self.pages[slug] = sorted(pages)
        if not self.on:
            return False
        self.current[slug] = fingerprint(self.key, blog, updates)
        if self.previous.get(slug) != self.current[slug]:
            return False
        output = os.fspath(self.output) + os.sep
        return all(os.path.isfile(output + name) for name in pages)

    def remove_stale(self, output: Path) -> list[Path]:
        """Delete the files the last build wrote for live blogs (or updates) that this
        build did not write: an update or a live blog deleted from the content."""
        root = output.resolve()
        now = {page for pages in self.pages.values() for page in pages}
        removed = []
        for page in sorted({p for pages in self.previous_pages.values() for p in pages} - now):
            path = (root / page).resolve()
            if root not in path.parents or not path.is_file():
                continue
            path.unlink()
            removed.append(path)
            for folder in path.parents:
                if folder == root or any(folder.iterdir()):
                    break
                folder.rmdir()
        if removed:
            log.info(
                "liveblog: %d page(s) of deleted updates removed from %s", len(removed), output
            )
        return removed

    def save(self) -> None:
        """After every page was written: what the next build can trust."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        state = {"output": os.fspath(self.output), "pages": self.pages}
        if self.on:
            state.update(key=self.key, start_key=self.start_key, live_blogs=self.current)
        tmp.write_text(json.dumps(state, indent=0, sort_keys=True), "utf-8")
        os.replace(tmp, self.path)


class SkippingWriter(Writer):
    """Pelican's writer, except for the pages the plan found unchanged."""

    def write_file(self, name: Any, template: Any, context: dict[str, Any], *args, **kwargs):
        if name and name in context.get(SKIP, ()):
            return None
        return super().write_file(name, template, context, *args, **kwargs)


def get_writer(_pelican: Any) -> type[Writer]:
    return SkippingWriter
