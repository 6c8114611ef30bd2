"""Pelican plugin: attach each live blog's updates to it and write the extra pages.

Signals used (no module-level state: autoreload rebuilds in the same process):
- readers_init: live blog entries are read through the entry schema (see `reader.py`);
- initialized, article_generator_init: hidden files are never content; the build shares
  the content store's lock while it reads and writes (see `integrity.py`);
- content_object_init: an update's permalink is /<live-blog>/<anchor>/;
- article_generator_finalized: stop the build if any live blog would not be published
  whole (`integrity.check_live_blogs`); then group hidden update entries under their live
  blog, sorted by page position, with neighbours, day groups and the data templates show;
- article_writer_finalized: the chronological view, the live blog's Atom feed, its JSON
  export and its raw source.txt; pages of live blogs and updates that no longer exist
  are removed from the output;
- initialized, get_writer: rebuild only live blogs that changed (see `incremental.py`);
- article_generator_write_article (the first): a second process renders some live blogs'
  pages (see `split_writing` and `parallel.py`).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any

from pelican import signals

from .. import __version__
from ..store.checker import load_entry
from ..store.entry_format import read_blocks
from ..store.schema import without_forbidden_characters
from . import feeds, frame, incremental, integrity, parallel, reader, times
from .citation import Citation
from .jsonld import JsonLd, absolute_url, iso, live_blog_posting, permalink_posting, plain_text

log = logging.getLogger(__name__)

CHRONOLOGICAL = "{liveblog}/chronological/"
FEED = "{liveblog}/feed.atom.xml"
DATA = "{liveblog}/{liveblog}.json"
SOURCE = "{liveblog}/source.txt"


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


def attach_updates(generator: Any) -> None:
    """Give every live blog its updates (`updates`, newest first) and what templates show."""
    integrity.check_live_blogs(generator)
    by_blog: dict[str, list[Any]] = defaultdict(list)
    for update in generator.hidden_articles:
        if is_update(update):
            by_blog[update.metadata["liveblog"]].append(update)
    # Every update has its live blog: `check_live_blogs` stopped the build otherwise.
    blogs = {a.metadata["liveblog"]: a for a in generator.articles if is_live_blog(a)}
    # Pages of live blogs unchanged since the last build are not rendered again.
    plan = incremental.Plan(generator.settings)
    unchanged_pages: set[str] = set()
    for slug, blog in blogs.items():
        updates = sorted(by_blog.get(slug, []), key=lambda u: u.metadata["position"])
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
    """What `write_extras` writes for a live blog (source.txt is copied on every build)."""
    pages = [blog.chronological_url + "index.html", blog.feed_url, blog.data_url]
    return pages + ([blog.source_url_local] if blog.metadata.get("source-file") else [])


def _prepare(blog: Any, updates: list[Any], settings: dict[str, Any]) -> None:
    # Pelican works out `url` from the URL settings on every use; every update page links to
    # its live blog more than once. The same value, once.
    blog.override_url = blog.url
    zone = times.page_zone(blog.metadata.get("timezone"))
    for index, update in enumerate(updates):
        meta = update.metadata
        update.liveblog_article = blog
        update.kind = meta["kind"]
        update.time_known = meta["time-known"]
        update.newer = updates[index - 1] if index > 0 else None
        update.older = updates[index + 1] if index + 1 < len(updates) else None
    times.set_times(updates, zone)  # when, local_day, datetime_attr and the labels shown
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
    blog.chronological_url = CHRONOLOGICAL.format(liveblog=blog.metadata["liveblog"])
    blog.feed_url = FEED.format(liveblog=blog.metadata["liveblog"])
    blog.data_url = DATA.format(liveblog=blog.metadata["liveblog"])
    blog.source_url_local = SOURCE.format(liveblog=blog.metadata["liveblog"])
    # The HTML as read (`content` would first rewrite intrasite links, which adds no card).
    blog.embed_count = sum(u._content.count('class="embed ') for u in updates)
    blog.converter = f"liveblog-archive {__version__}"
    # Only the live blog's page shows it: worked out when that page is rendered, by the
    # process rendering it (see `split_writing`), and not at all if it is not rendered.
    blog.json_ld = JsonLd(live_blog_posting, blog, updates, settings)
    for update in updates:  # each made when its permalink page is rendered
        update.json_ld = JsonLd(permalink_posting, update, settings)
        update.citation = Citation(update, settings)


def _days(updates: list[Any]) -> list[tuple[Any, list[Any]]]:
    return [(day, list(group)) for day, group in groupby(updates, key=lambda u: u.local_day)]


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
        plan.remove_stale(output)
        plan.save()
    integrity.close_store(generator)


def _write_bytes(path: Path, data: bytes) -> None:
    """Write only when different, so an unchanged page keeps its mtime (and deploys skip it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _copy_source(blog: Any, output: Path) -> None:
    """The raw post beside the live blog (its SHA-256 was checked when the build read it)."""
    name = blog.metadata.get("source-file")
    if name:
        blog.source_sha256 = blog.metadata["source-sha256"]
        _write_bytes(
            output / blog.source_url_local, (Path(blog.source_path).parent / name).read_bytes()
        )


def _export(blog: Any, settings: dict[str, Any]) -> bytes:
    meta = blog.metadata
    updates = []
    folder = Path(blog.source_path).parent.name
    for u in blog.updates:
        entry, _ = load_entry(Path(u.source_path), "update", folder)  # checked when read
        body = entry.body if entry is not None else ""
        embeds = [
            {**b.fields, "text": b.text}
            for _, _, b in read_blocks(body.split("\n"))
            if b.name == "embed"
        ]
        updates.append(
            {
                "anchor": u.metadata["anchor"],
                "url": absolute_url(settings, u.url),
                "kind": u.kind,
                "label": u.metadata.get("label"),
                "title": u.title,
                "published": u.when.iso,
                "time_known": u.time_known,
                "author": u.metadata.get("author"),
                "key_event": u.metadata.get("key") == "yes",
                "key_title": u.metadata.get("key-title"),
                "edited": iso(u.metadata.get("edited")),
                "edit_note": u.metadata.get("edit-note"),
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
        "url": absolute_url(settings, blog.url),
        "publisher": meta.get("publisher"),
        "source_url": meta.get("source-url"),
        "source_sha256": meta.get("source-sha256"),
        "archived": iso(meta.get("archived")),
        "coverage_start": iso(meta.get("coverage-start")),
        "coverage_end": iso(meta.get("coverage-end")),
        "lead_image": {"caption": meta.get("lead-caption"), "credit": meta.get("lead-credit")}
        if meta.get("lead-caption")
        else None,
        "updates": updates,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def add_filters(pelican: Any) -> None:
    """On `initialized`: `xml_safe`, for text in feeds (see `schema.forbidden_character`);
    `plain_text`, an update's own text without the interface around it (`jsonld.py`)."""
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["xml_safe"] = without_forbidden_characters
    filters["plain_text"] = plain_text


def register() -> None:
    signals.initialized.connect(add_filters)
    signals.initialized.connect(integrity.ignore_hidden_files)
    signals.initialized.connect(incremental.check_cache)
    signals.get_writer.connect(incremental.get_writer)
    signals.readers_init.connect(reader.use_live_blog_reader)
    signals.article_generator_init.connect(integrity.open_store)
    signals.content_object_init.connect(set_update_url)
    signals.article_generator_finalized.connect(attach_updates)
    signals.article_generator_write_article.connect(split_writing)
    signals.article_writer_finalized.connect(write_extras)
