"""The archive's index: live blogs by year and month, by publisher, by series.

An archive of thousands of live blogs cannot be one list. The front page (Pelican's
`index.html`) shows the newest live blogs in full (`LIVEBLOG_INDEX_LATEST`, 20) and, in
`archive_nav.html`, every year and month with the number of live blogs begun in it, every
publisher and every series with theirs. Each count links to a page of its own, written
here, that lists its live blogs compactly (title, day, number of updates):
- `archive/<year>/`: the live blogs begun that year, month by month (`#month-YYYY-MM`);
- `publishers/<slug>/` and `series/<slug>/`: a publisher's or a series' newest live
  blogs and its years and months, each year listed on `…/<slug>/<year>/`;
- a year of more live blogs than `LIVEBLOG_YEAR_PAGE_BLOGS` (400: more than one a day)
  is listed a month a page (`…/<year>/<MM>/`), its year page linking the months.
So the front page grows with the number of years, months, publishers and series, never
with the number of live blogs, and no list page holds more than one year of one scope
(a daily live blog: 366 lines), or one month of a busier year. Budget, tested with
5,000 live blogs (tests/test_archive_index.py): the front page at most 64 KB, a year
page at most 150 KB.

A live blog belongs to the month its coverage began (`Coverage-Start:`, else its `Date:`).
It may belong to a series (`Series:` in index.md, e.g. a daily live blog): the live blog
page links the previous and next live blogs of its series (`series_nav.html`), in the
order they began. Those links are part of what the page depends on, so a live blog is
rendered again when its neighbours change (`series.py`).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from .liveblogs import is_live_blog
from .series import SERIES, began, slug_of
from .state import remove_pages

log = logging.getLogger(__name__)

LATEST = "LIVEBLOG_INDEX_LATEST"  # live blogs shown in full on the front page
LATEST_DEFAULT = 20
YEAR_PAGE_BLOGS = ("LIVEBLOG_YEAR_PAGE_BLOGS", 400)  # more in a year: a page per month
YEARS = "archive/"
PUBLISHERS = "publishers/"
RECORD = "liveblog-archive-pages.json"  # the pages the last build wrote, in CACHE_PATH


# ---------------------------------------------------------------------------- listings


@dataclass
class Month:
    year: int
    month: int
    blogs: list[Any]
    url: str  # its place on its year's page, or its own page (`Year.by_month`)

    @property
    def name(self) -> str:
        return date(self.year, self.month, 1).strftime("%B")

    @property
    def id(self) -> str:
        return f"month-{self.year}-{self.month:02d}"


@dataclass
class Year:
    year: int
    months: list[Month]
    url: str  # its page
    by_month: bool = False  # too many live blogs for one page: a page per month

    @property
    def count(self) -> int:
        return sum(len(m.blogs) for m in self.months)


@dataclass
class Scope:
    """Live blogs listed together: the whole archive, a publisher's, a series'."""

    name: str
    url: str  # its overview page ("" for the whole archive: the front page)
    years_url: str  # where its year pages are: <years_url><year>/
    blogs: list[Any] = field(default_factory=list)  # newest first, by the day each began
    year_page_blogs: int = YEAR_PAGE_BLOGS[1]  # more in a year: a page per month

    @property
    def count(self) -> int:
        return len(self.blogs)

    @property
    def years(self) -> list[Year]:
        years = []
        for year, group in groupby(self.blogs, key=lambda b: began(b).year):
            url = f"{self.years_url}{year}/"
            in_year = list(group)
            by_month = len(in_year) > self.year_page_blogs
            months = [
                Month(
                    year,
                    month,
                    list(blogs),
                    f"{url}{month:02d}/" if by_month else f"{url}#month-{year}-{month:02d}",
                )
                for month, blogs in groupby(in_year, key=lambda b: began(b).month)
            ]
            years.append(Year(year, months, url, by_month))
        return years

    def latest(self, count: int) -> list[Any]:
        return self.blogs[:count]


class ArchiveIndex:
    """Everything the front page and the archive's pages list (the `archive` variable of
    the templates)."""

    def __init__(self, articles: list[Any], settings: dict[str, Any]) -> None:
        self.latest_count = int(settings.get(LATEST, LATEST_DEFAULT))
        # The front page's live blogs in full: Pelican's order (the newest update first).
        self.latest = articles[: self.latest_count]
        blogs = sorted(
            (a for a in articles if is_live_blog(a)),
            key=lambda b: (began(b), b.date, b.metadata["liveblog"]),
            reverse=True,
        )
        self.all = Scope("All live blogs", "", YEARS, blogs)
        self.publishers = self._scopes(blogs, "publisher", PUBLISHERS, settings)
        self.series = self._scopes(blogs, "series", SERIES, settings)
        most = int(settings.get(*YEAR_PAGE_BLOGS))
        for scope in self.scopes:
            scope.year_page_blogs = most

    @staticmethod
    def _scopes(blogs: list[Any], key: str, base: str, settings: dict[str, Any]) -> list[Scope]:
        scopes: dict[str, Scope] = {}
        for blog in blogs:
            name = blog.metadata.get(key)
            if name:
                slug = slug_of(name, settings)
                scope = scopes.setdefault(slug, Scope(name, f"{base}{slug}/", f"{base}{slug}/"))
                scope.blogs.append(blog)
        return sorted(scopes.values(), key=lambda s: s.name.casefold())

    @property
    def scopes(self) -> list[Scope]:
        return [self.all, *self.publishers, *self.series]

    def page_urls(self) -> list[str]:
        """The address of every page of years, publishers and series written (the
        sitemap lists them)."""
        return [
            url
            for scope in self.scopes
            for url in [scope.url, *(u for year in scope.years for u in year_urls(year))]
            if url
        ]


def year_urls(year: Year) -> list[str]:
    """A year's page, then its months' pages if it has them."""
    return [year.url, *(month.url for month in year.months if year.by_month)]


# ---------------------------------------------------------------------------- Pelican


class ArchiveIndexGenerator(Generator):
    """Puts `archive` into the templates' context and writes the archive's year,
    publisher and series pages."""

    def generate_context(self) -> None:
        # After Pelican's ArticlesGenerator (Pelican runs the plugins' generators after its
        # own): the live blogs are its articles. Their updates are attached by the live
        # blog generator, in any order with this one: the pages read them when rendered.
        self.archive = ArchiveIndex(self.context.get("articles", []), self.settings)
        self.context["archive"] = self.archive

    def generate_output(self, writer: Any) -> None:
        relative = self.settings.get("RELATIVE_URLS")
        written: list[str] = []

        def write(template: str, url: str, **values: Any) -> None:
            written.append(url + "index.html")
            writer.write_file(
                written[-1],
                self.get_template(template),
                self.context,
                relative_urls=relative,
                page_url=url,  # (Pelican's writer keeps `url` for itself)
                **values,
            )

        for scope in self.archive.scopes:
            if scope.url:
                write("archive_scope", scope.url, scope=scope)
            years = scope.years
            for index, year in enumerate(years):
                newer, older = neighbours(years, index)
                write("archive_year", year.url, scope=scope, year=year, newer=newer, older=older)
                months = year.months if year.by_month else []
                for number, month in enumerate(months):
                    newer, older = neighbours(months, number)
                    write(
                        "archive_month",
                        month.url,
                        scope=scope,
                        year=year,
                        month=month,
                        newer=newer,
                        older=older,
                    )
        remove_stale(self.settings, Path(self.output_path), written)


def neighbours(items: list[Any], index: int) -> tuple[Any, Any]:
    """The items before and after `index` (newer and older: lists run newest first)."""
    return (
        items[index - 1] if index > 0 else None,
        items[index + 1] if index + 1 < len(items) else None,
    )


def remove_stale(settings: dict[str, Any], output: Path, written: list[str]) -> list[Path]:
    """Remove the archive pages the last build wrote and this one did not (a year, a
    publisher or a series that has no live blog any more), then record this build's."""
    record = Path(settings.get("CACHE_PATH", "cache")) / RECORD
    where = os.fspath(output.resolve())
    try:
        before = json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        before = {}
    removed = []
    if isinstance(before, dict) and before.get("output") == where:
        removed = remove_pages(output, set(before.get("pages", [])) - set(written))
    if removed:
        log.info("archive: %d page(s) of years, publishers or series removed", len(removed))
    record.parent.mkdir(parents=True, exist_ok=True)
    tmp = record.with_suffix(".tmp")
    tmp.write_text(json.dumps({"output": where, "pages": sorted(written)}), "utf-8")
    os.replace(tmp, record)
    return removed


def get_generators(_pelican: Any) -> type[ArchiveIndexGenerator]:
    return ArchiveIndexGenerator
