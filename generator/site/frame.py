"""The archive frame: what the band at the top of a page and its provenance block show.

Every live blog and permalink page says it is a copy: whose live blog, the original's
address (or that it was not recorded), when the copy was made, the text it was made from
with its SHA-256, and which updates were changed after conversion. The values are worked
out here once per live blog; the templates (`archive_band.html`, `provenance.html`) lay
them out.
"""

from __future__ import annotations

from typing import Any

from .citation import long_date
from .robust_links import version_date, wayback_url


def set_frame(blog: Any, updates: list[Any]) -> None:
    meta = blog.metadata
    archived = meta.get("archived")
    blog.archived_label = long_date(archived) if archived else ""
    # The original was meant as it stood when it was copied (else at its newest update).
    moment, time_known = (archived, False) if archived else (updates[0].date, True)
    if updates or archived:
        blog.original_version_date = version_date(moment, time_known)
        source = meta.get("source-url")
        blog.original_version_url = wayback_url(source, moment, time_known) if source else ""
    else:
        blog.original_version_date = blog.original_version_url = ""
    blog.edited_label = long_date(meta["edited"]) if meta.get("edited") else ""
    blog.edited_updates = [u for u in updates if u.metadata.get("edited")]
    for update in blog.edited_updates:
        update.edited_label = long_date(update.metadata["edited"])
