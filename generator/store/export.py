"""The model as JSON: the open-data export (`parse --json`, and `<slug>.json` on the site)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..convert.model import LiveBlog, Update
from .writer import moment, posted_text, update_markdown, update_title


def live_blog_json(blog: LiveBlog) -> dict[str, Any]:
    lead = blog.lead_image
    return {
        "format": "liveblog-archive/1",
        "converter": f"liveblog-archive {__version__}",
        "slug": blog.slug,
        "title": blog.title,
        "standfirst": blog.standfirst,
        "lead_image": {"caption": lead.caption, "credit": lead.credit} if lead else None,
        "publisher": blog.publisher,
        "source_url": blog.source_url,
        "coverage_start": moment(blog.coverage_start) or None,
        "coverage_end": moment(blog.coverage_end) or None,
        "updates": [update_json(u) for u in blog.updates],
    }


def update_json(update: Update) -> dict[str, Any]:
    return {
        "anchor": update.anchor,
        "position": update.position,
        "kind": update.kind,
        "label": update.label,
        "title": update.title or update_title(update),
        "published": moment(update.published or update.day),
        "time_known": update.time_known,
        "source_line": update.line,
        "markdown": update_markdown(update),
        "embeds": [
            {
                "platform": e.platform,
                "author": e.author,
                "handle": e.handle,
                "posted": posted_text(e.posted) or None,
                "posted_as_printed": e.posted_as_printed,
                "text": e.text,
                "url": e.url,
            }
            for e in update.embeds
        ],
        "lost_media": [{"kind": m.kind, "after": m.after} for m in update.lost_media],
        "headings": [h.text for h in update.headings],
        "repairs": [
            {"kind": r.kind, "before": list(r.before), "after": r.after} for r in update.repairs
        ],
    }
