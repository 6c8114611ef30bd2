"""The live blogs' updates, read, checked and written by a generator of our own.

Pelican reads each live blog's `index.md` as an article (through our reader, see
`reader.py`); `LiveBlogGenerator`, added through Pelican's `get_generators` signal, does
the rest, because an archive holds tens of thousands of updates that are not articles of
their own (Pelican is told to leave the updates/ folders alone, `integrity.py`):
- `generate_context`: each live blog folder is matched with its article. A live blog
  unchanged since the last build (`state.py`) is not read at all. The others are read and
  checked by shards (`shard.py`), in worker processes where that pays; any problem, or a
  folder whose index.md Pelican could not read, stops the build with `file:line: message`.
  Every live blog article gets its updates' addresses and dates (`RecordedUpdate`): all
  that the pages listing every live blog (the index, the site feed, the sitemap) need;
- `generate_output`: the shards write the changed live blogs' pages; each is announced
  with Pelican's `content_written` signal, here, where other plugins listen; pages of
  live blogs and updates that no longer exist are removed; the state is saved.
Pelican's own article loop writes nothing for a live blog (`save_as` is empty).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.utils import SafeDatetime

from ..store.checker import check_live_blog, update_names
from ..store.schema import (
    INDEX,
    MISPLACED,
    SCHEMAS,
    UPDATES,
    Problem,
    live_blog_folders,
    source_path,
    template_line,
)
from . import feeds, integrity, series, times
from .reader import ENTRY, convert_body, entry_markdown
from .shard import LiveBlogView, Shards, live_blog_urls
from .state import BlogRecord, BuildState, fingerprint

log = logging.getLogger(__name__)

# What Pelican read, in its context (the generators of articles and pages run before ours).
PELICAN_CONTENT = ("articles", "drafts", "hidden_articles", "pages", "draft_pages", "hidden_pages")
# What a live blog's pages read of its article's metadata: the schema's fields, the Entry.
_KEYS = frozenset({f.key for f in SCHEMAS["live blog"]} | {ENTRY})


def is_live_blog(content: Any) -> bool:
    """A live blog's own index.md, read through the entry schema: not a copy of one
    somewhere else, which Pelican reads as a page with the same header."""
    return getattr(content, "template", None) == "liveblog" and ENTRY in content.metadata


def own_live_blog_pages(content: Any) -> None:
    """On `content_object_init`: a live blog's address is /<slug>/, and our generator
    writes its pages, not Pelican's article loop."""
    if is_live_blog(content):
        content.override_url = live_blog_urls(content.metadata["liveblog"])["url"]
        content.override_save_as = ""


class RecordedUpdate:
    """An update as the pages that list every live blog (the index, the site feed, the
    sitemap) need it: its address, date, label, and whether it is a key event."""

    def __init__(self, url: str, date: str, time_known: bool, label: str, key: bool) -> None:
        self.url = url
        self.date = SafeDatetime.fromisoformat(date)
        self.time_known = time_known
        self.metadata = {"label": label, "anchor": url.rstrip("/").rsplit("/", 1)[-1]}
        self.key = key


def attach_record(
    blog: Any, updates: list[list[Any]], pages: list[str], settings: dict[str, Any]
) -> None:
    """A live blog article's updates, newest first, as recorded; their times in the page's
    zone (coverage on the index), key events, feed ids (the site feed); the further pages
    of its views (the sitemap)."""
    blog.view_pages = [p.removesuffix("index.html") for p in pages if "/page/" in p]
    blog.updates = [RecordedUpdate(*update) for update in updates]
    blog.updates_chronological = blog.updates[::-1]
    # What those pages show of the updates' times: the coverage, the newest to the oldest.
    ends = blog.updates[:1] + blog.updates[-1:] if len(blog.updates) > 1 else blog.updates
    times.set_times(ends, times.page_zone(blog.metadata.get("timezone")))
    blog.key_events = [u for u in blog.updates if u.key]
    feeds.set_feed_ids(blog, blog.updates, settings)
    for name, url in live_blog_urls(blog.metadata["liveblog"]).items():
        if name != "url":  # Pelican's own, from `override_url`
            setattr(blog, name, url)


class LiveBlogGenerator(Generator):
    """Reads, checks and writes every live blog's updates (see the module's docstring)."""

    _open_stores: list[Any] = []  # noqa: RUF012 (shared on purpose: see __init__)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Made with the other generators, before any reads a file: the store's lock is
        # shared from here to the end of `generate_output`, and Pelican is told to leave
        # the updates/ folders to us.
        super().__init__(*args, **kwargs)
        # A build that failed before our `generate_output` (in another generator, say) left
        # its share of the lock open; builds of one process run one after another (as with
        # `pelican --autoreload`), so it is released here, never waited for.
        while LiveBlogGenerator._open_stores:
            LiveBlogGenerator._open_stores.pop().close()
        self.store = integrity.open_store(Path(self.settings["PATH"]))
        LiveBlogGenerator._open_stores.append(self.store)
        integrity.exclude_updates(self.settings)
        self.shards: Shards | None = None

    def generate_context(self) -> None:
        try:
            self._generate_context()
        except BaseException:
            self._close()
            raise

    def _close(self) -> None:
        if self.shards is not None:
            self.shards.close()
        self.store.close()

    def _generate_context(self) -> None:
        self.state = BuildState(self.settings)
        content = Path(self.settings["PATH"])
        articles = {
            a.metadata["liveblog"]: a for a in self.context.get("articles", []) if is_live_blog(a)
        }
        links = series.series_links(list(articles.values()), self.settings)
        problems = self._misplaced()
        changed: dict[str, tuple[Any, str]] = {}
        views = []
        for folder in live_blog_folders(content) if content.is_dir() else []:
            blog = articles.get(folder.name)
            if blog is None:  # Pelican could not read its index.md: say why, as `check` does
                problems += self._unread(folder)
                continue
            index = blog.metadata[ENTRY]
            source = source_path(index)
            where = os.fspath(folder)
            updates = f"{where}/{UPDATES}/"
            paths = [f"{where}/{INDEX}", *(updates + name for name in update_names(where))]
            paths += [os.fspath(source)] if source else []
            print_ = fingerprint(paths, self.settings.get("CHECK_MODIFIED_METHOD", "mtime"))
            print_ = series.with_series(print_, links.get(folder.name))
            record = self.state.unchanged(folder.name, print_)
            if record is not None:
                attach_record(blog, record.updates, record.pages, self.settings)
                self.state.record(folder.name, record)
                continue
            changed[folder.name] = (blog, print_)
            metadata = {k: v for k, v in blog.metadata.items() if k in _KEYS}
            views.append(LiveBlogView.of(blog, folder, metadata))
            views[-1].series = links.get(folder.name)  # series_nav.html
        if problems:
            integrity.fail(problems, content)
        if views:
            self.shards = Shards(self, views)
            for result in self.shards.read():
                blog, print_ = changed[result.slug]
                problems += result.problems
                attach_record(blog, result.updates, result.pages, self.settings)
                self.state.record(result.slug, BlogRecord(print_, result.pages, result.updates))
        if problems:
            integrity.fail(problems, content)

    def _misplaced(self) -> list[Problem]:
        """Pages Pelican read with a live blog's template that are not a live blog's
        index.md (a copy of one elsewhere): they would be published broken."""
        found = []
        for name in PELICAN_CONTENT:
            for page in self.context.get(name, []):
                if getattr(page, "template", None) == "liveblog" and not is_live_blog(page):
                    path = Path(page.source_path)
                    found.append(Problem(path, template_line(path) or 1, MISPLACED))
        return found

    def _unread(self, folder: Path) -> list[Problem]:
        md = entry_markdown(self.settings)
        found = check_live_blog(folder, lambda entry: convert_body(md, entry)[1]).problems
        return found or [
            Problem(folder / INDEX, 1, "was not read by Pelican: see ARTICLE_EXCLUDES")
        ]

    def generate_output(self, writer: Any) -> None:
        try:
            if self.shards is not None:
                written = self.shards.write()
                self.shards.close()
                output = Path(self.output_path)
                for page in [] if self.shards.announced else written:
                    signals.content_written.send(str(output / page), context=self.context)
            self.state.remove_stale()
            self.state.save()
        finally:
            self._close()


def get_generators(_pelican: Any) -> type[LiveBlogGenerator]:
    return LiveBlogGenerator
