"""The import's review report, as lines for a person (`convert`) and as JSON (`parse --json`).

One fact a line, in the page's own zone: what the import found and every choice it made
that a person may want to check (the order, the zone, each new day, each stamp left as text).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .convert.model import ImportReport, LiveBlog, TextLine

ORDER_NAMES = {"newest": "newest first", "oldest": "oldest first"}


def _moment(value: date | datetime | None) -> str:
    if isinstance(value, datetime):
        return f"{value:%-d %B %Y %H:%M %Z}".strip()
    if isinstance(value, date):
        return f"{value:%-d %B %Y} (no time printed)"
    return "?"


def report_lines(blog: LiveBlog) -> list[str]:
    """The report, one fact a line."""
    report = blog.report
    lines = [
        f"{report.updates} update(s), from {_moment(report.first_local)} "
        f"to {_moment(report.last_local)}",
        f"order: {ORDER_NAMES[report.order]} ({report.order_source})",
        f"zone: {report.timezone} ({report.timezone_source})"
        if report.timezone
        else f"zone: none ({report.timezone_source})",
        f"style: {report.style}",
        f"title: {blog.title!r}" + (f" ({report.title_source})" if report.title_source else ""),
    ]
    if report.days_source:
        lines.append(f"days: {report.days_source}")
    lines += _first(
        [f"new day at line {r.line}: {r.text}, {r.reason}" for r in report.rollovers], "new days"
    )
    lines += _first(
        [f"kept as text, line {k.line}: {k.text!r} ({k.reason})" for k in report.kept_as_text],
        "lines kept as text",
    )
    lines += _first(
        [f"page furniture kept, line {p.line}: {p.text!r}" for p in report.preamble],
        "lines of page furniture",
    )
    lines.append(f"embedded posts: {report.embeds}")
    lines.append(f"media lost in copying: {report.lost_media}")
    lines += [f"warning: {w}" for w in report.warnings]
    return lines


SHOWN = 20  # of each kind of line: a live blog of years has a new day every 200 lines


def _first(lines: list[str], what: str) -> list[str]:
    """The first SHOWN lines of a kind, and how many more (`parse --json` has them all)."""
    if len(lines) <= SHOWN:
        return lines
    return [*lines[:SHOWN], f"… and {len(lines) - SHOWN} more {what} (parse --json lists them all)"]


def _line_json(item: TextLine) -> dict[str, Any]:
    return {"line": item.line, "text": item.text, "reason": item.reason}


def report_json(report: ImportReport) -> dict[str, Any]:
    def moment(value: date | datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "updates": report.updates,
        "first_local": moment(report.first_local),
        "last_local": moment(report.last_local),
        "order": report.order,
        "order_source": report.order_source,
        "timezone": report.timezone,
        "timezone_source": report.timezone_source,
        "style": report.style,
        "days_source": report.days_source,
        "title_source": report.title_source,
        "rollovers": [_line_json(r) for r in report.rollovers],
        "kept_as_text": [_line_json(k) for k in report.kept_as_text],
        "preamble": [_line_json(p) for p in report.preamble],
        "embeds": report.embeds,
        "lost_media": report.lost_media,
        "warnings": list(report.warnings),
    }
