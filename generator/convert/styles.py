"""House styles: how an outlet marks its updates, in the time grammar's terms (no regex).

A style is a TOML file (README, "Style files"); the built-in ones are in `styles/`, and
`convert --style FILE` reads a user's own. A mistake in a file is reported as one line,
`file:line: what is wrong, how to fix`.

    name = "EA WorldView"
    order = "newest"              # newest | oldest | detect (from the page's times)
    zone = "Etc/GMT"              # IANA zone of times printed without one (optional)
    date_order = "DMY"            # how 03/04/2022 reads: DMY or MDY
    detect = ["UPDATE"]           # built-in styles: used when a page's stamps carry a label
                                  # named here

    [[marker]]
    label = "UPDATE"              # printed before the time ("" for none)
    kind = "update"               # update | original (the first post, printed without a time)
    time = ["hhmm"]               # notations: hhmm (1737), 24h (17:37), 12h (8.40am)
    example = "UPDATE 1737 GMT:"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConvertError
from .clock import DateOrder

OrderRule = Literal["newest", "oldest", "detect"]
BUILT_IN = Path(__file__).parent / "styles"

_TOP_KEYS = {"name", "order", "zone", "date_order", "detect", "marker", "description"}
_MARKER_KEYS = {"label", "kind", "time", "example"}
_NOTATIONS = {"hhmm", "24h", "12h"}
_KINDS = {"update", "original"}


@dataclass(frozen=True)
class Style:
    """What the import needs to know of a house style beyond the grammar's defaults."""

    name: str = "generic"
    labels: dict[str, str] = field(default_factory=dict)  # printed label (lower) → family
    original_labels: frozenset[str] = frozenset()  # families whose stamp is the first post
    notations: dict[str, frozenset[str]] = field(default_factory=dict)  # family → notations
    order: OrderRule = "detect"
    zone: str | None = None  # IANA zone the outlet prints its times in
    date_order: DateOrder = "DMY"
    detect: tuple[str, ...] = ()  # labels that make a page this built-in style's
    source: str = "built-in"


# The generic style knows the built-in styles' labels, so that one look at a page serves to
# choose its style (EA WorldView's `ORIGINAL ENTRY:` is the first post wherever it appears).
DEFAULT = Style(
    labels={"update": "update", "original entry": "original entry"},
    original_labels=frozenset({"original entry"}),
)


def load_style(path: Path) -> Style:
    """A style file, checked: any mistake is a ConvertError naming its line and the fix."""
    try:
        raw = path.read_text("utf-8")
    except OSError as exc:
        raise ConvertError(f"cannot read the style file: {exc.strerror}", path=path) from None
    except UnicodeDecodeError:
        raise ConvertError(
            "the style file is not UTF-8 text: save it as UTF-8", path=path
        ) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        line = _error_line(str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConvertError(
            f"not valid TOML ({reason}): see the example in README, 'Style files'",
            path=path,
            line=line,
        ) from None
    return _style_from(data, _Locator(raw), path)


def built_in_styles() -> list[Style]:
    """The styles shipped with the converter (EA WorldView's, …), in name order."""
    return [load_style(p) for p in sorted(BUILT_IN.glob("*.toml"))]


def detect_style(candidates: list[Any]) -> Style:
    """The built-in style whose labels most of the page's stamps carry, in the notations it
    names (Cox's `Update 11:13 p.m. EST March 3:` is no EA WorldView `UPDATE 1737 GMT:`),
    or the generic one."""
    stamps = [c for c in candidates if c.stamp is not None]
    for style in built_in_styles():
        wanted = {label.lower() for label in style.detect}
        ours = sum(1 for c in stamps if c.stamp.label.lower() in wanted and _named(style, c))
        if stamps and ours * 2 >= len(stamps):
            return style
    return DEFAULT


def _named(style: Style, candidate: Any) -> bool:
    """Is the candidate's time in a notation the style names for its label (if it names any)?"""
    family, notation = candidate.shape
    allowed = style.notations.get(family)
    clock = candidate.stamp.clock
    return (
        clock is None or allowed is None or notation.removeprefix("date ").split(" ")[0] in allowed
    )


class _Locator:
    """Line numbers of a TOML file's keys, for error messages (tomllib gives none)."""

    def __init__(self, raw: str) -> None:
        self.lines: dict[tuple[str, int, str], int] = {}
        self.tables: dict[tuple[str, int], int] = {}
        table, counts = "", {"": 0}
        for number, line in enumerate(raw.split("\n"), start=1):
            stripped = line.strip()
            if header := re.match(r"^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?", stripped):
                table = header[1]
                counts[table] = counts.get(table, -1) + 1
                self.tables[(table, counts[table])] = number
            elif key := re.match(r"^([A-Za-z0-9_-]+)\s*=", stripped):
                self.lines[(table, counts.get(table, 0), key[1])] = number

    def line(self, key: str, table: str = "", index: int = 0) -> int | None:
        return self.lines.get((table, index, key)) or self.tables.get((table, index))


def _error_line(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found[1]) if found else None


def _style_from(data: dict[str, Any], where: _Locator, path: Path) -> Style:
    def fail(message: str, key: str, table: str = "", index: int = 0) -> ConvertError:
        return ConvertError(message, path=path, line=where.line(key, table, index))

    for key in data:
        if key not in _TOP_KEYS:
            raise fail(f"unknown setting '{key}': use one of {', '.join(sorted(_TOP_KEYS))}", key)
    name = _text(data, "name", fail) or path.stem
    order = _text(data, "order", fail) or "detect"
    if order not in ("newest", "oldest", "detect"):
        raise fail(f"order = '{order}' is not an order: use newest, oldest or detect", "order")
    zone = _text(data, "zone", fail)
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise fail(
                f"zone = '{zone}' is not a time zone: use an IANA name such as "
                "Europe/London or America/New_York",
                "zone",
            ) from None
    date_order = _text(data, "date_order", fail) or "DMY"
    if date_order not in ("DMY", "MDY"):
        raise fail(f"date_order = '{date_order}': use DMY or MDY", "date_order")
    detect = data.get("detect", [])
    if not isinstance(detect, list) or not all(isinstance(d, str) for d in detect):
        raise fail('detect must be a list of labels, e.g. detect = ["UPDATE"]', "detect")
    markers = data.get("marker", [])
    if not isinstance(markers, list):
        raise fail("marker must be a table list: write each one as [[marker]]", "marker")
    labels: dict[str, str] = {}
    originals: set[str] = set()
    notations: dict[str, frozenset[str]] = {}
    for index, marker in enumerate(markers):
        for key in marker:
            if key not in _MARKER_KEYS:
                raise fail(
                    f"unknown marker setting '{key}': use one of {', '.join(sorted(_MARKER_KEYS))}",
                    key,
                    "marker",
                    index,
                )
        label = marker.get("label", "")
        kind = marker.get("kind", "update")
        times = marker.get("time", sorted(_NOTATIONS) if kind == "update" else [])
        if not isinstance(label, str):
            raise fail('label must be text, e.g. label = "UPDATE"', "label", "marker", index)
        if kind not in _KINDS:
            raise fail(
                f"kind = '{kind}' is not a marker kind: use update or original",
                "kind",
                "marker",
                index,
            )
        if not isinstance(times, list) or not set(times) <= _NOTATIONS:
            raise fail(
                f"time = {times!r}: list notations among hhmm (1737), 24h (17:37) and "
                '12h (8.40am), e.g. time = ["hhmm"]',
                "time",
                "marker",
                index,
            )
        if kind == "original" and not label:
            raise fail(
                'a first post is known by its label: add label = "ORIGINAL ENTRY" (or yours)',
                "kind",
                "marker",
                index,
            )
        family = label.lower() if label else ""
        if label:
            labels[label.lower()] = family
        if kind == "original":
            originals.add(family)
        else:
            notations[family] = notations.get(family, frozenset()) | frozenset(times)
    return Style(
        name=name,
        labels=labels,
        original_labels=frozenset(originals),
        notations=notations,
        order=order,  # type: ignore[arg-type]
        zone=zone,
        date_order=date_order,  # type: ignore[arg-type]
        detect=tuple(detect),
        source=str(path),
    )


def _text(data: dict[str, Any], key: str, fail: Any) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise fail(f'{key} must be text in quotes, e.g. {key} = "…"', key)
    return value
