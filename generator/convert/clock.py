"""One grammar of printed times and dates, read from the start of a line.

A stamp is what a live blog prints to open (or sign) an update:

    [bullet | list number] [label] time [zone] [, own date] [separator] [text…]

    UPDATE 1737 GMT:            1737 GMT: Syria. Text…       Posted at 17:37
    8.40am: Text…               8:40 AM ET                   10am
    noon: Text…                 • 17.37 BST                  7:41 a.m. ET, September 14, 2018

and a date heading is a line that is only a date (`Monday 20 June 2011`, `March 23, 2022`,
`23/03/2022`, `Tuesday 7 December`). Some pages print the stamp at the END of a line, after a
headline or a byline (`read_trailing_stamp`); a date may also stand anywhere in a title or a
dateline (`find_date`), and a zone in a statement (`read_zone_statement`).

The grammar is a handful of small anchored pieces tried in turn at one position of the line;
none of them can backtrack more than a few characters, and only a bounded head (or tail) of
a line is ever looked at, so reading every line of any text is linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Notation = Literal["hhmm", "24h", "12h"]
DateOrder = Literal["DMY", "MDY"]

_HEAD = 160  # a stamp or a date heading never needs more of its line than this

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# The months and weekdays of the European pages the converter has read, full names only
# (`mars`, `mai`, `juni` and the like cannot be told from other words when abbreviated).
_FOREIGN_MONTHS = [
    ("enero", "janvier", "januar", "gennaio", "janeiro", "januari"),
    ("febrero", "février", "fevrier", "februar", "febbraio", "fevereiro", "februari"),
    ("marzo", "mars", "märz", "marz", "março", "maart"),
    ("abril", "avril", "aprile", "april"),
    ("mayo", "mai", "maggio", "maio", "mei", "maj"),
    ("junio", "juin", "juni", "giugno", "junho"),
    ("julio", "juillet", "juli", "luglio", "julho"),
    ("agosto", "août", "aout", "augusti", "augustus"),
    ("septiembre", "septembre", "settembre", "setembro", "september"),
    ("octubre", "octobre", "oktober", "ottobre", "outubro"),
    ("noviembre", "novembre", "novembro", "november"),
    ("diciembre", "décembre", "decembre", "dezember", "dicembre", "dezembro", "december"),
]
MONTHS.update(
    {name: number for number, names in enumerate(_FOREIGN_MONTHS, start=1) for name in names}
)
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_FOREIGN_WEEKDAYS = [
    ("lunes", "lundi", "montag", "lunedì", "lunedi", "maandag", "måndag"),
    ("martes", "mardi", "dienstag", "martedì", "martedi", "dinsdag", "tisdag"),
    ("miércoles", "miercoles", "mercredi", "mittwoch", "mercoledì", "mercoledi", "woensdag"),
    ("jueves", "jeudi", "donnerstag", "giovedì", "giovedi", "donderdag", "torsdag"),
    ("viernes", "vendredi", "freitag", "venerdì", "venerdi", "vrijdag", "fredag"),
    ("sábado", "samedi", "samstag", "sonnabend", "zaterdag", "lördag"),
    ("dimanche", "sonntag", "domenica", "zondag", "söndag"),
]
WEEKDAYS.update({name: number for number, names in enumerate(_FOREIGN_WEEKDAYS) for name in names})


def month_name(month: int) -> str:
    """`9` → `September`, as the converter's messages name a month."""
    return date(2000, month, 1).strftime("%B")


def weekday_name(weekday: int) -> str:
    """`0` → `Monday`."""
    return date(2024, 1, 1 + weekday).strftime("%A")  # 1 January 2024 was a Monday


# Zone words a page prints beside a time: a fixed offset, or (None) a region's local time
# that depends on the date (ET is EST in winter and EDT in summer); and the IANA zone the
# word implies, where it implies one. One row per word: the grammar's zone words, offsets
# and regions are all made from it.
ZONES: dict[str, tuple[timedelta | None, str | None]] = {
    "GMT": (timedelta(0), "Etc/GMT"),
    "UTC": (timedelta(0), "Etc/UTC"),
    "Z": (timedelta(0), "Etc/UTC"),
    "BST": (timedelta(hours=1), "Europe/London"),
    "CET": (timedelta(hours=1), "Europe/Paris"),
    "CEST": (timedelta(hours=2), "Europe/Paris"),
    "EET": (timedelta(hours=2), None),
    "EEST": (timedelta(hours=3), None),
    "MSK": (timedelta(hours=3), "Europe/Moscow"),
    "EST": (timedelta(hours=-5), "America/New_York"),
    "EDT": (timedelta(hours=-4), "America/New_York"),
    "CST": (timedelta(hours=-6), "America/Chicago"),
    "CDT": (timedelta(hours=-5), "America/Chicago"),
    "MST": (timedelta(hours=-7), "America/Denver"),
    "MDT": (timedelta(hours=-6), "America/Denver"),
    "PST": (timedelta(hours=-8), "America/Los_Angeles"),
    "PDT": (timedelta(hours=-7), "America/Los_Angeles"),
    "AEST": (timedelta(hours=10), "Australia/Sydney"),
    "AEDT": (timedelta(hours=11), "Australia/Sydney"),
    # as the BBC prints UK time, winter and summer
    "Greenwich Mean Time": (timedelta(0), "Europe/London"),
    "British Summer Time": (timedelta(hours=1), "Europe/London"),
    "JST": (timedelta(hours=9), "Asia/Tokyo"),
    "HKT": (timedelta(hours=8), "Asia/Hong_Kong"),
    "NZST": (timedelta(hours=12), "Pacific/Auckland"),
    "NZDT": (timedelta(hours=13), "Pacific/Auckland"),
    "AWST": (timedelta(hours=8), "Australia/Perth"),
    "SGT": (timedelta(hours=8), "Asia/Singapore"),
    "KST": (timedelta(hours=9), "Asia/Seoul"),
    "PKT": (timedelta(hours=5), "Asia/Karachi"),
    "SAST": (timedelta(hours=2), "Africa/Johannesburg"),
    "WAT": (timedelta(hours=1), "Africa/Lagos"),
    "EAT": (timedelta(hours=3), "Africa/Nairobi"),
    "ET": (None, "America/New_York"),
    "IST": (None, None),  # India's, Ireland's (summer) or Israel's (winter): --timezone says
    "CT": (None, "America/Chicago"),
    "MT": (None, "America/Denver"),
    "PT": (None, "America/Los_Angeles"),
    "UK": (None, "Europe/London"),  # also printed `UK time`
}
ZONE_OFFSETS = {word: offset for word, (offset, _) in ZONES.items()}
ZONE_REGIONS = {word: region for word, (_, region) in ZONES.items() if region is not None}

# Labels printed before a time, lower case → the family they belong to.
LABELS = {
    "update": "update",
    "updated at": "posted",
    "posted at": "posted",
    "posted": "posted",
    "published at": "posted",
    "ore": "posted",  # Italian pages: `Ore 23.26 - Exit poll…`, `Ore 22.10. Per la prima…`
}


@dataclass(frozen=True)
class PartialDate:
    """A date as printed: the year and the weekday only when the page printed them."""

    month: int
    day: int
    year: int | None = None
    weekday: int | None = None  # 0 = Monday

    def on(self, year: int) -> date | None:
        """This date in `year` (its own year if printed); None if there is no such day."""
        try:
            return date(self.year or year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class Clock:
    """A time of day as printed."""

    hour: int
    minute: int
    notation: Notation
    printed: str  # e.g. "1737", "8.40am", "8:40 a.m.", "noon"
    zone: str | None = None  # the zone word or offset printed beside it: "GMT", "+03:00"
    second: int = 0  # printed by a few platforms (`11:18:32 AM`)

    @property
    def spelling(self) -> str:
        """How the notation is spelled (`am`, `a.m.`, `AM`, `A.M.`; `:`, `.` or `h` in
        24-hour times): one page spells its stamps one way, so this tells stamps from other
        lines."""
        if self.notation == "12h":
            first_letter = next((i for i, ch in enumerate(self.printed) if ch.isalpha()), 0)
            if first_letter == 0:  # noon, midday, midnight
                return "am"
            half = self.printed[first_letter:]
            upper = half[0].isupper()
            if "." in half:
                return "A.M." if upper else "a.m."
            return "AM" if upper else "am"
        if self.notation == "24h":
            return ":" if ":" in self.printed else "h" if "h" in self.printed else "."
        return ""

    @property
    def minutes(self) -> int:
        return self.hour * 60 + self.minute

    @property
    def label(self) -> str:
        return f"{self.printed} {self.zone}" if self.zone else self.printed


@dataclass(frozen=True)
class Stamp:
    """What a line opening with a stamp says, and the rest of the line."""

    family: str  # "" (no label), "update", "posted", "bullet", "number", or a style's label
    label: str  # the label as printed ("UPDATE", "Posted at", "•", "3."), or ""
    clock: Clock | None
    date: PartialDate | None  # a date printed with the stamp (its own date, or a day opener)
    separator: str  # ":" or a dash after the stamp; "" when none
    text: str  # the rest of the line
    printed: str  # the stamp as printed, label excluded, e.g. "1737 GMT", "DEC 7"
    invalid: str = ""  # a stamp whose time is no time of day (`2575 GMT:`): what was expected

    @property
    def alone(self) -> bool:
        return not self.text


# ---------------------------------------------------------------------------- pieces

_WS = re.compile(r"[ \t\u00a0\u2009\u202f]*")
_BULLET = re.compile(r"(?:[•·▪●◦‣∙▶►■*-]|\+\+\+)[ \t\u00a0]+")  # `+++ 22.37 Uhr: …` (stern)
_LIST_NUMBER = re.compile(r"(\d{1,3})[.)][ \t\u00a0]+")
_HHMM = re.compile(r"([01]\d|2[0-3])([0-5]\d)(?:[ \t]?(?:hours|hrs|hr|h)\b)?(?![\d:.,]\d)")
_HM = re.compile(r"(\d{1,2})([:.])([0-5]\d)(?::([0-5]\d))?(?![\d])")
# `22:25 Uhr`, `21:10 h,` (elDiario.es), `18.30 uur:` (Rijnmond), `22:54 hs |` (El Resaltador)
_UHR = re.compile(r"[ \t\u00a0]?(?:Uhr|uur|hs|h)\b")
_H_MM = re.compile(r"(\d{1,2})h([0-5]\d)(?![\d])")
# The hour and its word, the minutes after it if any: `20 heures 45 : …`, `19 heures : …`
# (La Province), `2 Uhr: …` (t-online)
_HOUR_WORD = re.compile(r"(\d{1,2})[ \t\u00a0](?:heures?|Uhr)(?:[ \t\u00a0]([0-5]\d))?(?![\w])")
# The hour alone, then a separator (Portuguese and French pages: `21h - João Azevedo…`)
_H_ALONE = re.compile(r"(\d{1,2})h(?=[ \t\u00a0]+[-–—:][ \t\u00a0])")
_STRAY_COLON = re.compile(r":(?=[ \t]?[AaPp]\.?[Mm]\b)")
_H = re.compile(r"(\d{1,2})(?=[ \t\u00a0]?[aApP]\.?[mM])")
# `1:50 p.m.The death count…`: the copy glued the text to the stamp's last full stop
_AMPM = re.compile(r"[ \t\u00a0]?([aApP])(\.?)[mM](\.(?=[A-Z])|\.?(?![A-Za-z]))")
# `12:43a – Final update…`, `11:20p – Walker is…` (Caffeinated Thoughts): a.m. and p.m. as
# one letter, only before a dash
_A_OR_P = re.compile(r"([aApP])(?=[ \t\u00a0]+[-–—][ \t\u00a0])")
_WORD_TIME = re.compile(r"(noon|midday|midnight)\b", re.I)
# Longest first (`CEST` before `CET`); `Z` only in an ISO offset, `UK time` read as `UK`.
_ZONE_WORD = re.compile(
    r"\(?("
    + "|".join(
        re.escape(word)
        for word in sorted([*ZONES.keys() - {"Z"}, "UK time"], key=lambda w: (-len(w), w))
    )
    + r")\)?(?![A-Za-z])"
)
_OFFSET = re.compile(r"([+\-−])(\d{1,2})(?::?([0-5]\d))?(?!\d)")
_SEPARATOR = re.compile(r"[ \t\u00a0]*(:|--|[-–—|/▪•·][ \t\u00a0]|[-–—|]$)[ \t\u00a0]*")
_LABEL = re.compile(r"(update|updated at|posted at|posted|published at|ore)\b[,:]?", re.I)
# A news agency's dateline before the time (`TAMPA, Florida, (AP) - 12:30 p.m.`): a page
# that reprints AP's `The Latest` shows the wire's dateline on the story's first paragraph,
# and that paragraph is the newest update's time. The place in capitals, up to two parts
# after it, the agency in brackets, a dash.
_WIRE_DATELINE = re.compile(
    r"([A-Z][A-Z.'’]*(?:[ \t][A-Z][A-Z.'’]*){0,3}(?:,[ \t]+[A-Z][A-Za-z.'’]*(?:[ \t][A-Za-z.'’]+)?)"
    r"{0,2},?[ \t]+\((?:AP|Reuters|AFP|UPI)\))[ \t]*[-–—][ \t]*"
)
_AGE_UNIT = r"\d{1,3}[ \t]?(?:s|m|h|d|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?)"
# `4m ago`, `14 min ago`, `2 hr 5 min ago`: a post's age when the page was copied
_AGO = re.compile(rf"({_AGE_UNIT}(?:,?[ \t]+{_AGE_UNIT})*[ \t]+ago)\b", re.I)
_AGE_PART = re.compile(r"(\d{1,3})[ \t]?([a-z]+)", re.I)
_AGE_MINUTES = {"s": 1 / 60, "m": 1, "h": 60, "d": 1440, "w": 10080, "mo": 43200, "y": 525600}


def age_minutes(label: str) -> float:
    """`2 hr 5 min ago` → 125: a relative age in minutes (months and years roughly)."""
    total = 0.0
    for number, unit in _AGE_PART.findall(label):
        unit = unit.lower()
        key = "mo" if unit.startswith("mo") else "m" if unit.startswith("mi") else unit[0]
        total += int(number) * _AGE_MINUTES[key]
    return total


_WORD = re.compile(r"([^\W\d_]+)\.?,?")
_DE = re.compile(r"de[ \t\u00a0]+", re.I)  # `26 de febrero de 2022`
_NUMBER = re.compile(r"(\d{1,4})(?:st|nd|rd|th|\.)?,?(?!\d)")  # `27. Oktober`
_YEAR = re.compile(r"(\d{4})(?:(?!\d)|(?=\d{1,2}:[0-5]\d))")  # `May 15, 201312:39 pm`
# A stamp's shape with a time that is no time of day: `UPDATE 2575 GMT:`, `8.75am:`.
_BAD_HHMM = re.compile(r"(\d{4})(?=[ \t]*(?:GMT|UTC|BST|CET|CEST|EST|EDT)?:)")
_BAD_HM = re.compile(r"(\d{1,2}[.:]\d{2})(?:[ \t]?([aApP]\.?[mM]\.?))?(?=[ \t]*[A-Z]*:)")
_NUMERIC_DATE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?!\d)")


def _skip_ws(line: str, pos: int) -> int:
    return _WS.match(line, pos).end()  # type: ignore[union-attr]


def read_clock(line: str, pos: int = 0) -> tuple[Clock, int] | None:
    """A time of day at `pos` (24-hour, 12-hour or a word), with the zone after it."""
    found = _read_time(line, pos)
    if found is None:
        return None
    hour, minute, notation, end = found
    printed = line[pos:end]
    seconds = _HM.match(line, pos)
    second = int(seconds[4]) if seconds and seconds[4] else 0
    zone, zone_end = _read_zone(line, end)
    if zone is not None:
        end = zone_end
    return Clock(hour, minute, notation, printed, zone, second), end


def _read_time(line: str, pos: int) -> tuple[int, int, Notation, int] | None:
    if m := _HM.match(line, pos):
        hour, minute = int(m[1]), int(m[3])
        after = m.end() + 1 if _STRAY_COLON.match(line, m.end()) else m.end()
        if ampm := _AMPM.match(line, after):  # `8:40 AM`, and `12:05: AM` as a copy had it
            if not 1 <= hour <= 12:
                return None
            return _twelve(hour, ampm[1]), minute, "12h", ampm.end()
        if (half := _A_OR_P.match(line, after)) and 1 <= hour <= 12:  # `12:43a – …`
            return _twelve(hour, half[1]), minute, "12h", half.end(1)
        if hour > 23:
            return None
        end = m.end()
        if uhr := _UHR.match(line, end):  # `22:25 Uhr |`, `10.10 Uhr:` (German pages)
            end = uhr.end()
        return hour, minute, "24h", end
    if m := _HHMM.match(line, pos):
        return int(m[1]), int(m[2]), "hhmm", m.end()
    if (m := _H_MM.match(line, pos)) and int(m[1]) <= 23:  # `5h37 :`, `17h05` (French pages)
        return int(m[1]), int(m[2]), "24h", m.end()
    if (m := _H_ALONE.match(line, pos)) and int(m[1]) <= 23:  # `21h - …`, `1h : …`
        return int(m[1]), 0, "24h", m.end()
    if (m := _HOUR_WORD.match(line, pos)) and int(m[1]) <= 23:  # `20 heures 45 :`, `2 Uhr:`
        return int(m[1]), int(m[2] or 0), "24h", m.end()
    if m := _H.match(line, pos):
        hour = int(m[1])
        ampm = _AMPM.match(line, m.end())
        if ampm and 1 <= hour <= 12:
            return _twelve(hour, ampm[1]), 0, "12h", ampm.end()
        return None
    if m := _WORD_TIME.match(line, pos):
        return (0 if m[1].lower() == "midnight" else 12), 0, "12h", m.end()
    return None


def _twelve(hour: int, half: str) -> int:
    return hour % 12 + (12 if half in "pP" else 0)


def _read_zone(line: str, pos: int) -> tuple[str | None, int]:
    start = _skip_ws(line, pos)
    if m := _ZONE_WORD.match(line, start):
        word = "UK" if m[1].startswith("UK") else m[1]
        end = m.end()
        if word in ("GMT", "UTC") and (off := _OFFSET.match(line, end)):
            return _offset_name(off), off.end()
        return word, end
    if (m := _OFFSET.match(line, start)) and start > pos:  # "17:37 +03:00", not "17:37-18:00"
        return _offset_name(m), m.end()
    return None, pos


def _offset_name(m: re.Match[str]) -> str:
    sign = "-" if m[1] in "-−" else "+"
    return f"{sign}{int(m[2]):02d}:{m[3] or '00'}"


def offset_of(zone: str) -> timedelta | None:
    """The fixed offset a printed zone stands for (None: it depends on the date)."""
    if zone[0] in "+-":
        sign = -1 if zone[0] == "-" else 1
        return sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return ZONE_OFFSETS.get(zone)


def region_of(zone: str) -> str | None:
    """The IANA zone a printed zone implies (`ET` → America/New_York), if it implies one."""
    if zone[0] in "+-":
        offset = offset_of(zone)
        assert offset is not None
        hours, rest = divmod(int(offset.total_seconds()), 3600)
        if rest:
            return None
        return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    return ZONE_REGIONS.get(zone)


# ---------------------------------------------------------------------------- dates


def read_date(line: str, pos: int = 0, order: DateOrder = "DMY") -> tuple[PartialDate, int] | None:
    """A calendar date at `pos`: `Monday 20 June 2011`, `March 23, 2022`, `23/03/2022`…"""
    weekday = None
    if (m := _WORD.match(line, pos)) and m[1].lower() in WEEKDAYS:
        weekday = WEEKDAYS[m[1].lower()]
        pos = _skip_ws(line, m.end())
    if m := _NUMERIC_DATE.match(line, pos):
        return _numeric_date(m, weekday, order)
    if (m := _WORD.match(line, pos)) and m[1].lower() in MONTHS:  # March 23, 2022
        month = MONTHS[m[1].lower()]
        day_at = _skip_ws(line, m.end())
        if not (d := _NUMBER.match(line, day_at)) or not 1 <= int(d[1]) <= 31:
            return None
        end = d.end()
        year, end = _year(line, end)
        return PartialDate(month, int(d[1]), year, weekday), end
    if (d := _NUMBER.match(line, pos)) and 1 <= int(d[1]) <= 31:  # 20 June 2011
        month_at = _skip_ws(line, d.end())
        if month_at > d.end() and (de := _DE.match(line, month_at)):
            month_at = de.end()
        m = _WORD.match(line, month_at) if month_at > d.end() else None
        if m and m[1].lower() in MONTHS:
            year, end = _year(line, m.end())
            return PartialDate(MONTHS[m[1].lower()], int(d[1]), year, weekday), end
    return None


def _year(line: str, pos: int) -> tuple[int | None, int]:
    """A four-digit year after a day or month (`, 2022`, ` 2011`), if printed."""
    at = pos + 1 if line[pos : pos + 1] == "," else pos
    at = _skip_ws(line, at)
    if at > pos and (de := _DE.match(line, at)):
        at = de.end()
    if at > pos and (y := _YEAR.match(line, at)):
        return int(y[1]), y.end()
    return None, pos


def _numeric_date(
    m: re.Match[str], weekday: int | None, order: DateOrder
) -> tuple[PartialDate, int] | None:
    a, b, c = m[1], m[3], m[4]
    if len(a) == 4:  # 2022-03-23
        year, month, day = int(a), int(b), int(c)
    else:
        first, second = int(a), int(b)
        if first > 12 or (order == "DMY" and second <= 12):
            day, month = first, second
        else:
            month, day = first, second
        year = int(c) + (2000 if len(c) == 2 else 0)
    if not (1 <= month <= 12 and 1 <= day <= 31) or len(c) == 3:
        return None
    return PartialDate(month, day, year, weekday), m.end()


def read_date_line(line: str, order: DateOrder = "DMY") -> PartialDate | None:
    """The date a date heading prints, if the whole line is a date (a final ':' allowed)."""
    head = line[:_HEAD]
    pos = _skip_ws(head, 0)
    found = read_date(head, pos, order)
    if found is None:
        return None
    partial, end = found
    rest = line[end:].strip().rstrip(":.").strip()
    return partial if not rest else None


# ---------------------------------------------------------------------------- stamps


_FIRST_WORD = re.compile(r"[ \t\u00a0]*([^\W\d_]*)")
_START_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | {
        "update",
        "updated",
        "posted",
        "published",
        "ore",
        "noon",
        "midday",
        "midnight",
    }
)


def may_open_stamp(line: str, labels: dict[str, str] | None = None) -> bool:
    """A cheap first look: could this line open with a stamp or a date? (Most lines of a
    page are prose: their first word rules them out without reading further.)"""
    word = _FIRST_WORD.match(line)
    assert word is not None
    if not word[1]:
        rest = line[word.end() : word.end() + 1]
        return rest.isdigit() or (rest in "•·▪●◦‣∙▶►■*-(+" and rest != "")
    first = word[1].lower()
    if first in _START_WORDS:
        return True
    if word[1].isupper() and _WIRE_DATELINE.match(line[:_HEAD], word.start(1)):
        return True
    return bool(labels) and any(label.split(" ")[0] == first for label in labels or ())


_FULL_STOP = re.compile(r"(\.)(?:[ \t\u00a0]+|$)")
_OPENING_QUOTES = "«„“‘‹\"'("


def read_stamp(
    line: str, labels: dict[str, str] | None = None, *, spaced: bool = False
) -> Stamp | None:
    """The stamp a line opens with, or None. `labels` adds a style's own labels; `spaced`
    also takes a 24-hour time with one space before a capital (`13:03 Hoeneß verteidigt…`),
    which alone reads as prose, for a page where every post opens so."""
    head = line[:_HEAD]
    pos = _skip_ws(head, 0)
    family, label = "", ""
    if m := _BULLET.match(head, pos):
        family, label, pos = "bullet", m.group().strip(), m.end()
    elif (m := _LIST_NUMBER.match(head, pos)) and _read_time(head, pos) is None:
        family, label, pos = "number", m.group().strip(), m.end()
    if found := _read_label(head, pos, labels):
        family, label, pos = found
    elif (wire := _WIRE_DATELINE.match(head, pos)) and read_clock(head, wire.end()):
        family, label, pos = "dateline", wire[1], wire.end()
    elif ago := _AGO.match(head, pos):  # `4m ago (16:40 GMT)`, `5 years ago / 10:42 PM EDT`
        family, label = "ago", ago[1]
        pos = _skip_ws(head, ago.end())
        if head[pos : pos + 1] in ("/", "·", "|", "-", "–"):
            pos = _skip_ws(head, pos + 1)
        if pos >= len(head.rstrip()):
            return Stamp(family, label, None, None, "", "", "")  # the time is on the next line
    opened = head[pos : pos + 1] == "("
    if opened:
        pos += 1
    clock_at = pos
    clocked = read_clock(head, pos)
    stamp_date = None
    if clocked is None and (dated := _date_then_time(head, pos)):  # Dec 11, 2024, 9:20 AM
        stamp_date, clocked = dated
    if clocked is not None and opened:
        close = _skip_ws(head, clocked[1])
        if head[close : close + 1] == ")":
            clocked = (clocked[0], close + 1)
        elif head[clocked[1] - 1 : clocked[1]] != ")":  # `(16:40 GMT)`: the zone took it
            return None
    if clocked is None:
        if bad := _bad_time(head, pos, family):
            printed, expected = bad
            return Stamp(family, label, None, None, "", "", printed, invalid=expected)
        if family in ("", "bullet", "number", "ago") or opened:
            return None
        dated = read_date(head, pos, "DMY") if family == "update" else None
        if dated is None:
            return _bare_label(line, family, label, pos)
        stamp_date, end = dated
        clock = None
    else:
        clock, end = clocked
        if dated := _date_after_time(head, end):
            stamp_date, end = dated
        if clock.zone is not None:
            end = _in_another_zone(head, end)
    printed = head[clock_at:end].strip()
    if opened:
        printed = printed.removesuffix(")")  # `(16:40 GMT)`; a zone's own `(IST)` keeps it
    sep = _SEPARATOR.match(line, end) or (
        _FULL_STOP.match(line, end) if family in ("update", "posted") else None
    )  # `Ore 22.10. Per la prima volta…`: after a label, a full stop ends the stamp
    separator = sep[1].strip() if sep else ""
    text_at = sep.end() if sep else _skip_ws(line, end)
    text = line[text_at:].strip()
    loose = (
        spaced
        and clock is not None
        and clock.notation == "24h"
        and text.lstrip(_OPENING_QUOTES)[:1].isupper()  # `23:21 «Kassensturz» zu …` (SRF)
    )
    if (
        clock is not None
        and not loose
        and not _plausible(clock, family, separator, text, end, line)
    ):
        return None
    return Stamp(family, label, clock, stamp_date, separator, text, printed)


_DATE_JOINER = re.compile(
    r"[ \t\u00a0]*(?:(,)|(on)[ \t\u00a0]|([-–—])[ \t\u00a0])[ \t\u00a0]*", re.I
)
_AFTER_DATE = re.compile(r"[ \t\u00a0]*(?::|$)")


def _date_after_time(line: str, end: int) -> tuple[PartialDate, int] | None:
    """The date a stamp prints after its time, and where it ends: after a comma or `on`
    with its year (`8:30 a.m. ET, September 14, 2018`, Gizmodo's `10:06 am ON Jun 9
    2008`), after a dash with its year and nothing after it (BEV's `22:15 – 10 Mar 2022`),
    or right after the time before the text's colon (Cox's `11:13 p.m. EST March 3:`)."""
    joiner = _DATE_JOINER.match(line, end)
    at = joiner.end() if joiner else _skip_ws(line, end)
    if at == end:
        return None  # glued to the time: no date
    dated = read_date(line, at)
    if dated is None:
        return None
    if joiner is None:
        return dated if _AFTER_DATE.match(line, dated[1]) else None
    if dated[0].year is None:
        return None
    if joiner[3] and line[dated[1] :].strip():  # after a dash, the date ends the line
        return None
    return dated


def _in_another_zone(line: str, end: int) -> int:
    """Past the same time in another zone, in brackets, if the stamp prints one (amerinz's
    `1:15pm NZDT (7:15pm EST)`: the bracket was each update's title)."""
    at = _skip_ws(line, end)
    if line[at : at + 1] != "(":
        return end
    other = read_clock(line, at + 1)
    if other is None or other[0].zone is None:
        return end
    if line[other[1] - 1 : other[1]] == ")":  # the zone took the closing bracket
        return other[1]
    close = _skip_ws(line, other[1])
    return close + 1 if line[close : close + 1] == ")" else end


def _date_then_time(line: str, pos: int) -> tuple[PartialDate, tuple[Clock, int]] | None:
    """`Dec 11, 2024, 9:20 AM EST`, `November 6, 2024 at 1:58 PM EST` (NPR), `Aug 31, 09:36
    PM (IST)` (Moneycontrol: no year, then a comma): a stamp that prints its date first."""
    dated = read_date(line, pos)
    if dated is None:
        return None
    partial, end = dated
    at = _skip_ws(line, end)
    if line[at : at + 1] == ",":
        at = _skip_ws(line, at + 1)
    elif partial.year is None and line[end - 1 : end] != ",":  # `Aug 31,` takes its comma
        return None
    elif line[at : at + 3].lower() == "at " and at > end:
        at = _skip_ws(line, at + 3)
    clocked = read_clock(line, at) if at > end else None
    return (partial, clocked) if clocked is not None else None


def _bad_time(line: str, pos: int, family: str) -> tuple[str, str] | None:
    """A stamp-shaped time that is no time of day, and the form that was expected."""
    if (m := _BAD_HHMM.match(line, pos)) and (family == "update" or line[m.end() :].strip()):
        return m[1], "HHMM, 0000-2359"
    if m := _BAD_HM.match(line, pos):
        return m.group().strip(), "a time such as 17:37 or 8.40am"
    return None


def _read_label(line: str, pos: int, labels: dict[str, str] | None) -> tuple[str, str, int] | None:
    if labels:
        lowered = line[pos : pos + 40].lower()
        for printed, family in labels.items():
            if (
                lowered.startswith(printed)
                and not line[pos + len(printed) : pos + len(printed) + 1].isalpha()
            ):
                end = pos + len(printed)
                if line[end : end + 1] in (",", ":") and labels is not None:
                    end += 1
                return family, line[pos:end].rstrip(",:"), _skip_ws(line, end)
    if m := _LABEL.match(line, pos):
        after = _skip_ws(line, m.end())
        if _bad_time(line, after, "update") is not None:
            return LABELS[m[1].lower()], m[1], after
        if _read_time(line, after) is None and read_date(line, after) is None:
            if m[1].lower() == "update" and line[after : after + 1] in ("", ":"):
                return LABELS["update"], m[1], after  # "UPDATE:" alone: a label line
            if after >= len(line.rstrip()):
                return LABELS[m[1].lower()], m[1], after
            return None
        return LABELS[m[1].lower()], m[1], after
    return None


def _bare_label(line: str, family: str, label: str, pos: int) -> Stamp | None:
    """A label alone on its line (`Posted at`, `UPDATE:`): the time is on the next line."""
    rest = line[pos:].strip()
    if family in ("update", "posted") and rest in ("", ":"):
        return Stamp(family, label, None, None, "", "", "")
    if family and family not in ("bullet", "number", "update", "posted"):  # a style's label
        sep = _SEPARATOR.match(line, pos)
        text = line[sep.end() :].strip() if sep else rest
        return Stamp(family, label, None, None, sep[1].strip() if sep else "", text, "")
    return None


def _plausible(clock: Clock, family: str, separator: str, text: str, end: int, line: str) -> bool:
    """A time that opens prose (`12.50 per cent of…`, `2011 was…`) is not a stamp."""
    if family == "dateline":  # `WASHINGTON (AP) - 2024 was…` is a story's first sentence
        return not text or separator == ":"
    if not text or separator or family in ("update", "posted"):
        return True
    capital = text[:1].isupper() or text[:1] in "“\"'‘(["
    if clock.zone is not None or clock.notation in ("12h", "hhmm"):
        return capital
    # `23:44   Modi to meet…` (Rediff): a 24-hour time with a colon, then a headline set
    # apart as a column (a tab, or spaces); prose says `At 10:30 police…`, or `10:30 police`.
    column = line[end : end + 1] == "\t" or line[end : end + 2] == "  "
    return capital and column and ":" in clock.printed


# ---------------------------------------------------------------------------- zone statements

# Words a page uses to say in which zone it prints its times → the IANA zone.
STATEMENT_ZONES = {
    "uk": "Europe/London",
    "british": "Europe/London",
    "london": "Europe/London",
    "bst": "Europe/London",
    "gmt": "Etc/GMT",
    "utc": "Etc/UTC",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "moscow": "Europe/Moscow",
    "msk": "Europe/Moscow",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "sydney": "Australia/Sydney",
}
_STATEMENT_OPENERS = ("all times", "times are", "times in", "times shown", "all the times")
_STATEMENT_WORD = re.compile(r"[a-z]+")


def read_zone_statement(line: str) -> str | None:
    """The zone a line such as `All times stated are UK` or `(ET)` declares, if it does."""
    if len(line) > 200:
        return None
    lowered = line.strip().lower()
    if lowered.startswith("(") and lowered.endswith(")") and len(lowered) <= 8:
        return STATEMENT_ZONES.get(lowered[1:-1].strip())
    at = min((i for i in (lowered.find(o) for o in _STATEMENT_OPENERS) if i != -1), default=-1)
    if at == -1:
        return None
    for word in _STATEMENT_WORD.findall(lowered, at):
        if word in STATEMENT_ZONES:
            return STATEMENT_ZONES[word]
    return None


# ---------------------------------------------------------------------------- datelines

_TOKEN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]")
_GLUED_DATE = re.compile(r"([A-Za-z]{3,9})(\d{1,2})(\d{4})(?!\d)")  # Oct132009


def find_date(line: str, order: DateOrder = "DMY") -> PartialDate | None:
    """A date printed anywhere in a line (a title's `- Tuesday 8 March 2011`, a dateline's
    `Fri 16 Jul 2021 21.05 BST`, a glued `Oct132009`): the first with a year, else the first
    with a weekday, else the first that names a month."""
    head = line[:300]
    found: list[PartialDate] = []
    for token in _TOKEN_START.finditer(head):
        at = token.start()
        if (glued := _GLUED_DATE.match(head, at)) and glued[1].lower() in MONTHS:
            day = int(glued[2])
            if 1 <= day <= 31:
                found.append(PartialDate(MONTHS[glued[1].lower()], day, int(glued[3])))
                continue
        if (dated := read_date(head, at, order)) is not None:
            found.append(dated[0])
    for wanted in (lambda d: d.year, lambda d: d.weekday is not None, lambda d: True):
        for partial in found:
            if wanted(partial):
                return partial
    return None


# ---------------------------------------------------------------------------- stamps at the end

# A line ending in a date and a time (`… 4 March 2022 00:15`, `… 10/22/2013 11:18:32 AM`):
# a cheap test on the line's end before the grammar reads it.
_ENDS_WITH_DATETIME = re.compile(
    r"(?:\d{4},?[ \t]+|[A-Za-z]{3,9}\.?[ \t]+|\d{4})\d{1,2}[:.]\d{2}(?::\d{2})?"
    r"(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
    r"(?:[ \t]+[A-Z]{2,4})?[ \t]*$"
)
_PUBLISHED_AT = re.compile(r"(?:published|posted|updated) at[ \t]+", re.I)
_NAME_THEN_SECONDS = re.compile(
    r"[ \t]*((?:[A-Z][\w.'’-]{0,30}[ \t]+){1,4})(\d{1,2}:[0-5]\d:[0-5]\d[ \t]?[AaPp]\.?[Mm]\.?)"
)
_TAIL = 60  # a trailing stamp (a date and a time) fits in the last characters of its line


def read_trailing_stamp(line: str, order: DateOrder = "DMY") -> Stamp | None:
    """A stamp at the END of a line, after a headline or a byline: `1. Harbour ward: Green
    gainpublished at 00:53 Greenwich Mean Time 15 November 2019`, `Jonah Pettifer4 March 2022
    00:15`. It carries its date; `text` is what comes before it."""
    end = len(line.rstrip())
    tail_at = max(0, end - _TAIL - 40)
    published = None
    for found in _PUBLISHED_AT.finditer(line, tail_at):
        published = found
    if published is not None:
        clocked = read_clock(line, published.end())
        if clocked is not None:
            clock, at = clocked
            dated = read_date(line, _skip_ws(line, at), order)
            if dated is not None and dated[0].year and len(line[dated[1] :].strip()) == 0:
                before = line[: published.start()]
                stamp = _trailing(before, clock, dated[0], line[published.end() : end])
                return replace(stamp, label=published.group().strip())
        return None
    if (named := _NAME_THEN_SECONDS.fullmatch(line, 0, end)) and (
        clocked := read_clock(line, named.start(2))
    ):  # `Eliza Kern 12:31:09 pm` (GigaOM): a name, then a time to the second
        return _trailing(named[1], clocked[0], None, named[2])
    if not _ENDS_WITH_DATETIME.search(line, max(0, end - _TAIL)):
        return None
    for at in range(max(0, end - _TAIL), end):
        ch = line[at]
        if not ch.isalnum() or (at and line[at - 1].isdigit()):
            continue
        if ch.isalpha() and at and line[at - 1].isalpha():
            continue
        dated = read_date(line, at, order)
        if dated is None or dated[0].year is None:
            continue
        clocked = read_clock(line, _skip_ws(line, dated[1]))
        if clocked is not None and clocked[1] >= end:
            return _trailing(line[:at], clocked[0], dated[0], line[at:end])
    return None


def _trailing(before: str, clock: Clock, day: PartialDate | None, printed: str) -> Stamp:
    text = before.strip()
    if number := _LIST_NUMBER.match(text):
        text = text[number.end() :].strip()
    return Stamp("trailing", "", clock, day, "", text, printed.strip())


# ---------------------------------------------------------------------------- stamps in a byline

_BYLINE_HANDLE = "( @"  # `Lena Ortiz ( @LenaOrtizABC) in Marlow Flats`, as ABC News printed it
_TIME_IN_LINE = re.compile(r"[ \t](\d{1,2}[:.]\d{2}[ \t]?[aApP]\.?[mM]\.?)(?=[ \t])")


def read_byline_stamp(line: str) -> Stamp | None:
    """A stamp between a headline and its reporter's byline, on one line: `Engineers say
    spillway will hold overnight 9:40pm EDT Lena Ortiz ( @LenaOrtizABC) in Marlow Flats`.
    The headline is the stamp's text; the byline stays with it, after a line break."""
    handle_at = line.find(_BYLINE_HANDLE)
    if handle_at <= 0 or len(line) > 400:
        return None
    found = None
    for match in _TIME_IN_LINE.finditer(line, 0, handle_at):
        found = match  # the last time before the byline
    if found is None:
        return None
    clocked = read_clock(line, found.start(1))
    if clocked is None or clocked[0].zone is None:
        return None
    clock, end = clocked
    headline = line[: found.start()].strip()
    byline = line[end:].strip()
    if not headline or not byline:
        return None
    return Stamp("", "", clock, None, "", f"{headline}\n{byline}", line[found.start(1) : end])
