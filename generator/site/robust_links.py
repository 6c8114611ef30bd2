"""Robust Links (robustlinks.mementoweb.org) for every link that leaves the archive.

A link to another site rots: the page moves, changes or disappears. A Robust Link says
which version of it was meant, so a reader (or the Robust Links script, or a crawler) can
find that version in a web archive when the live page fails:

    <a href="URL" data-originalurl="URL" data-versiondate="2024-12-07T17:37:00+00:00"
       data-versionurl="https://web.archive.org/web/20241207173700/URL">

- `data-versiondate` is the moment the link was meant at: the update's time (its date alone
  when the page printed no time), or for the original live blog the day it was archived;
- `data-versionurl` is the Wayback Machine's address for the copy nearest that moment
  (`/web/YYYYMMDDhhmmss/URL`, in UTC; the Wayback Machine redirects to the nearest capture).
Only http(s) links get them: nothing else is ever a link in the archive.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape

WAYBACK = "https://web.archive.org/web/{stamp}/{url}"


def version_date(when: date | datetime, time_known: bool = True) -> str:
    """ISO 8601: the date and time with its offset, or the date alone."""
    if isinstance(when, datetime) and time_known:
        return when.isoformat(timespec="seconds")
    return (when.date() if isinstance(when, datetime) else when).isoformat()


def wayback_stamp(when: date | datetime, time_known: bool = True) -> str:
    """The Wayback Machine's timestamp: UTC to the second, or the day (YYYYMMDD)."""
    if isinstance(when, datetime) and time_known and when.tzinfo is not None:
        return when.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    return (when.date() if isinstance(when, datetime) else when).strftime("%Y%m%d")


def wayback_url(url: str, when: date | datetime, time_known: bool = True) -> str:
    return WAYBACK.format(stamp=wayback_stamp(when, time_known), url=url)


def robust_attributes(url: str, when: date | datetime, time_known: bool = True) -> dict[str, str]:
    return {
        "data-originalurl": url,
        "data-versiondate": version_date(when, time_known),
        "data-versionurl": wayback_url(url, when, time_known),
    }


def robust_html(url: str, when: date | datetime | None, time_known: bool = True) -> str:
    """The attributes as HTML, escaped (empty when the moment is not known)."""
    if when is None:
        return ""
    return " ".join(
        f'{name}="{escape(value)}"'
        for name, value in robust_attributes(url, when, time_known).items()
    )
