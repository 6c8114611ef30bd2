"""Pelican plugin: live blogs and their updates, read, checked and published.

Signals used (no module-level state but per Pelican instance: autoreload rebuilds in the
same process):
- initialized: the `xml_safe` and `relink` template filters; hidden files are never
  content; compiled templates are kept in CACHE_PATH (`state.keep_compiled_templates`);
- initialized, finalized: Pelican's cache is not loaded by the first build when templates,
  settings or code changed, and is by the next ones (`state.start`, `state.restore_cache`);
- readers_init: Markdown entries of live blogs are read through the entry schema
  (`reader.py`);
- content_object_init: a live blog's address is /<slug>/ and its pages are ours
  (`liveblogs.own_live_blog_pages`);
- get_generators: `liveblogs.LiveBlogGenerator` reads, checks and writes the updates, the
  two views, permalink pages, feeds, JSON exports and raw sources of the live blogs, and
  renders again only those that changed (`state.py`);
- get_generators, finalized: the search page, and the search index of every update
  (Pagefind), built again only when a page it reads changed (`search.py`);
- get_generators: the archive's index by year and month, publisher and series
  (`archive_index.py`; a live blog's series links: `series.py`).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from ..store.schema import without_forbidden_characters
from . import archive_index, integrity, liveblogs, reader, search, shard, state
from .jsonld import plain_text


def add_filters(pelican: Any) -> None:
    """On `initialized`: `xml_safe` for text in feeds (see `schema.forbidden_character`),
    `relink` for HTML rendered once for pages at any depth (see `shard.py`), `plain_text`
    for an update's own text without the interface around it (`jsonld.py`)."""
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["xml_safe"] = without_forbidden_characters
    filters["relink"] = shard.relink
    filters["plain_text"] = plain_text


def register() -> None:
    signals.initialized.connect(add_filters)
    signals.initialized.connect(integrity.ignore_hidden_files)
    signals.initialized.connect(state.keep_compiled_templates)
    signals.initialized.connect(state.start)
    signals.finalized.connect(state.restore_cache)
    signals.readers_init.connect(reader.use_live_blog_reader)
    signals.content_object_init.connect(liveblogs.own_live_blog_pages)
    signals.get_generators.connect(liveblogs.get_generators)
    signals.get_generators.connect(search.get_generators)
    signals.get_generators.connect(archive_index.get_generators)
    signals.finalized.connect(search.build_index)
