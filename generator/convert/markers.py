"""The table of update markers: each row recognises one way outlets open an update.

A new outlet or a new house style is one more row here, not a change to the parser.
Every pattern matches a whole line; named groups carry what the marker says: the time as
`hhmm` or as `hour` and `minute` (with `ampm` on a 12-hour clock), `tz` (the printed zone;
a row whose times may come without one needs `--timezone`), `month` and `day` (a day
marker), `text` (text on the marker's line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from .model import UpdateKind

MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
        start=1,
    )
}

# Zones that outlets print after a time. A time printed with no zone is not a marker.
TIME_ZONES = {
    "GMT": timedelta(0),
    "UTC": timedelta(0),
    "BST": timedelta(hours=1),
    "CET": timedelta(hours=1),
    "CEST": timedelta(hours=2),
    "EST": timedelta(hours=-5),
    "EDT": timedelta(hours=-4),
}
_TZ = "(?P<tz>" + "|".join(TIME_ZONES) + ")"
_MONTH = r"(?P<month>JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*\.?"


@dataclass(frozen=True)
class MarkerPattern:
    name: str
    kind: UpdateKind
    pattern: str  # matched against one line, case-sensitive unless it says otherwise
    example: str

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


_cache: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _cache:
        _cache[pattern] = re.compile(pattern)
    return _cache[pattern]


MARKERS: tuple[MarkerPattern, ...] = (
    MarkerPattern(
        name="ea-update-time",
        kind="update",
        pattern=rf"^[ \t]*UPDATE,?[ \t]+(?P<hhmm>\d{{4}})[ \t]*{_TZ}:[ \t]*(?P<text>.*)$",
        example="UPDATE 1737 GMT:  /  UPDATE, 1800 GMT:",
    ),
    MarkerPattern(
        name="ea-day-opener",
        kind="day-opener",
        pattern=rf"^[ \t]*UPDATE,?[ \t]+{_MONTH}[ \t]+(?P<day>\d{{1,2}}):[ \t]*(?P<text>.*)$",
        example="UPDATE, DEC 7:",
    ),
    MarkerPattern(
        name="ea-original-entry",
        kind="original",
        pattern=r"^[ \t]*ORIGINAL ENTRY:[ \t]*(?P<text>.*)$",
        example="ORIGINAL ENTRY: text of the first post…",
    ),
    MarkerPattern(
        name="time-first",
        kind="update",
        pattern=rf"^[ \t]*(?P<hhmm>\d{{4}})[ \t]+{_TZ}:[ \t]*(?P<text>.*)$",
        example="2030 GMT: Syria. Text on the marker's line…",
    ),
    MarkerPattern(
        name="twelve-hour-clock",
        kind="update",
        pattern=(
            r"^[ \t]*(?P<hour>1[0-2]|0?[1-9])[.:](?P<minute>\d{2})[ \t]?(?P<ampm>am|pm)"
            rf"(?:[ \t]+{_TZ})?:[ \t]*(?P<text>.*)$"
        ),
        example="8.40am: text…  /  12.05pm BST: text…",  # no zone printed: --timezone
    ),
    MarkerPattern(
        name="posted-at",
        kind="update",
        pattern=(
            r"^[ \t]*Posted at (?P<hour>[01]?\d|2[0-3]):(?P<minute>\d{2})"
            rf"(?:[ \t]+{_TZ})?[ \t]*$"
        ),
        example="Posted at 17:37  /  Posted at 9:05 BST",  # no zone printed: --timezone
    ),
)


def combined_marker_regex(markers: tuple[MarkerPattern, ...] = MARKERS) -> re.Pattern[str]:
    """One multiline regex that finds every candidate marker line in a single C-level scan."""
    unnamed = [re.sub(r"\(\?P<\w+>", "(?:", m.pattern) for m in markers]
    return _compiled("(?m)" + "|".join(f"(?:{p})" for p in unnamed))


def match_marker(
    line: str, markers: tuple[MarkerPattern, ...] = MARKERS
) -> tuple[MarkerPattern, re.Match[str]] | None:
    """The first row of the table that matches this line, with its match."""
    for marker in markers:
        found = marker.regex.match(line)
        if found:
            return marker, found
    return None
