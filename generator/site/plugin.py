"""Pelican plugin: attach each live blog's updates to it and write the extra pages.

Signals used (no module-level state: autoreload rebuilds in the same process):
- content_object_init: an update's permalink is /<live-blog>/<anchor>/;
- article_generator_finalized: group hidden update entries under their live blog, sorted
  by page position, with neighbours, day groups and the data the templates show;
- article_writer_finalized: the chronological view, the live blog's Atom feed, its JSON
  export and its raw source.txt (with the SHA-256 checked against the entry);
- initialized, get_writer: rebuild only live blogs that changed (see `incremental.py`);
- readers_init, article_generator_init, article_generator_pretaxonomy: one Markdown
  instance for all entries, and a second process converting them (see `reader.py`);
- article_generator_write_article (the first): a second process renders some live blogs'
  pages (see `split_writing` and `parallel.py`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from datetime import UTC, datetime
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any

from pelican import signals

from .. import __version__
from ..store.entry_format import read_blocks
from . import incremental, parallel, reader

log = logging.getLogger(__name__)

CHRONOLOGICAL = "{liveblog}/chronological/"
FEED = "{liveblog}/feed.atom.xml"
DATA = "{liveblog}/{liveblog}.json"
SOURCE = "{liveblog}/source.txt"
_CLOCK_LABEL = re.compile(r"^(\d{2})(\d{2}) (\w+)$")


def is_update(content: Any) -> bool:
    return bool(content.metadata.get("liveblog") and content.metadata.get("anchor"))


def is_live_blog(content: Any) -> bool:
    return getattr(content, "template", None) == "liveblog" and "liveblog" in content.metadata


# ---------------------------------------------------------------------------- URLs


def set_update_url(content: Any) -> None:
    """An update's permalink page lives under its live blog: /<live-blog>/<anchor>/."""
    if is_update(content):
        url = f"{content.metadata['liveblog']}/{content.metadata['anchor']}/"
        content.override_url = url
        content.override_save_as = url + "index.html"


# ---------------------------------------------------------------------------- model


def display_label(update: Any) -> str:
    """`1737 GMT` → `17:37 GMT`; other labels as printed."""
    label = update.metadata.get("label", "")
    clock = _CLOCK_LABEL.match(label)
    return f"{clock[1]}:{clock[2]} {clock[3]}" if clock else label


def attach_updates(generator: Any) -> None:
    """Give every live blog its updates (`updates`, newest first) and what templates show."""
    by_blog: dict[str, list[Any]] = defaultdict(list)
    for update in generator.hidden_articles:
        if is_update(update):
            by_blog[update.metadata["liveblog"]].append(update)
    blogs = {a.metadata["liveblog"]: a for a in generator.articles if is_live_blog(a)}
    orphans = set(by_blog) - set(blogs)
    for slug in sorted(orphans):
        log.warning(
            "liveblog: %d update(s) name live blog %r, which has no index.md; not published",
            len(by_blog[slug]),
            slug,
        )
    # An update page needs its live blog (title, neighbours, links back): without one it is
    # not written at all rather than crash the build or publish a page that links nowhere.
    # In place: Pelican's context holds this same list.
    generator.hidden_articles[:] = [
        a
        for a in generator.hidden_articles
        if not (is_update(a) and a.metadata["liveblog"] in orphans)
    ]
    # Pages of live blogs unchanged since the last build are not rendered again.
    plan = incremental.Plan(generator.settings)
    unchanged_pages: set[str] = set()
    for slug, blog in blogs.items():
        updates = sorted(by_blog.get(slug, []), key=lambda u: int(u.metadata.get("position", 0)))
        _prepare(blog, updates, generator.settings)
        pages = rendered_pages(blog) + extra_pages(blog)
        blog.unchanged = plan.unchanged(slug, blog, updates, pages)
        if blog.unchanged:
            unchanged_pages.update(pages)
    generator.context[incremental.SKIP] = unchanged_pages
    generator.liveblog_plan = plan


def rendered_pages(blog: Any) -> list[str]:
    """What Pelican's article loop renders for a live blog: its page and its updates' pages."""
    return [blog.save_as, *(update.save_as for update in blog.updates)]


def extra_pages(blog: Any) -> list[str]:
    """What `write_extras` renders for a live blog (source.txt is copied on every build)."""
    return [blog.chronological_url + "index.html", blog.feed_url, blog.data_url]


def _prepare(blog: Any, updates: list[Any], settings: dict[str, Any]) -> None:
    # Pelican works out `url` from the URL settings on every use; every update page links to
    # its live blog more than once. The same value, once.
    blog.override_url = blog.url
    for index, update in enumerate(updates):
        meta = update.metadata
        update.liveblog_article = blog
        update.kind = meta.get("kind", "update")
        update.time_known = meta.get("time-known", "true") == "true"
        update.display_label = display_label(update)
        # datetime's own strftime: Pelican's (which adds %-d and locale names) is 5× slower.
        # Machine-readable in UTC: Date: carries the page's local offset since issue 8.
        update.datetime_attr = (
            datetime.strftime(update.date.astimezone(UTC), "%Y-%m-%dT%H:%MZ")
            if update.time_known
            else datetime.strftime(update.date, "%Y-%m-%d")
        )
        # What the templates show as `date.strftime(...)`, which in a template is Pelican's
        # strftime (its own %-d, then the C library's, as here): once, not on every page.
        update.day_label = datetime.strftime(update.date, "%-d %B %Y")
        update.long_day_label = datetime.strftime(update.date, "%A %-d %B %Y")
        # How a link to it names it: its time, or its day when the page printed no time.
        update.short_label = update.display_label if update.time_known else update.day_label
        update.newer = updates[index - 1] if index > 0 else None
        update.older = updates[index + 1] if index + 1 < len(updates) else None
    blog.updates = updates
    blog.updates_chronological = updates[::-1]
    blog.days = _days(updates)
    blog.days_chronological = _days(blog.updates_chronological)
    blog.chronological_url = CHRONOLOGICAL.format(liveblog=blog.metadata["liveblog"])
    blog.feed_url = FEED.format(liveblog=blog.metadata["liveblog"])
    blog.data_url = DATA.format(liveblog=blog.metadata["liveblog"])
    blog.source_url_local = SOURCE.format(liveblog=blog.metadata["liveblog"])
    # The HTML as read (`content` would first rewrite intrasite links, which adds no card).
    blog.embed_count = sum(u._content.count('class="embed ') for u in updates)
    blog.converter = f"liveblog-archive {__version__}"
    # Only the live blog's page shows it: worked out when that page is rendered, by the
    # process rendering it (see `split_writing`), and not at all if it is not rendered.
    blog.json_ld = JsonLd(blog, updates, settings)


def _days(updates: list[Any]) -> list[tuple[Any, list[Any]]]:
    return [(day, list(group)) for day, group in groupby(updates, key=lambda u: u.date.date())]


def _absolute(settings: dict[str, Any], url: str) -> str:
    return f"{settings.get('SITEURL', '')}/{url}"


class JsonLd:
    """A live blog's `_json_ld`, made when a template first shows it (`|safe` reads
    `__html__`). Tags are stripped from the HTML it quotes, so it does not depend on the
    page's relative URLs, only on the live blog."""

    __slots__ = ("_args", "_text")

    def __init__(self, blog: Any, updates: list[Any], settings: dict[str, Any]) -> None:
        self._args = (blog, updates, settings)
        self._text: str | None = None

    def __html__(self) -> str:
        if self._text is None:
            self._text = _json_ld(*self._args)
        return self._text

    __str__ = __html__


def _json_ld(blog: Any, updates: list[Any], settings: dict[str, Any]) -> str:
    """schema.org LiveBlogPosting, serialised safe to sit inside a <script> element."""
    meta = blog.metadata
    blog_url = _absolute(settings, blog.url)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": blog.title,
        "url": blog_url,
        "description": meta.get("standfirst") or _text(blog.content),
        "coverageStartTime": meta.get("coverage-start"),
        "coverageEndTime": meta.get("coverage-end"),
        "datePublished": updates[-1].datetime_attr if updates else None,
        "dateModified": updates[0].datetime_attr if updates else None,
        "publisher": {"@type": "Organization", "name": meta["publisher"]}
        if meta.get("publisher")
        else None,
        "isBasedOn": meta.get("source-url") or None,
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": u.title,
                "url": f"{blog_url}#{u.metadata['anchor']}",
                "datePublished": u.datetime_attr,
                "articleBody": _text(u.content),
            }
            for u in updates
        ],
    }
    data = {k: v for k, v in data.items() if v is not None}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    from html import unescape

    return " ".join(unescape(_TAG.sub(" ", html)).split())


# ---------------------------------------------------------------------------- writing

# Of the live blog and permalink pages, the share the second process renders: this one
# also writes every live blog's chronological view, feed and JSON export (a third of the
# writing), so both finish at about the same time.
CHILD_SHARE = 0.65


def split_writing(generator: Any, content: Any) -> None:
    """On the first `article_generator_write_article`: fork a second writer if worth it.

    The child renders, through Pelican's own loop (`generate_articles`), the live blog and
    permalink pages of the first live blogs up to CHILD_SHARE of those pages, and exits;
    this process skips them. `write_extras` waits for it.
    """
    if hasattr(generator, "liveblog_child"):
        return
    generator.liveblog_child = None
    blogs = [
        b
        for b in generator.articles
        if is_live_blog(b) and hasattr(b, "updates") and not getattr(b, "unchanged", False)
    ]
    total = sum(len(b.updates) + 1 for b in blogs)
    if not parallel.allowed(generator.settings, total):
        return
    names: set[str] = set()
    for blog in blogs:
        if len(names) >= CHILD_SHARE * total:
            break
        names.update(rendered_pages(blog))  # write_extras renders the rest, here
    writer = incremental.SkippingWriter(generator.output_path, settings=generator.settings)
    write = partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])

    def write_ours(name: Any, *args: Any, **kwargs: Any) -> None:
        if name in names:
            write(name, *args, **kwargs)

    try:
        child = parallel.Child(lambda: generator.generate_articles(write_ours))
    except OSError as error:  # no process to be had: this one renders everything
        log.warning("liveblog: could not start a second writer (%s); writing on", error)
        return
    generator.liveblog_child = child
    skip = generator.context.get(incremental.SKIP, set())
    generator.context[incremental.SKIP] = skip | names
    log.debug("liveblog: %d of %d pages rendered by a second process", len(names), total)


def write_extras(generator: Any, writer: Any) -> None:
    """Chronological view, Atom feed, JSON export and source.txt for every live blog."""
    output = Path(generator.output_path)
    page = generator.get_template("liveblog")
    feed = generator.env.get_template("liveblog.atom.xml")
    for blog in generator.articles:
        if not is_live_blog(blog) or not hasattr(blog, "updates"):
            continue
        if getattr(blog, "unchanged", False):  # its pages are as this build would write them
            _copy_source(blog, output)  # still checks the SHA-256
            continue
        context = generator.context.copy()
        writer.write_file(
            blog.chronological_url + "index.html",
            page,
            context,
            relative_urls=generator.settings.get("RELATIVE_URLS"),
            article=blog,
            view="chronological",
            url=blog.chronological_url,
        )
        writer.write_file(blog.feed_url, feed, context, relative_urls=False, article=blog)
        _write_bytes(output / blog.data_url, _export(blog, generator.settings))
        _copy_source(blog, output)
    child = getattr(generator, "liveblog_child", None)
    if child is not None:  # its pages must be written before the plan says they are
        generator.liveblog_child = None
        child.wait()
    plan = getattr(generator, "liveblog_plan", None)
    if plan is not None:
        plan.save()


def _write_bytes(path: Path, data: bytes) -> None:
    """Write only when different, so an unchanged page keeps its mtime (and deploys skip it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _copy_source(blog: Any, output: Path) -> None:
    source = Path(blog.source_path).parent / blog.metadata.get("source-file", "source.txt")
    if not source.is_file():
        log.warning("liveblog: %s has no %s beside it", blog.source_path, source.name)
        return
    data = source.read_bytes()
    expected = blog.metadata.get("source-sha256")
    actual = hashlib.sha256(data).hexdigest()
    if expected and expected != actual:
        log.error(
            "liveblog: %s: SHA-256 %s does not match Source-Sha256 in %s",
            source,
            actual,
            blog.source_path,
        )
    blog.source_sha256 = actual
    _write_bytes(output / blog.source_url_local, data)


def _export(blog: Any, settings: dict[str, Any]) -> bytes:
    meta = blog.metadata
    updates = []
    for u in blog.updates:
        body = Path(u.source_path).read_text("utf-8").split("\n\n", 1)[-1]
        embeds = [
            {**b.fields, "text": b.text}
            for _, _, b in read_blocks(body.split("\n"))
            if b.name == "embed"
        ]
        updates.append(
            {
                "anchor": u.metadata["anchor"],
                "url": _absolute(settings, u.url),
                "kind": u.kind,
                "label": u.metadata.get("label"),
                "title": u.title,
                "published": u.datetime_attr,
                "time_known": u.time_known,
                "markdown": body,
                "html": u.content,
                "embeds": embeds,
            }
        )
    data = {
        "format": "liveblog-archive/1",
        "converter": blog.converter,
        "slug": meta["liveblog"],
        "title": blog.title,
        "url": _absolute(settings, blog.url),
        "publisher": meta.get("publisher"),
        "source_url": meta.get("source-url"),
        "source_sha256": meta.get("source-sha256"),
        "archived": meta.get("archived"),
        "coverage_start": meta.get("coverage-start"),
        "coverage_end": meta.get("coverage-end"),
        "lead_image": {"caption": meta.get("lead-caption"), "credit": meta.get("lead-credit")}
        if meta.get("lead-caption")
        else None,
        "updates": updates,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def register() -> None:
    signals.initialized.connect(incremental.check_cache)
    signals.get_writer.connect(incremental.get_writer)
    signals.readers_init.connect(reader.use_shared_markdown)
    signals.article_generator_init.connect(reader.start_prefetch)
    signals.article_generator_pretaxonomy.connect(reader.stop_prefetch)
    signals.content_object_init.connect(set_update_url)
    signals.article_generator_finalized.connect(attach_updates)
    signals.article_generator_write_article.connect(split_writing)
    signals.article_writer_finalized.connect(write_extras)
