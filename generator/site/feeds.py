"""Atom ids that are valid tag URIs in every build, and the site's feed of live blogs.

An Atom id must be an absolute IRI that never changes. Pelican's own feeds make theirs
from the page's address (`tag:<host>,<date>:<path>`), which in a local build, whose
addresses are relative, reads `tag:None,…`. Here every id is a tag URI (RFC 4151):

    tag:<authority>,<date>:<live blog>[/<anchor>]

- the authority is `LIVEBLOG_TAG_AUTHORITY` if set, else the host of an absolute SITEURL,
  else `localhost` (a local build's feed is not published);
- the date is the day the live blog was archived (`Archived:`), else the day of its first
  update: a day on which the archive held the name, fixed for ever after;
- the specific part is the live blog's slug and the update's anchor, which never change.

The site's feed (`LIVEBLOG_SITE_FEED`, one entry per live blog) is written from the
theme's `site.atom.xml` in place of Pelican's FEED_ALL_ATOM, with the same ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican import signals

SITE_FEED = "LIVEBLOG_SITE_FEED"
AUTHORITY = "LIVEBLOG_TAG_AUTHORITY"


def tag_authority(settings: dict[str, Any]) -> str:
    chosen = settings.get(AUTHORITY)
    if chosen:
        return str(chosen)
    host = urlsplit(settings.get("SITEURL", "") or "").hostname
    return host or "localhost"


def live_blog_day(blog: Any, updates: list[Any]) -> str:
    archived = blog.metadata.get("archived")
    if archived is not None:
        return archived.isoformat()
    moment = updates[-1].date if updates else blog.date
    return moment.date().isoformat()


def set_feed_ids(blog: Any, updates: list[Any], settings: dict[str, Any]) -> None:
    """`feed_id` of a live blog and of each of its updates."""
    prefix = f"tag:{tag_authority(settings)},{live_blog_day(blog, updates)}:"
    slug = blog.metadata["liveblog"]
    blog.feed_id = prefix + slug
    for update in updates:
        update.feed_id = f"{prefix}{slug}/{update.metadata['anchor']}"


def write_site_feed(generator: Any, writer: Any) -> None:
    """On `article_writer_finalized`: the feed of live blogs, newest coverage first."""
    settings = generator.settings
    name = settings.get(SITE_FEED)
    if not name:
        return
    blogs = [b for b in generator.articles if hasattr(b, "feed_id")]
    blogs.sort(key=lambda b: b.updates[0].date if b.updates else b.date, reverse=True)
    updated = max((b.updates[0].date if b.updates else b.date for b in blogs), default=None)
    first_day = min((live_blog_day(b, b.updates) for b in blogs), default="2024-01-01")
    template = generator.env.get_template("site.atom.xml")
    text = template.render(
        {
            **generator.context,
            "blogs": blogs,
            # the day of the first live blog archived: fixed once the site has one
            "site_feed_id": f"tag:{tag_authority(settings)},{first_day}:live-blogs",
            "updated": updated.isoformat() if updated else "1970-01-01T00:00:00+00:00",
        }
    )
    path = Path(generator.output_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    signals.content_written.send(str(path), context=generator.context)


def register() -> None:
    signals.article_writer_finalized.connect(write_site_feed)
