"""Pelican plugin: sitemap.xml and robots.txt for the archive.

Why not the pelican-sitemap plugin: it lists what Pelican writes, keyed by the article in
the writer's context, and drops every article whose status is not `published`. Our update
permalink pages are hidden articles (so the index and site feed list live blogs, not
updates), and the chronological view and feeds are written by our plugin with the live
blog as their article; pelican-sitemap therefore leaves out all 27 permalink pages, and
files the chronological view under the live blog's address. Here the list comes from the
model instead: the index, each live blog, its chronological view (and the further pages
of both when it is paginated) and the permalink page of each of its updates; the
archive's pages of years, publishers and series (`archive_index.py`), the search page and
"About this archive": all pages the plugin and templates really write.

A sitemap and the `Sitemap:` line of robots.txt need absolute addresses, so sitemap.xml is
written only when SITEURL is absolute (`make publish`); robots.txt is always written.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals

from . import search
from .liveblogs import is_live_blog

log = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def sitemap_entries(
    articles: list[Any], about: str | None = None, others: list[str] | tuple[str, ...] = ()
) -> list[tuple[str, str | None]]:
    """(URL relative to SITEURL, lastmod) for every page a reader or crawler should find:
    the live blogs' pages, then `others` (the archive's pages of years, publishers and
    series, the search page), then "About this archive"."""
    blogs = [a for a in articles if is_live_blog(a) and hasattr(a, "updates")]
    newest = [_lastmod(b.updates[0]) if b.updates else _lastmod(b) for b in blogs]
    entries: list[tuple[str, str | None]] = [("", max(newest, default=None))]
    for blog, modified in zip(blogs, newest, strict=True):
        entries.append((blog.url, modified))
        entries.append((blog.chronological_url, modified))
        # the further pages of a long live blog's two views
        entries.extend((url, modified) for url in getattr(blog, "view_pages", []))
        entries.extend((update.url, _lastmod(update)) for update in blog.updates)
    entries.extend((url, None) for url in others)
    if about:  # "About this archive"
        entries.append((about, None))
    return entries


def _lastmod(content: Any) -> str:
    return (getattr(content, "modified", None) or content.date).isoformat()


def render_sitemap(siteurl: str, entries: list[tuple[str, str | None]]) -> str:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in entries:
        modified = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(f'{siteurl}/{url}')}</loc>{modified}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(siteurl: str) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if _is_absolute(siteurl):
        lines.append(f"Sitemap: {siteurl}/{SITEMAP}")
    return "\n".join(lines) + "\n"


def _is_absolute(siteurl: str) -> bool:
    return siteurl.startswith(("http://", "https://"))


def write_sitemap(generator: Any, writer: Any) -> None:
    settings = generator.settings
    siteurl = settings.get("SITEURL", "").rstrip("/")
    output = Path(generator.output_path)
    output.mkdir(parents=True, exist_ok=True)
    _write(output / ROBOTS, render_robots(siteurl), generator.context)
    if not _is_absolute(siteurl):
        log.debug("sitemap: SITEURL %r is not absolute; no sitemap.xml", siteurl)
        return
    about = settings.get("ABOUT_URL") if "about" in settings.get("DIRECT_TEMPLATES", ()) else None
    archive = generator.context.get("archive")  # archive_index.py, when it is loaded
    others = archive.page_urls() if archive is not None else []
    if search.enabled(settings):
        others.append(search.PAGE.removesuffix("index.html"))
    entries = sitemap_entries(generator.articles, about, others)
    _write(output / SITEMAP, render_sitemap(siteurl, entries), generator.context)
    log.info("sitemap: %d addresses written to %s", len(entries), output / SITEMAP)


def _write(path: Path, text: str, context: dict[str, Any]) -> None:
    path.write_text(text, "utf-8")
    signals.content_written.send(str(path), context=context)


def register() -> None:
    signals.article_writer_finalized.connect(write_sitemap)
