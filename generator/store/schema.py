"""The entry schema: every header field of a live blog's `index.md` and of an update entry.

One table per kind of entry (`LIVE_BLOG`, `UPDATE`) names each field, its type, whether it
is required and what it means. Everything else reads and writes headers through it:
- the writer formats headers with `format_header`;
- `check` and the Pelican reader parse them with `read_entry` (the only header parser):
  syntax, unknown and duplicated fields, types, the rules that tie an entry to its folder;
- `live_blog_problems` checks a live blog as a whole (positions, counts, the raw source),
  for `check` from the files and for the build from what the reader read.

A header is Pelican's Markdown metadata: `Key: value` lines up to the first blank line,
then the body. Values are one line. Every problem is a `Problem`: file, line, message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .entry_format import read_blocks

INDEX = "index.md"
UPDATES = "updates"
MANIFEST = ".liveblog-archive.json"
# Files Pelican would read as content if they sat in a live blog's folder.
CONTENT_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst")


@dataclass(frozen=True, order=True)
class Problem:
    """Something that would publish wrongly, as `file:line: message`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class EntryError(Exception):
    """An entry (or a live blog) the build must not publish; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


# ---------------------------------------------------------------------------- characters

# XML 1.0 forbids C0 controls but tab and newline; HTML forbids C1 controls and
# noncharacters as well. A feed or page holding one is broken, so no entry may.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
)


def forbidden_character(text: str) -> re.Match[str] | None:
    return _FORBIDDEN.search(text)


def describe_character(char: str) -> str:
    name = unicodedata.name(char, "") or {
        "\x0c": "FORM FEED",
        "\x1b": "ESCAPE",
        "\x85": "NEXT LINE",
    }.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def without_forbidden_characters(text: str) -> str:
    """Text safe for XML: forbidden characters replaced by U+FFFD (feeds, sitemaps)."""
    return _FORBIDDEN.sub("\ufffd", text)


# ---------------------------------------------------------------------------- field types


@dataclass(frozen=True)
class FieldType:
    """How a header value is read (`parse`, raising ValueError with a hint) and written."""

    name: str
    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str


def _text(value: str) -> str:
    return value


_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
ANCHOR = re.compile(r"^(?:update-\d{4}-\d{2}-\d{2}(?:-\d{4})?|original-entry)(?:-\d+)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_DIGITS = re.compile(r"^[0-9]{1,9}$")


# Folders of the site's own pages: a live blog at one of these addresses would overwrite
# them (or be overwritten): the archive's year pages, publishers, series, the search page
# and its index, the theme's files and the site feed.
RESERVED_SLUGS = ("archive", "feeds", "pagefind", "publishers", "search", "series", "theme")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("must be lowercase letters, digits and hyphens (at most 80)")
    if value in RESERVED_SLUGS:
        raise ValueError(
            "is the address of the site's own pages (" + ", ".join(RESERVED_SLUGS) + "): "
            "choose another"
        )
    return value


def _anchor(value: str) -> str:
    if not ANCHOR.match(value):
        raise ValueError(
            "must look like update-YYYY-MM-DD-HHMM, update-YYYY-MM-DD or original-entry"
        )
    return value


def _aware(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or "T" not in value or parsed.tzinfo is None:
        raise ValueError(
            "must be an ISO 8601 date and time with its offset, e.g. 2024-12-07T17:37:00+00:00"
        )
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None
    return parsed


def _date(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date, YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a real date, YYYY-MM-DD") from None


def _moment(value: str) -> date | datetime:
    return _aware(value) if "T" in value else _date(value)


def _format_moment(value: date | datetime) -> str:
    return value.isoformat()


def _count(value: str) -> int:
    if not _DIGITS.match(value):
        raise ValueError("must be a whole number")
    return int(value)


def _position(value: str) -> int:
    number = _count(value)
    if number < 1:
        raise ValueError("must be 1 or more (1 is the top of the page)")
    return number


def _boolean(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError("must be true or false")
    return value == "true"


def _one_of(*values: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in values:
            raise ValueError("must be " + " or ".join(values))
        return value

    return parse


def http_url_problem(url: str) -> str | None:
    """Why `url` may not be published as a link (None if it may): http(s) only."""
    if any(c.isspace() or c in "\"'<>\\`" or ord(c) < 32 for c in url):
        return "may not contain spaces, quotes or angle brackets"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid address"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "must be an http:// or https:// address"
    return None


def _http_url(value: str) -> str:
    problem = http_url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _sha256(value: str) -> str:
    if not _SHA256.match(value):
        raise ValueError("must be 64 lowercase hexadecimal digits")
    return value


def _file_name(value: str) -> str:
    if not _FILE_NAME.match(value) or value == INDEX:
        raise ValueError("must be the name of a file in the live blog's folder, e.g. source.txt")
    return value


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be a time zone name such as Europe/London") from None
    return value


TEXT = FieldType("text", _text)
SLUG = FieldType("slug", _slug)
ANCHOR_TYPE = FieldType("anchor", _anchor)
DATETIME = FieldType("date and time", _aware, lambda v: v.isoformat())
MOMENT = FieldType("date or date and time", _moment, _format_moment)
DATE = FieldType("date", _date, lambda v: v.isoformat())
COUNT = FieldType("count", _count)
POSITION = FieldType("position", _position)
BOOLEAN = FieldType("true/false", _boolean, lambda v: "true" if v else "false")
HTTP_URL = FieldType("http(s) address", _http_url)
SHA256 = FieldType("SHA-256", _sha256)
FILE_NAME = FieldType("file name", _file_name)
TIME_ZONE = FieldType("time zone", _time_zone)


def enum(*values: str) -> FieldType:
    return FieldType(" or ".join(values), _one_of(*values))


@dataclass(frozen=True)
class Field:
    name: str  # as written, e.g. "Source-Url"; Pelican sees it lowercased
    type: FieldType
    required: bool
    doc: str
    # Set by an editor about the entry, never by the converter, and not a change of what
    # was archived: adding one is not an edit that `Edited:` must disclose.
    editorial: bool = False

    @property
    def key(self) -> str:
        return self.name.lower()


UPDATE_KINDS = ("update", "day-opener", "original")

LIVE_BLOG: tuple[Field, ...] = (
    Field("Title", TEXT, True, "the live blog's headline"),
    Field("Date", DATETIME, True, "when the newest update was published"),
    Field("Slug", SLUG, True, "its address, /<slug>/: the folder's name"),
    Field("Liveblog", SLUG, True, "the folder's name again: what its updates name"),
    Field("Template", enum("liveblog"), True, "always liveblog"),
    Field("Publisher", TEXT, False, "who published the original"),
    Field("Source-Url", HTTP_URL, False, "the original's address"),
    Field("Lead-Caption", TEXT, False, "caption of the lead photo (lost in copying)"),
    Field("Lead-Credit", TEXT, False, "its credit"),
    Field("Coverage-Start", MOMENT, False, "the oldest update's date (and time, if printed)"),
    Field("Coverage-End", MOMENT, False, "the newest update's date (and time, if printed)"),
    Field("Updates", COUNT, True, "how many update entries updates/ holds"),
    Field("Source-File", FILE_NAME, False, "the raw post, a file in this folder"),
    Field("Source-Sha256", SHA256, False, "its SHA-256 (required with Source-File)"),
    Field("Archived", DATE, False, "when this copy was made"),
    Field("Converter", TEXT, False, "the converter and version that wrote the entries"),
    Field("Timezone", TIME_ZONE, False, "the zone the page printed its times in"),
    Field("Order", enum("newest", "oldest"), False, "how the page ran its updates"),
    Field("Preamble", TEXT, False, "the page's furniture before its first update, ' ¶ ' apart"),
    Field(
        "Original-Status",
        enum("live", "dead", "usurped", "unfit"),
        False,
        "whether the original still answers (Wikipedia's url-status; default live)",
        editorial=True,
    ),
    Field("Edited", DATE, False, "when the header was changed after conversion", editorial=True),
    Field("Edit-Note", TEXT, False, "what was changed, shown with Edited", editorial=True),
    Field(
        "Series",
        TEXT,
        False,
        "the series it belongs to, e.g. a daily live blog (linked): an editor's filing",
        editorial=True,
    ),
)

UPDATE: tuple[Field, ...] = (
    Field("Title", TEXT, True, "the update's headline"),
    Field("Date", DATETIME, True, "when it was published (its day only if Time-Known is false)"),
    Field("Slug", TEXT, True, "<live blog>--<anchor>: unique in the site"),
    Field("Liveblog", SLUG, True, "the live blog it belongs to: its folder's name"),
    Field("Anchor", ANCHOR_TYPE, True, "its #anchor and permalink: the file's name"),
    Field("Label", TEXT, False, "its time as the page printed it"),
    Field("Kind", enum(*UPDATE_KINDS), True, "update, day-opener or original"),
    Field("Time-Known", BOOLEAN, True, "false when the page printed no time"),
    Field("Position", POSITION, True, "its place on the page, 1 = the newest"),
    Field("Status", enum("hidden"), True, "always hidden: listed by its live blog only"),
    Field("Template", enum("update"), True, "always update"),
    Field("Repairs", TEXT, False, "damage done by copying that the converter mended"),
    Field("Author", TEXT, False, "who wrote the update, when the page said so"),
    Field("Key", enum("yes", "no"), False, "yes: a key event, listed at the top", editorial=True),
    Field("Key-Title", TEXT, False, "its line in the key events (default: Title)", editorial=True),
    Field("Edited", DATE, False, "when it was changed after conversion", editorial=True),
    Field("Edit-Note", TEXT, False, "what was changed, shown with Edited", editorial=True),
)

SCHEMAS = {"live blog": LIVE_BLOG, "update": UPDATE}
# By the name Pelican knows a field by (lowercased), and the required ones: once.
_BY_KEY = {kind: {f.key: f for f in fields} for kind, fields in SCHEMAS.items()}
_REQUIRED = {kind: [f for f in fields if f.required] for kind, fields in SCHEMAS.items()}


# ---------------------------------------------------------------------------- reading


@dataclass
class Entry:
    """An entry read against its schema: typed values, where each field is, the body."""

    path: Path
    kind: str  # "live blog" or "update"
    values: dict[str, Any] = field(default_factory=dict)  # by Field.key
    lines: dict[str, int] = field(default_factory=dict)  # Field.key → line
    body: str = ""
    body_line: int = 1  # line of the body's first line

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def as_written(self) -> dict[str, str]:
        """The values as the header writes them (field key → text)."""
        types = {f.key: f.type for f in SCHEMAS[self.kind]}
        return {key: types[key].format(value) for key, value in self.values.items()}


_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)$")


def decode_entry(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    """An entry's bytes as text (a BOM dropped, line ends made `\\n`), or why not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(path, line, "is not valid UTF-8: save it as UTF-8 text")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_entry(path: Path, text: str, kind: str) -> tuple[Entry, list[Problem]]:
    """Parse and validate one entry's header against the schema of `kind`, and its body."""
    schema = _BY_KEY[kind]
    entry = Entry(path, kind)
    problems: list[Problem] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines) and lines[index].strip():
        number = index + 1
        line = lines[index]
        index += 1
        found = _KEY.match(line.rstrip())
        if not found:
            problems.append(
                Problem(
                    path,
                    number,
                    "header line is not 'Key: value' (end the header with a blank line)",
                )
            )
            continue
        name, value = found[1], (found[2] or "").strip()
        key = name.lower()
        spec = schema.get(key)
        if spec is None:
            known = ", ".join(f.name for f in SCHEMAS[kind])
            problems.append(
                Problem(path, number, f"unknown field '{name}:' (a {kind} has {known})")
            )
            continue
        if key in entry.lines:
            problems.append(
                Problem(
                    path,
                    number,
                    f"duplicate field '{spec.name}:' (also on line {entry.lines[key]})",
                )
            )
            continue
        entry.lines[key] = number
        if not value:
            if spec.required:
                problems.append(Problem(path, number, f"'{spec.name}:' is empty"))
            continue
        bad = forbidden_character(value)
        if bad:
            problems.append(
                Problem(
                    path, number, f"'{spec.name}:' holds {describe_character(bad[0])}: delete it"
                )
            )
            continue
        try:
            entry.values[key] = spec.type.parse(value)
        except ValueError as error:
            problems.append(Problem(path, number, f"'{spec.name}:' {value!r} {error}"))
    for spec in _REQUIRED[kind]:
        if spec.key not in entry.lines:
            problems.append(Problem(path, 1, f"missing field '{spec.name}:' ({spec.doc})"))
    entry.body_line = index + 2
    entry.body = "\n".join(lines[index + 1 :])
    problems += body_problems(entry)
    return entry, problems


def body_problems(entry: Entry) -> list[Problem]:
    """The body: no character XML or HTML forbids, every `:::` block closed and complete."""
    problems = []
    body_lines = entry.body.split("\n")
    if forbidden_character(entry.body):  # one scan of the whole body; lines only if needed
        for number, line in enumerate(body_lines, start=entry.body_line):
            bad = forbidden_character(line)
            if bad:
                problems.append(
                    Problem(
                        entry.path,
                        number,
                        f"{describe_character(bad[0])} at column {bad.start() + 1}: delete it "
                        "(feeds and pages cannot hold it)",
                    )
                )
    if ":::" not in entry.body:
        return problems
    for _, _, block in read_blocks(body_lines):
        line = entry.body_line + block.line - 1
        problems += _block_problems(entry.path, line, block)
    return problems


_PLATFORM = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
# An author's page rather than a post's: Bluesky's /profile/<handle>, X's /<handle>.
PROFILE_URL = re.compile(
    r"^https?://(?:bsky\.app/profile/[^/?#]+|(?:www\.)?(?:x|twitter)\.com/[^/?#]+)/?(?:[?#].*)?$",
    re.IGNORECASE,
)
LOST_MEDIA_KINDS = ("image", "video", "media")


def _block_problems(path: Path, line: int, block: Any) -> list[Problem]:
    if not block.closed:
        return [Problem(path, line, f"'::: {block.name}' is never closed by ':::'")]
    if block.name == "lost-media":
        if block.arg not in LOST_MEDIA_KINDS:
            return [Problem(path, line, "write '::: lost-media image', 'video' or 'media'")]
        return []
    if block.name != "embed":
        return [Problem(path, line, f"unknown block '::: {block.name}' (embed or lost-media)")]
    problems = []
    fields = block.fields
    # A post the copy kept only as a note (`media:`, e.g. a consent gate's lines) may have
    # no handle: the copy did not print one.
    for name in ("platform", "author", "handle"):
        if not fields.get(name) and not (name == "handle" and fields.get("media")):
            problems.append(Problem(path, line, f"embed has no '{name}:'"))
    if fields.get("platform") and not _PLATFORM.match(fields["platform"]):
        problems.append(
            Problem(path, line, "embed 'platform:' must be a lowercase name, e.g. bluesky")
        )
    for name in ("url", "profile"):
        if fields.get(name) and (why := http_url_problem(fields[name])):
            problems.append(Problem(path, line, f"embed '{name}:' {why}"))
    if fields.get("url") and PROFILE_URL.match(fields["url"]):
        problems.append(
            Problem(
                path,
                line,
                "embed 'url:' is the author's profile, not the post: write it as 'profile:'",
            )
        )
    posted = fields.get("posted")
    if posted and not re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?", posted):
        problems.append(
            Problem(path, line, "embed 'posted:' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        )
    return problems


# ---------------------------------------------------------------------------- writing


def format_header(kind: str, values: dict[str, Any]) -> str:
    """A header in the schema's field order; empty and absent values are left out."""
    out = []
    for spec in SCHEMAS[kind]:
        value = values.get(spec.key)
        if value is None or value == "":
            continue
        text = " ".join(spec.type.format(value).split())
        out.append(f"{spec.name}: {text}\n")
    return "".join(out)


# ---------------------------------------------------------------------------- a live blog


def entry_problems(entry: Entry, folder: str) -> list[Problem]:
    """What ties an entry to its folder: names that must agree with the folder's and file's."""
    v, path = entry.values, entry.path
    problems = []

    def expect(key: str, wanted: str, why: str) -> None:
        if key in v and v[key] != wanted:
            problems.append(Problem(path, entry.line(key), f"{why}: should be {wanted!r}"))

    if entry.kind == "live blog":
        expect("slug", folder, "the live blog's slug is its folder's name")
        expect("liveblog", folder, "'Liveblog:' is the folder's name")
        if ("source-file" in entry.lines) != ("source-sha256" in entry.lines):
            problems.append(
                Problem(
                    path, 1, "'Source-File:' and 'Source-Sha256:' go together: give both or neither"
                )
            )
    else:
        expect("liveblog", folder, "'Liveblog:' names the live blog's folder")
        expect("anchor", path.stem, "the anchor is the file's name")
        if "anchor" in v:
            expect("slug", f"{folder}--{v['anchor']}", "an update's slug is <live blog>--<anchor>")
        if "key-title" in v and v.get("key") != "yes":
            problems.append(Problem(path, entry.line("key-title"), "'Key-Title:' needs 'Key: yes'"))
    if ("edited" in v) != ("edit-note" in v):
        line = entry.line("edited" if "edited" in v else "edit-note")
        problems.append(Problem(path, line, "'Edited:' and 'Edit-Note:' go together: give both"))
    return problems


def live_blog_problems(index: Entry, updates: list[Entry], source: bytes | None) -> list[Problem]:
    """A live blog as a whole: one entry per position, as many as it says, newest first, and
    the raw post beside it the one its SHA-256 names. `source` is the Source-File's bytes
    (None if there is none or it could not be read)."""
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for entry in updates:
        anchor = entry.values.get("anchor")
        if anchor in seen:
            problems.append(
                Problem(
                    entry.path,
                    entry.line("anchor"),
                    f"duplicate anchor {anchor!r} (also in {seen[anchor]})",
                )
            )
        elif anchor:
            seen[anchor] = entry.path
    if "updates" in index.values and index.values["updates"] != len(updates):
        problems.append(
            Problem(
                index.path,
                index.line("updates"),
                f"'Updates: {index.values['updates']}' but updates/ holds {len(updates)} "
                "entries: a lost or extra entry (correct the count if you meant it)",
            )
        )
    problems += _order_problems(index, updates)
    problems += _source_problems(index, source)
    problems += edit_problems(index, updates)
    return problems


def _order_problems(index: Entry, updates: list[Entry]) -> list[Problem]:
    placed = sorted(
        ((e.values["position"], str(e.path), e) for e in updates if "position" in e.values),
    )
    positions = [p for p, _, _ in placed]
    problems = []
    if positions != list(range(1, len(positions) + 1)):
        problems.append(
            Problem(
                index.path.parent / UPDATES,
                1,
                f"positions must be 1…{len(positions)}, each once: found {_ranges(positions)}",
            )
        )
    previous: tuple[datetime, Path] | None = None
    for _, _, entry in placed:
        when = entry.values.get("date")
        if when is None or entry.values.get("time-known") is False:
            continue  # no time printed: its Date is the stand-in start of its day
        if previous is not None and when > previous[0]:
            problems.append(
                Problem(
                    entry.path,
                    entry.line("date"),
                    f"dated after {previous[1].name}, which is above it on the page",
                )
            )
        previous = (when, entry.path)
    return problems


def editorial_keys(kind: str) -> frozenset[str]:
    return frozenset(f.key for f in SCHEMAS[kind] if f.editorial)


def without_fields(data: bytes, keys: frozenset[str]) -> bytes:
    """An entry's bytes with the header lines of `keys` left out, every other byte kept."""
    lines = data.split(b"\n")
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    kept = [
        line
        for line in lines[:end]
        if line.split(b":", 1)[0].strip().lower().decode("utf-8", "replace") not in keys
    ]
    return b"\n".join(kept + lines[end:])


def edit_problems(index: Entry, updates: list[Entry]) -> list[Problem]:
    """An entry (the live blog's index.md or an update) that differs from what the converter
    wrote (its record in MANIFEST), other than by editorial fields, must say so: `Edited:`
    and `Edit-Note:` are shown on the page. Without a record (a live blog written by hand)
    there is nothing to compare with."""
    try:
        written = json.loads((index.path.parent / MANIFEST).read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not isinstance(written, dict):
        return []
    problems = []
    for entry in [index, *updates]:
        if "edited" in entry.lines:
            continue
        try:
            data = entry.path.read_bytes()
        except OSError:
            continue  # reported where it was read
        keys = editorial_keys(entry.kind)
        rel = INDEX if entry is index else f"{UPDATES}/{entry.path.name}"
        expected = written.get(rel)
        if hashlib.sha256(data).hexdigest() == expected:
            continue  # as the converter wrote it (most entries: one hash)
        if hashlib.sha256(without_fields(data, keys)).hexdigest() != expected:
            what = "was changed since" if rel in written else "was added after"
            problems.append(
                Problem(
                    entry.path,
                    1,
                    f"{what} the converter wrote the live blog: say so on its page with "
                    "'Edited: YYYY-MM-DD' and 'Edit-Note: what was changed'",
                )
            )
    return problems


def _ranges(numbers: Iterable[int]) -> str:
    shown = list(numbers)
    text = ", ".join(map(str, shown[:12]))
    return text + (f" … ({len(shown)} in all)" if len(shown) > 12 else "")


def source_path(index: Entry) -> Path | None:
    name = index.values.get("source-file")
    return index.path.parent / name if name else None


def read_source(index: Entry) -> tuple[bytes | None, list[Problem]]:
    """The Source-File's bytes, if it is a regular file inside the live blog's folder."""
    path = source_path(index)
    if path is None:
        return None, []
    line = index.line("source-file")
    if path.is_symlink() or not path.is_file():
        what = "a link" if path.is_symlink() else "missing"
        return None, [
            Problem(index.path, line, f"{path.name} is {what}: the raw post must be a file here")
        ]
    try:
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(index.path, line, f"{path.name} cannot be read ({error.strerror})")]


def _source_problems(index: Entry, source: bytes | None) -> list[Problem]:
    expected = index.values.get("source-sha256")
    if source is None or expected is None:
        return []
    if hashlib.sha256(source).hexdigest() != expected:
        name = index.values.get("source-file", "the source")
        return [
            Problem(
                index.path,
                index.line("source-sha256"),
                f"{name} does not match Source-Sha256 (the raw post was changed)",
            )
        ]
    return []


# ---------------------------------------------------------------------------- the folders


def is_live_blog_folder(folder: Path) -> bool:
    """`content/<slug>/` with an index.md or an updates/ folder; never a hidden folder."""
    if folder.name.startswith(".") or not folder.is_dir() or folder.is_symlink():
        return False
    return (folder / INDEX).exists() or (folder / UPDATES).is_dir()


def live_blog_folders(content: Path) -> list[Path]:
    return sorted(p for p in content.iterdir() if is_live_blog_folder(p))


MISPLACED = (
    "has a live blog's header (Template: liveblog) but is not a live blog's index.md: "
    "a live blog is content/<slug>/index.md, with its updates/ beside it"
)
_LIVE_BLOG_TEMPLATE = re.compile(r"template\s*:\s*liveblog\s*$", re.IGNORECASE)
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


def template_line(path: Path) -> int | None:
    """The line of a Markdown file's header (Pelican's: up to the first blank line) that
    says `Template: liveblog`, if one does."""
    try:
        with open(path, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    return None
                if _LIVE_BLOG_TEMPLATE.match(line.strip()):
                    return number
    except OSError:
        return None
    return None


def misplaced_live_blogs(content: Path) -> list[Problem]:
    """Markdown files outside the live blogs' folders whose header makes them a live blog's
    page (a copy of an index.md, say): Pelican would read them, and no live blog has them."""
    folders = frozenset(folder.name for folder in live_blog_folders(content))
    problems = []
    for parts in content_files(content, _MARKDOWN_SUFFIXES, skip=folders):
        path = content.joinpath(*parts)
        if (number := template_line(path)) is not None:
            problems.append(Problem(path, number, MISPLACED))
    return problems


def content_files(
    folder: Path, suffixes: tuple[str, ...], skip: frozenset[str] = frozenset()
) -> list[tuple[str, ...]]:
    """The files below `folder` Pelican would read as content (a suffix of `suffixes`; not
    hidden, nor in a hidden folder or a linked one; linked files kept), as their parts
    below it, sorted as pathlib sorts paths; `skip`: folders of `folder` left out.
    os.walk: pathlib's rglob was a tenth of a cold build's reading."""
    found: list[tuple[str, ...]] = []
    for root, names, files in os.walk(folder):
        parts = Path(root).relative_to(folder).parts
        names[:] = [n for n in names if not n.startswith(".") and (parts or n not in skip)]
        for name in files:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            if os.path.isfile(os.path.join(root, name)):
                found.append((*parts, name))
    return sorted(found)


def stray_files(folder: Path) -> list[Problem]:
    """Files Pelican would publish as pages of their own from inside a live blog's folder."""
    problems = []
    for parts in content_files(folder, CONTENT_SUFFIXES):
        entry = parts == (INDEX,) or (len(parts) == 2 and parts[0] == UPDATES)
        if entry and parts[-1].endswith(".md"):
            continue
        problems.append(
            Problem(
                folder.joinpath(*parts),
                1,
                "is not an entry of the live blog but would be published: move it out",
            )
        )
    if not (folder / INDEX).exists():
        problems.append(Problem(folder, 1, f"has no {INDEX}: a live blog's folder needs one"))
    return problems
