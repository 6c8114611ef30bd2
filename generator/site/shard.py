"""A share of the live blogs, read, checked and written by one process.

The build's main process (Pelican's) hands each changed live blog to a `Shard` in two
steps, so that nothing is written unless every live blog passed:
1. `read`: its updates are read through the entry schema, their Markdown converted once,
   the live blog checked as a whole; the shard keeps the live blog and its `Update`s,
   pickled and compressed (`pack`: a fraction of their memory), and returns only what
   the main process needs: problems, the pages it will write and each update's address
   and date (for the index and the sitemap);
2. `write`: every page of each live blog it read, through Pelican's writer: the
   newest-first and chronological views, a permalink page per update, its Atom feed, its
   JSON export, its raw source. Each update's article HTML (`update_article.html`) is
   rendered once and put into every page that shows it; its links to the site carry a
   placeholder (`SITEURL_TOKEN`) each page replaces with its own `SITEURL` (`relink`).

With more than one CPU, shards run in worker processes (`Shards`): a
`concurrent.futures` pool of one process per shard, started by a forkserver, whole live
blogs as the unit of work, so that `write` goes to the process that kept what `read`
made. The same code runs in the main process when one process is better (few updates,
one CPU, `LIVEBLOG_PROCESSES = 1`, settings that cannot be sent to another process):
the pages are the same bytes either way.
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import os
import pickle
import re
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from itertools import groupby
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.utils import SafeDatetime
from pelican.writers import Writer

from .. import __version__
from ..store.checker import check_live_blog, update_paths
from ..store.export import dumps, entries_json
from ..store.schema import Entry, Problem
from .jsonld import JsonLd
from .reader import convert_body, entry_markdown

log = logging.getLogger(__name__)

SETTING = "LIVEBLOG_PROCESSES"  # how many processes build live blogs (default: the CPUs)
MIN_UPDATES = 2000  # fewer updates than this: starting processes costs more than it saves
SITEURL_TOKEN = "\x1asiteurl\x1a"  # a control character: no entry can hold it
CHRONOLOGICAL = "{liveblog}/chronological/"
FEED = "{liveblog}/feed.atom.xml"
DATA = "{liveblog}/{liveblog}.json"
SOURCE = "{liveblog}/source.txt"


def live_blog_urls(slug: str) -> dict[str, str]:
    return {
        "url": f"{slug}/",
        "chronological_url": CHRONOLOGICAL.format(liveblog=slug),
        "feed_url": FEED.format(liveblog=slug),
        "data_url": DATA.format(liveblog=slug),
        "source_url_local": SOURCE.format(liveblog=slug),
    }


def relink(html: str, siteurl: str) -> Markup:
    """A filter: HTML rendered once, with this page's SITEURL in place of the placeholder."""
    return Markup(str(html).replace(SITEURL_TOKEN, siteurl))


# ---------------------------------------------------------------------------- the model


@dataclass
class LiveBlogView:
    """A live blog as its pages show it, made from Pelican's article for it (which stays
    in the main process): what the templates read of `article`."""

    folder: str  # path of its folder
    title: str
    content: str  # the standfirst's HTML
    summary: str
    metadata: dict[str, Any]
    date: Any
    url: str
    updates: list[Any] = field(default_factory=list)

    @classmethod
    def of(cls, article: Any, folder: Path, metadata: dict[str, Any]) -> LiveBlogView:
        return cls(
            folder=str(folder),
            title=article.title,
            content=article.content,
            summary=article.summary,
            metadata=metadata,
            date=article.date,
            url=article.url,
        )


_TAG = re.compile(r"<[^>]+>")


class Update:
    """One update as the site shows it: its entry's values, its body's HTML once, its page."""

    def __init__(self, entry: Entry, content: str, blog: LiveBlogView, settings: dict) -> None:
        values = entry.values
        self.metadata = values
        self.entry = entry
        self.source_path = str(entry.path)
        self.content = content  # the body's HTML, links to the site as SITEURL_TOKEN
        self.liveblog_article = blog
        self.anchor = values["anchor"]
        self.title = values["title"]
        self.kind = values["kind"]
        self.time_known = values["time-known"]
        when = values["date"]
        self.date = SafeDatetime(
            when.year, when.month, when.day, when.hour, when.minute, when.second, tzinfo=when.tzinfo
        )
        self.url = f"{blog.metadata['liveblog']}/{self.anchor}/"
        self.save_as = self.url + "index.html"
        self.label = values.get("label", "")
        self.display_label = display_label(self.label)
        self.datetime_attr = (
            self.date.isoformat(timespec="minutes") if self.time_known else f"{self.date:%Y-%m-%d}"
        )
        # datetime's own strftime: Pelican's (which adds %-d and locale names) is 5× slower.
        self.day_label = datetime.strftime(self.date, "%-d %B %Y")
        self.long_day_label = datetime.strftime(self.date, "%A %-d %B %Y")
        # How a link to it names it: its time, or its day when the page printed no time.
        self.short_label = self.display_label if self.time_known else self.day_label
        self.newer: Update | None = None
        self.older: Update | None = None
        self.snippet = Markup("")  # update_article.html, rendered once (see `write`)
        self._words = settings.get("SUMMARY_MAX_LENGTH")
        self._suffix = settings.get("SUMMARY_END_SUFFIX", "…")
        self._summary: str | None = None

    @property
    def summary(self) -> str:
        """Its first SUMMARY_MAX_LENGTH words, as plain text (a page's description)."""
        if self._summary is None:
            words = unescape(_TAG.sub(" ", self.content)).split()
            if self._words is not None and len(words) > self._words:
                words = [*words[: self._words], self._suffix]
            self._summary = " ".join(words)
        return self._summary


def display_label(label: str) -> str:
    """`1737 GMT` → `17:37 GMT`; other labels as printed."""
    if len(label) > 5 and label[:4].isdigit() and label[4] == " ":
        return f"{label[:2]}:{label[2:4]}{label[4:]}"
    return label


def _days(updates: list[Update]) -> list[tuple[Any, list[Update]]]:
    return [(day, list(group)) for day, group in groupby(updates, key=lambda u: u.date.date())]


def link(updates: list[Update] | None) -> None:
    """Each update's neighbours (None: unlink them all)."""
    for index, update in enumerate(updates or []):
        update.newer = updates[index - 1] if updates and index > 0 else None
        update.older = updates[index + 1] if updates and index + 1 < len(updates) else None


def attach(blog: LiveBlogView, updates: list[Update], settings: dict[str, Any]) -> None:
    """What the templates of a live blog's pages show: its updates in both orders, by day,
    neighbours, its other pages' addresses."""
    link(updates)
    blog.updates = updates
    blog.updates_chronological = updates[::-1]
    blog.days = _days(updates)
    blog.days_chronological = _days(blog.updates_chronological)
    for name, url in live_blog_urls(blog.metadata["liveblog"]).items():
        setattr(blog, name, url)
    blog.converter = f"liveblog-archive {__version__}"
    blog.embed_count = sum(u.content.count('class="embed ') for u in updates)
    blog.json_ld = JsonLd(blog, updates, settings)


def pages_of(blog: Any) -> list[str]:
    """Every file written for a live blog, relative to the output folder."""
    urls = live_blog_urls(blog.metadata["liveblog"])
    pages = [
        urls["url"] + "index.html",
        urls["chronological_url"] + "index.html",
        *(update.save_as for update in blog.updates),
        urls["feed_url"],
        urls["data_url"],
    ]
    return pages + ([urls["source_url_local"]] if blog.metadata.get("source-file") else [])


@dataclass
class ReadResult:
    """What the main process learns of a live blog a shard read."""

    slug: str
    problems: list[Problem]
    pages: list[str]
    updates: list[tuple[str, str]]  # (address, ISO date) of each, newest first


# ---------------------------------------------------------------------------- a shard


class Shard:
    """Reads, checks and writes a share of the live blogs (see the module's docstring)."""

    def __init__(self, settings: dict[str, Any], path: str, theme: str, output: str) -> None:
        self.settings = settings
        self.output = Path(output)
        self.generator = Generator(dict(settings), settings, path, theme, output)
        self.md = entry_markdown(settings)
        self.blogs: list[bytes] = []  # read and checked, packed until written

    def read(self, blogs: list[LiveBlogView]) -> list[ReadResult]:
        return [self._read(blog) for blog in blogs]

    def _read(self, view: LiveBlogView) -> ReadResult:
        # A copy gets the updates and is packed: the view, which the caller holds until
        # every live blog was read, stays as light as it came.
        blog = copy.copy(view)
        folder = Path(blog.folder)
        html: dict[Path, str] = {}

        def convert(entry: Entry) -> list[Problem]:
            html[entry.path], problems = convert_body(self.md, entry)
            return problems

        checked = check_live_blog(folder, convert)  # exactly as `check` reads it
        if checked.problems:
            return ReadResult(folder.name, checked.problems, [], [])
        updates = [
            Update(e, html[e.path].replace("{static}", SITEURL_TOKEN), blog, self.settings)
            for e in sorted(checked.updates, key=lambda e: e.values["position"])
        ]
        attach(blog, updates, self.settings)
        blog.source_bytes = checked.source
        pages = pages_of(blog)
        self.blogs.append(pack(blog))
        return ReadResult(folder.name, [], pages, [(u.url, u.date.isoformat()) for u in updates])

    def write(self) -> list[str]:
        """Every page of the live blogs read; the paths written."""
        writer = Writer(str(self.output), settings=self.settings)
        pages = PageWriter(self.generator, writer, self.output)
        written: list[str] = []
        while self.blogs:
            written += pages.write_live_blog(unpack(self.blogs.pop(0), self.settings))
        return written


def pack(blog: LiveBlogView) -> bytes:
    """A live blog read and checked, kept until every live blog passed and it is written:
    pickled and compressed, a fraction of the memory its objects take (a process holding
    75,000 updates as objects needs over a gigabyte; BENCHMARKS.md). The blog is used up:
    its updates are unlinked from their neighbours (a chain of 20,000 is deeper than
    pickle may recurse) and its JSON-LD, which holds the settings, dropped; `unpack`
    makes both again."""
    for update in blog.updates:
        update.newer = update.older = None
    blog.json_ld = None
    return zlib.compress(pickle.dumps(blog, pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes, settings: dict[str, Any]) -> LiveBlogView:
    blog = pickle.loads(zlib.decompress(data))
    link(blog.updates)
    blog.json_ld = JsonLd(blog, blog.updates, settings)
    return blog


class PageWriter:
    """A live blog's pages, through Pelican's writer, each update's article rendered once."""

    def __init__(self, generator: Generator, writer: Writer, output: Path) -> None:
        self.writer = writer
        self.output = output
        self.context = generator.context
        self.settings = generator.settings
        self.relative = bool(self.settings.get("RELATIVE_URLS"))
        self.page = generator.get_template("liveblog")
        self.update_page = generator.get_template("update")
        self.article = generator.get_template("update_article")
        self.feed = generator.env.get_template("liveblog.atom.xml")

    def write_live_blog(self, blog: LiveBlogView) -> list[str]:
        for update in blog.updates:
            update.snippet = Markup(self.article.render(update=update, SITEURL=SITEURL_TOKEN))
        write, context, relative = self.writer.write_file, self.context, self.relative
        for view, url in (("newest", blog.url), ("chronological", blog.chronological_url)):
            write(
                url + "index.html", self.page, context, relative, article=blog, view=view, url=url
            )
        for update in blog.updates:
            write(
                update.save_as, self.update_page, context, relative, article=update, url=update.url
            )
        write(blog.feed_url, self.feed, context, relative_urls=False, article=blog)
        self._write_bytes(blog.data_url, export_json(blog, self.settings), blog)
        if blog.metadata.get("source-file"):
            self._write_bytes(blog.source_url_local, blog.source_bytes, blog)
        return pages_of(blog)

    def _write_bytes(self, name: str, data: bytes, blog: LiveBlogView) -> None:
        """A file that is not a page; written only when different, so an unchanged file
        keeps its modification time (and deploys skip it). Announced as Pelican's writer
        announces a page."""
        path = self.output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        signals.content_written.send(str(path), context={**self.context, "article": blog})


def export_json(blog: LiveBlogView, settings: dict[str, Any]) -> bytes:
    """The live blog's JSON export (store/export.py), with every page's address."""
    siteurl = settings.get("SITEURL", "")
    data = entries_json(
        blog.metadata["liveblog_entry"],
        [u.entry for u in blog.updates],
        lambda path: f"{siteurl}/{path}",
    )
    return dumps(data)


# ---------------------------------------------------------------------------- processes

_WORKER: Shard | None = None  # a worker process's shard (never set in the main process)


def _start_worker(settings: dict[str, Any], path: str, theme: str, output: str) -> None:
    global _WORKER
    _WORKER = Shard(settings, path, theme, output)


def _read_in_worker(blogs: list[LiveBlogView]) -> list[ReadResult]:
    assert _WORKER is not None
    return _WORKER.read(blogs)


def _write_in_worker() -> list[str]:
    assert _WORKER is not None
    return _WORKER.write()


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Shards:
    """The live blogs of a build, shared out between processes (or kept in this one)."""

    def __init__(self, generator: Any, blogs: list[LiveBlogView]) -> None:
        settings = generator.settings
        args = (settings, generator.path, generator.theme, generator.output_path)
        count = settings.get(SETTING) or usable_cpus()
        updates = sum(len(update_paths(Path(b.folder))) for b in blogs)
        self.pools: list[ProcessPoolExecutor] = []
        self.local: Shard | None = None
        self.shares = _share(blogs, count) if count > 1 and updates >= MIN_UPDATES else [blogs]
        if len(self.shares) > 1:
            try:
                pickle.dumps(args)
                self.pools = [_pool(args) for _ in self.shares]
            except (pickle.PicklingError, TypeError, AttributeError, ValueError, OSError) as error:
                log.info("liveblog: building in one process (%s)", error)
                self.close()
                self.shares = [blogs]
        if not self.pools:
            self.local = Shard(*args)

    def read(self) -> list[ReadResult]:
        if self.local is not None:
            return self.local.read(self.shares[0])
        futures = [
            pool.submit(_read_in_worker, share)
            for pool, share in zip(self.pools, self.shares, strict=True)
        ]
        return [result for future in futures for result in future.result()]

    @property
    def announced(self) -> bool:
        """Whether `write` announced its files with `content_written` in this process
        (a worker's signals reach no plugin: the main process announces them)."""
        return self.local is not None

    def write(self) -> list[str]:
        if self.local is not None:
            return self.local.write()
        futures = [pool.submit(_write_in_worker) for pool in self.pools]
        return [path for future in futures for path in future.result()]

    def close(self) -> None:
        for pool in self.pools:
            pool.shutdown(wait=True, cancel_futures=True)
        self.pools = []


def _pool(args: tuple[Any, ...]) -> ProcessPoolExecutor:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker, initargs=args)


def _share(blogs: list[LiveBlogView], count: int) -> list[list[LiveBlogView]]:
    """`count` shares of about the same number of updates each (largest first)."""
    sizes = {b.folder: len(update_paths(Path(b.folder))) for b in blogs}
    shares: list[list[LiveBlogView]] = [[] for _ in range(min(count, len(blogs)) or 1)]
    totals = [0] * len(shares)
    for blog in sorted(blogs, key=lambda b: -sizes[b.folder]):
        smallest = totals.index(min(totals))
        shares[smallest].append(blog)
        totals[smallest] += sizes[blog.folder]
    return shares
