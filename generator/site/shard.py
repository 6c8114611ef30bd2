"""A share of the live blogs, read, checked and written by one process.

The build's main process (Pelican's) hands each changed live blog to a `Shard` in two
steps, so that nothing is written unless every live blog passed:
1. `read`: its updates are read through the entry schema, their Markdown converted once,
   the live blog checked as a whole; the shard keeps the live blog and its `Update`s
   (beyond `KEEP_UPDATES`, pickled and compressed: `pack`, a fraction of their memory),
   and returns only what the main process needs: problems, the pages it will write and
   each update's address and date (for the index and the sitemap);
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
import json
import logging
import multiprocessing
import os
import pickle
import re
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
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
from ..store.checker import check_live_blog, update_names
from ..store.export import dumps, entries_json
from ..store.schema import Entry, Problem
from . import feeds, frame, times
from .citation import Citation
from .jsonld import (
    JsonLd,
    absolute_url,
    live_blog_posting,
    permalink_posting,
    serialise,
    update_posting,
)
from .reader import convert_body, entry_markdown

log = logging.getLogger(__name__)

SETTING = "LIVEBLOG_PROCESSES"  # how many processes build live blogs (default: the CPUs)
MIN_UPDATES = 2000  # fewer updates than this: starting processes costs more than it saves
SITEURL_TOKEN = "\x1asiteurl\x1a"  # a control character: no entry can hold it
# A view of a live blog longer than this is split into pages (the first stays at the
# view's address; the others at page/2/, page/3/…): a page ends after this many updates,
# or once its updates' HTML passes this many bytes.
PAGE_UPDATES = ("LIVEBLOG_PAGE_UPDATES", 200)
PAGE_BYTES = ("LIVEBLOG_PAGE_BYTES", 300_000)
# A view of more days than this lists on each page, in its rail, only the days that page
# shows (and its list of pages names the others' dates): all 500 days of a long live blog
# on each of its 400 pages was 88 KB a page (`make bench-scale`).
RAIL_DAYS = ("LIVEBLOG_RAIL_DAYS", 62)
# What a page of a view holds around its updates (head, header, archive band, rail of
# days and key events, lists of pages, footer), kept out of the page budget for them.
PAGE_FRAME = 32_000
# A shard keeps up to this many updates as objects until it writes them, and packs the
# live blogs it reads beyond them (`pack`): packing costs about a tenth of the build's
# time, and 10,000 updates as objects take about 150 MB.
KEEP_UPDATES = 10_000
ALL_PAGES = 15  # a view of at most this many pages lists them all on each
ANCHORS = "anchors.json"  # in a paginated live blog's folder: which page holds each anchor
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
        self.newer: Update | None = None
        self.older: Update | None = None
        self.snippet = Markup("")  # update_article.html, rendered once (see `write`)
        self._words = settings.get("SUMMARY_MAX_LENGTH")
        self._suffix = settings.get("SUMMARY_END_SUFFIX", "…")
        self._summary: str | None = None
        # when, local_day, datetime_attr and the labels shown: `times.set_times`

    @property
    def summary(self) -> str:
        """Its first SUMMARY_MAX_LENGTH words, as plain text (a page's description)."""
        if self._summary is None:
            words = unescape(_TAG.sub(" ", self.content)).split()
            if self._words is not None and len(words) > self._words:
                words = [*words[: self._words], self._suffix]
            self._summary = " ".join(words)
        return self._summary


def _days(updates: list[Update]) -> list[tuple[Any, list[Update]]]:
    """By local day (the page's zone), in the order given."""
    return [(day, list(group)) for day, group in groupby(updates, key=lambda u: u.local_day)]


def link(updates: list[Update]) -> None:
    """Each update's neighbours, newer and older (`pack` unlinks them)."""
    for index, update in enumerate(updates):
        update.newer = updates[index - 1] if index > 0 else None
        update.older = updates[index + 1] if index + 1 < len(updates) else None


def attach(blog: LiveBlogView, updates: list[Update], settings: dict[str, Any]) -> None:
    """What the templates of a live blog's pages show: its updates in both orders, their
    times in the page's zone, by day and hour, key events, neighbours, the archive frame,
    feed ids, its other pages' addresses (JSON-LD and citations: `attach_renderers`)."""
    for name, url in live_blog_urls(blog.metadata["liveblog"]).items():
        setattr(blog, name, url)
    link(updates)
    zone = times.page_zone(blog.metadata.get("timezone"))
    times.set_times(updates, zone)
    blog.zone_description = times.zone_description(
        blog.metadata.get("timezone"), (u.date for u in updates if u.time_known)
    )
    blog.updates = updates
    blog.updates_chronological = updates[::-1]
    blog.days = _days(updates)
    blog.days_chronological = _days(blog.updates_chronological)
    blog.hours = times.hours_by_day(updates)
    blog.hours_chronological = times.hours_by_day(blog.updates_chronological)
    blog.key_events = [u for u in updates if u.metadata.get("key") == "yes"]
    blog.key_events_chronological = blog.key_events[::-1]
    frame.set_frame(blog, updates)  # the band and provenance: archived, original, edits
    feeds.set_feed_ids(blog, updates, settings)
    blog.converter = f"liveblog-archive {__version__}"
    blog.embed_count = sum(u.content.count('class="embed ') for u in updates)


def attach_renderers(blog: Any, settings: dict[str, Any]) -> None:
    """The JSON-LD of the live blog and of each page of its newest-first view, each
    update's JSON-LD and citations: made when a template first shows them (they hold the
    settings, so `pack` drops them and `unpack` makes them again)."""
    blog.json_ld = JsonLd(live_blog_posting, blog, blog.updates, settings)
    for page in blog.views["newest"]:  # each page's JSON-LD lists the updates it shows
        page.json_ld = JsonLd(
            live_blog_posting, blog, blog.updates, settings, page.updates, page.url
        )
    for update in blog.updates:
        update.json_ld = JsonLd(permalink_posting, update, settings)
        update.citation = Citation(update, settings)


@dataclass
class ViewPage:
    """One page of a view (newest first, or chronological) of a live blog."""

    number: int  # 1 is the view's own address
    url: str  # relative to the site's root, ends with "/"
    updates: list[Update]
    days: list[tuple[Any, list[Update]]] = field(default_factory=list)
    nav: list[int | None] = field(default_factory=list)  # the pages it lists: `pages_near`

    @property
    def first(self) -> Update:
        return self.updates[0]

    @property
    def last(self) -> Update:
        return self.updates[-1]


def page_bytes(update: Update, url_bytes: int | None) -> int:
    """What an update adds to a page of its live blog, in bytes: its article, and on a page
    with JSON-LD (the newest-first view's) its entry there, whose `@id` and `url` both
    begin with the page's address, of `url_bytes` in JSON (`json_bytes`)."""
    size = len(update.snippet.encode())
    if url_bytes is not None:
        size += len(serialise(update_posting(update, "")).encode()) + 2 * url_bytes + 1
    return size


def json_bytes(text: str) -> int:
    """The bytes `text` takes inside a string of `serialise`d JSON (each character is
    escaped alone: a string's size is the sum of its parts')."""
    return len(serialise({"": text}).encode()) - len(serialise({"": ""}).encode())


def paginate(
    updates: list[Update], base: str, settings: dict[str, Any], json_ld: bool = False
) -> list[ViewPage]:
    """A view's updates in pages within the budget (see PAGE_UPDATES, PAGE_BYTES: the whole
    page, `PAGE_FRAME` of it kept for what is around the updates); each update's article
    must be rendered (its size counts), and with `json_ld` its JSON-LD entry too."""
    most, limit = settings.get(*PAGE_UPDATES), settings.get(*PAGE_BYTES) - PAGE_FRAME
    # The longest address a page of this view can have: the entries' size does not
    # depend on which page they land on.
    page_url = absolute_url(settings, f"{base}page/{len(updates)}/")
    url_bytes = json_bytes(page_url) if json_ld else None
    pages: list[ViewPage] = []
    current: list[Update] = []
    size = 0
    for update in updates:
        cost = page_bytes(update, url_bytes)
        if current and (len(current) >= most or size + cost > limit):
            pages.append(ViewPage(len(pages) + 1, "", current))
            current, size = [], 0
        current.append(update)
        size += cost
    if current or not pages:
        pages.append(ViewPage(len(pages) + 1, "", current))
    for page in pages:
        page.url = base if page.number == 1 else f"{base}page/{page.number}/"
        page.days = _days(page.updates)
        page.nav = pages_near(page.number, len(pages))
    return pages


def pages_near(number: int, count: int) -> list[int | None]:
    """The pages page `number` of `count` lists (None where some are left out): all of them
    in a view of few pages; else the first and the last, the two either side, and those
    4, 8, 16… away, so that the list stays short (about 2 log2 `count`: 200 pages of 140
    bytes each, twice, were 55 KB of every page of a 20,000-update live blog) and any page
    is a few steps away, by its dates."""
    if count <= ALL_PAGES:
        return list(range(1, count + 1))
    wanted = {1, count, *range(number - 2, number + 3)}
    step = 4
    while step < count:
        wanted |= {number - step, number + step}
        step *= 2
    shown: list[int | None] = []
    previous = 0
    for n in sorted(n for n in wanted if 1 <= n <= count):
        if previous and n > previous + 1:
            shown.append(None)
        shown.append(n)
        previous = n
    return shown


def paginate_views(blog: Any, settings: dict[str, Any]) -> None:
    """`blog.views`: each view's pages; `blog.page_of`: the page of each anchor and day in
    each view (where a link to it must go)."""
    blog.views = {
        "newest": paginate(blog.updates, blog.url, settings, json_ld=True),
        "chronological": paginate(blog.updates_chronological, blog.chronological_url, settings),
    }
    # liveblog.html: every day of the view in each page's rail, or the page's own days only
    blog.rail_all_days = len(blog.days) <= settings.get(*RAIL_DAYS)
    blog.page_of = {}
    for view, pages in blog.views.items():
        where: dict[str, str] = {}
        for page in pages:
            for day, _ in page.days:
                where.setdefault(f"day-{day.isoformat()}", page.url)
            for update in page.updates:
                where[update.anchor] = page.url
        blog.page_of[view] = where
    blog.paginated = any(len(pages) > 1 for pages in blog.views.values())


def pages_of(blog: Any) -> list[str]:
    """Every file written for a live blog, relative to the output folder."""
    urls = live_blog_urls(blog.metadata["liveblog"])
    views = [page.url + "index.html" for pages in blog.views.values() for page in pages]
    pages = [
        *views,
        *(update.save_as for update in blog.updates),
        urls["feed_url"],
        urls["data_url"],
    ]
    if blog.paginated:
        pages.append(urls["url"] + ANCHORS)
    return pages + ([urls["source_url_local"]] if blog.metadata.get("source-file") else [])


def record_of(update: Update) -> tuple[str, str, bool, str, bool]:
    """What pages that list every live blog need of an update (see liveblogs.RecordedUpdate)."""
    key = update.metadata.get("key") == "yes"
    return (update.url, update.date.isoformat(), update.time_known, update.label, key)


@dataclass
class ReadResult:
    """What the main process learns of a live blog a shard read."""

    slug: str
    problems: list[Problem]
    pages: list[str]
    updates: list[tuple[str, str, bool, str, bool]]  # `record_of` each, newest first


# ---------------------------------------------------------------------------- a shard


class Shard:
    """Reads, checks and writes a share of the live blogs (see the module's docstring)."""

    def __init__(self, settings: dict[str, Any], path: str, theme: str, output: str) -> None:
        self.settings = settings
        self.output = Path(output)
        self.generator = Generator(dict(settings), settings, path, theme, output)
        self.md = entry_markdown(settings)
        self.blogs: list[LiveBlogView | bytes] = []  # read and checked, until written
        self.kept = 0  # updates of `blogs` kept as objects (the others are packed)

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
        article = self.generator.get_template("update_article")
        for update in updates:  # rendered once, here: pagination counts its bytes
            update.snippet = Markup(article.render(update=update, SITEURL=SITEURL_TOKEN))
        paginate_views(blog, self.settings)
        blog.source_bytes = checked.source
        pages = pages_of(blog)
        if self.kept + len(updates) <= KEEP_UPDATES:
            self.kept += len(updates)
            self.blogs.append(blog)
        else:
            self.blogs.append(pack(blog))
        return ReadResult(folder.name, [], pages, [record_of(u) for u in updates])

    def write(self) -> list[str]:
        """Every page of the live blogs read; the paths written."""
        writer = Writer(str(self.output), settings=self.settings)
        pages = PageWriter(self.generator, writer, self.output)
        written: list[str] = []
        while self.blogs:
            blog = self.blogs.pop(0)
            if isinstance(blog, bytes):
                blog = unpack(blog, self.settings)
            else:
                attach_renderers(blog, self.settings)
            written += pages.write_live_blog(blog)
        self.kept = 0
        return written


def pack(blog: LiveBlogView) -> bytes:
    """A live blog read and checked, kept until every live blog passed and it is written:
    pickled and compressed, a fraction of the memory its objects take (a process holding
    75,000 updates as objects needs over a gigabyte; BENCHMARKS.md). The blog is used up:
    its updates are unlinked from their neighbours (a chain of 20,000 is deeper than
    pickle may recurse) and what holds the settings (JSON-LD, citations) dropped; `unpack`
    makes them again."""
    blog.json_ld = None
    for page in blog.views["newest"]:
        page.json_ld = None
    for update in blog.updates:
        update.newer = update.older = update.json_ld = update.citation = None
    return zlib.compress(pickle.dumps(blog, pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes, settings: dict[str, Any]) -> LiveBlogView:
    blog = pickle.loads(zlib.decompress(data))
    link(blog.updates)
    attach_renderers(blog, settings)
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
        self.band = generator.env.get_template("archive_band.html")
        self.feed = generator.env.get_template("liveblog.atom.xml")

    def render_band(self, blog: LiveBlogView) -> None:
        """The archive band is the same on every page of the live blog: rendered once, its
        links to the site relinked by each page (as each update's article is)."""
        band = {**self.context, "blog": blog, "SITEURL": SITEURL_TOKEN}
        blog.band = Markup(self.band.render(band))

    def write_live_blog(self, blog: LiveBlogView) -> list[str]:
        write, context, relative = self.writer.write_file, self.context, self.relative
        self.render_band(blog)
        for view, pages in blog.views.items():
            for page in pages:
                write(
                    page.url + "index.html",
                    self.page,
                    context,
                    relative,
                    article=blog,
                    view=view,
                    page=page,
                    pages=pages,
                )
        if blog.paginated:  # the page's script follows an #anchor to the page that has it
            folder = len(blog.url)
            where = {
                view: {anchor: url[folder:] or "./" for anchor, url in anchors.items()}
                for view, anchors in blog.page_of.items()
            }
            data = json.dumps(where, separators=(",", ":"), sort_keys=True).encode()
            self._write_bytes(blog.url + ANCHORS, data + b"\n", blog)
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
        updates = sum(len(update_names(b.folder)) for b in blogs)
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
    sizes = {b.folder: len(update_names(b.folder)) for b in blogs}
    shares: list[list[LiveBlogView]] = [[] for _ in range(min(count, len(blogs)) or 1)]
    totals = [0] * len(shares)
    for blog in sorted(blogs, key=lambda b: -sizes[b.folder]):
        smallest = totals.index(min(totals))
        shares[smallest].append(blog)
        totals[smallest] += sizes[blog.folder]
    return shares
