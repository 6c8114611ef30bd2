"""Series: live blogs that continue one another, e.g. a daily live blog.

A live blog names its series in index.md (`Series: Syria Daily`, a field of the entry
schema). The live blogs of a series are ordered by the day their coverage began
(`Coverage-Start:`, else `Date:`), and each live blog page links the one before and the
one after it (`series_nav.html`). The links are part of what a live blog's pages depend
on: `with_series` adds them to the live blog's fingerprint (`state.py`), so that adding
a day to a series renders the day before it again, with its new "next" link.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pelican.utils import slugify

SERIES = "series/"  # a series' page: /series/<slug>/


def began(blog: Any) -> date:
    """The day a live blog's coverage began (`Coverage-Start:`, else its `Date:`)."""
    start = blog.metadata.get("coverage-start") or blog.date
    return start.date() if isinstance(start, datetime) else start


def slug_of(text: str, settings: dict[str, Any]) -> str:
    """A publisher's or series' name as it appears in addresses."""
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    return slugify(text, regex_subs=subs) or "untitled"


@dataclass(frozen=True)
class Neighbour:
    """The previous or next live blog of a series, as its link shows it."""

    title: str
    url: str
    day: str  # ISO date its coverage began

    @property
    def day_label(self) -> str:
        return datetime.strftime(date.fromisoformat(self.day), "%-d %B %Y")


@dataclass(frozen=True)
class SeriesLinks:
    """A live blog's place in its series: what `series_nav.html` shows."""

    name: str
    url: str  # the series' page
    # No "day 12 of 40": the count would change every live blog of the series (and render
    # them all again) each time a day is added; the neighbours change only the day before.
    previous: Neighbour | None
    next: Neighbour | None


def series_links(blogs: list[Any], settings: dict[str, Any]) -> dict[str, SeriesLinks]:
    """Each live blog of a series (by its slug): its series and neighbours."""
    members: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    for blog in blogs:
        name = blog.metadata.get("series")
        if name:
            key = slug_of(name, settings)
            members.setdefault(key, []).append(blog)
            names.setdefault(key, name)
    links = {}
    for key, group in members.items():
        group.sort(key=lambda b: (began(b), b.metadata["liveblog"]))

        def neighbour(i: int, group: list[Any] = group) -> Neighbour | None:
            if not 0 <= i < len(group):
                return None
            b = group[i]
            return Neighbour(b.title, b.url, began(b).isoformat())

        for i, blog in enumerate(group):
            links[blog.metadata["liveblog"]] = SeriesLinks(
                names[key], f"{SERIES}{key}/", neighbour(i - 1), neighbour(i + 1)
            )
    return links


def with_series(print_: str, links: SeriesLinks | None) -> str:
    """A live blog's fingerprint (`state.fingerprint`) with its series links: a new day in
    the series renders the day before it again (its "next" link)."""
    if links is None:
        return print_
    return hashlib.sha256(f"{print_}\0{links!r}".encode()).hexdigest()
