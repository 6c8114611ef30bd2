"""`check content/`: find what would publish wrongly, as `file:line: message` problems."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .entry_format import read_blocks

ANCHOR = re.compile(r"^(?:update-\d{4}-\d{2}-\d{2}(?:-\d{4})?|original-entry)(?:-\d+)?$")
KINDS = {"update", "day-opener", "original"}
UPDATE_FIELDS = ("title", "date", "slug", "liveblog", "anchor", "kind", "position", "time-known")
INDEX_FIELDS = ("title", "date", "slug", "template")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Entry:
    path: Path
    fields: dict[str, str]
    lines: dict[str, int]  # field name → line
    body: list[str]
    body_line: int  # line number of the body's first line


def read_entry(path: Path) -> Entry:
    """Pelican-style `Key: value` header, a blank line, then the body."""
    text = path.read_text("utf-8")
    lines = text.split("\n")
    fields, where = {}, {}
    index = 0
    while index < len(lines) and lines[index].strip():
        name, sep, value = lines[index].partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
            where[name.strip().lower()] = index + 1
        index += 1
    return Entry(path, fields, where, lines[index + 1 :], index + 2)


def check_content(content: Path) -> list[Problem]:
    problems: list[Problem] = []
    slugs: dict[str, Path] = {}
    blog_dirs = sorted(p for p in content.iterdir() if p.is_dir() and not p.name.startswith("."))
    for blog_dir in blog_dirs:
        index = blog_dir / "index.md"
        if not index.exists():
            if any(blog_dir.glob("updates/*.md")):
                problems.append(Problem(blog_dir, 1, "has updates but no index.md"))
            continue
        entries = [read_entry(index)] + [
            read_entry(p) for p in sorted(blog_dir.glob("updates/*.md"))
        ]
        problems += _check_fields(entries[0], INDEX_FIELDS)
        problems += _check_source(entries[0])
        for entry in entries[1:]:
            problems += _check_update(entry, blog_dir.name)
        problems += _check_unique(entries, "slug", slugs)
        problems += _check_unique(entries[1:], "anchor", {})
        problems += _check_order(entries[1:])
        for entry in entries:
            problems += _check_blocks(entry)
    return problems


def _check_fields(entry: Entry, required: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(entry.path, 1, f"missing metadata '{name.title()}:'")
        for name in required
        if not entry.fields.get(name)
    ]


def _check_source(index: Entry) -> list[Problem]:
    """The raw post beside the entries is the one they were made from (provenance)."""
    expected = index.fields.get("source-sha256")
    if not expected:
        return []
    source = index.path.parent / index.fields.get("source-file", "source.txt")
    if not source.is_file():
        return [Problem(index.path, index.lines["source-sha256"], f"{source.name} is missing")]
    if hashlib.sha256(source.read_bytes()).hexdigest() != expected:
        return [
            Problem(
                index.path,
                index.lines["source-sha256"],
                f"{source.name} does not match Source-Sha256 (the raw post was changed)",
            )
        ]
    return []


def _check_update(entry: Entry, blog: str) -> list[Problem]:
    problems = _check_fields(entry, UPDATE_FIELDS)
    f, at = entry.fields, entry.lines
    if f.get("anchor") and not ANCHOR.match(f["anchor"]):
        problems.append(Problem(entry.path, at["anchor"], f"anchor {f['anchor']!r} is malformed"))
    if f.get("anchor") and f["anchor"] != entry.path.stem:
        problems.append(
            Problem(entry.path, at["anchor"], f"anchor {f['anchor']!r} differs from the file name")
        )
    if f.get("liveblog") and f["liveblog"] != blog:
        problems.append(Problem(entry.path, at["liveblog"], f"liveblog should be {blog!r}"))
    if f.get("kind") and f["kind"] not in KINDS:
        problems.append(Problem(entry.path, at["kind"], f"kind must be one of {sorted(KINDS)}"))
    if f.get("date") and _date(f["date"]) is None:
        problems.append(Problem(entry.path, at["date"], "date is not ISO 8601 (YYYY-MM-DDTHH:MM)"))
    if f.get("position") and not f["position"].isdigit():
        problems.append(Problem(entry.path, at["position"], "position must be a whole number"))
    return problems


def _check_unique(entries: list[Entry], name: str, seen: dict[str, Path]) -> list[Problem]:
    problems = []
    for entry in entries:
        value = entry.fields.get(name)
        if not value:
            continue
        if value in seen:
            problems.append(
                Problem(
                    entry.path,
                    entry.lines[name],
                    f"duplicate {name} {value!r} (also in {seen[value]})",
                )
            )
        else:
            seen[value] = entry.path
    return problems


def _check_order(updates: list[Entry]) -> list[Problem]:
    """Positions 1…N, and dates never increasing down the page (newest first)."""
    placed = (
        sorted(
            (int(e.fields["position"]), e)
            for e in updates
            if e.fields.get("position", "").isdigit()
        )
        if updates
        else []
    )
    problems = []
    positions = [p for p, _ in placed]
    if positions != list(range(1, len(positions) + 1)):
        problems.append(
            Problem(updates[0].path.parent, 1, f"positions are not 1…{len(positions)}: {positions}")
        )
    previous = None
    for _, entry in placed:
        when = _date(entry.fields.get("date", ""))
        if when is None or entry.fields.get("time-known") == "false":
            continue  # an update with no printed time has its day's start as a stand-in
        if previous is not None and when > previous[0]:
            problems.append(
                Problem(
                    entry.path,
                    entry.lines["date"],
                    f"dated after {previous[1].name}, which is above it on the page",
                )
            )
        previous = (when, entry.path)
    return problems


def _check_blocks(entry: Entry) -> list[Problem]:
    problems = []
    for _, _, block in read_blocks(entry.body):
        line = entry.body_line + block.line - 1
        if not block.closed:
            problems.append(
                Problem(entry.path, line, f"'::: {block.name}' is never closed by ':::'")
            )
        if block.name == "embed":
            for name in ("author", "handle", "platform"):
                if not block.fields.get(name):
                    problems.append(Problem(entry.path, line, f"embed has no '{name}:'"))
        elif block.name != "lost-media":
            problems.append(Problem(entry.path, line, f"unknown block '::: {block.name}'"))
    return problems


def _date(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
