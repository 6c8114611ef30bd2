"""Find every candidate in the source: each line that opens with a stamp, each date heading.

A candidate is only a possibility: `sequence.py` decides from the whole sequence which
candidates open updates. This module looks at one line at a time (and at the line after
a stamp, for a label line or a repeated time), so it is linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .clock import (
    PartialDate,
    Stamp,
    may_open_stamp,
    offset_of,
    read_byline_stamp,
    read_date_line,
    read_stamp,
    read_trailing_stamp,
)
from .preamble import TITLE_WORDS
from .styles import Style

CandidateKind = Literal["time", "day-opener", "original", "heading", "invalid"]

# A page copied from a printer view has (almost) no blank lines: each line is a paragraph.
_PRINTER_VIEW_BLANKS = 0.1


@dataclass(frozen=True)
class Candidate:
    """A line that could open an update (or, for a heading, set the day of those below)."""

    index: int  # position among the candidates
    kind: CandidateKind
    line: int  # 1-based line of the stamp (or heading)
    last_line: int  # 1-based line where the stamp ends (a label line and its time: two)
    start: int  # offset of that line in the text
    end: int  # offset just past the stamp's last line (a label line may take two)
    stamp: Stamp | None  # None for a heading
    heading: PartialDate | None
    paragraph_start: bool  # the line opens a paragraph (or the page has no blank lines)
    text_length: int  # characters on the stamp's line after the stamp
    body_lines: int  # non-blank lines between this candidate and the next one
    lead_in: bool  # the line above ends with ':' ("Here is the agenda:")

    @cached_property
    def shape(self) -> tuple[str, str]:
        """What kind of marker this is, whatever its time: label family and notation."""
        if self.stamp is None:
            return ("heading", "date")
        if self.kind == "original":
            return (self.stamp.family, "original")
        clock = self.stamp.clock
        if clock is None:
            return (self.stamp.family, "date")
        notation = f"{clock.notation} {clock.spelling}".strip()
        if self.stamp.date is not None and not self.stamp.printed.startswith(clock.printed):
            notation = "date " + notation  # `Dec 11, 2024, 9:20 AM EST`
        return (self.stamp.family, notation)

    @cached_property
    def minutes(self) -> int | None:
        clock = self.stamp.clock if self.stamp else None
        return clock.minutes if clock else None

    @cached_property
    def utc_minutes(self) -> int | None:
        """The minute of the day in UTC, when the stamp prints a fixed zone (`1:00am EST`)."""
        clock = self.stamp.clock if self.stamp else None
        offset = offset_of(clock.zone) if clock and clock.zone else None
        if clock is None or offset is None:
            return None
        return (clock.minutes - int(offset.total_seconds()) // 60) % 1440


@dataclass(frozen=True)
class Scan:
    lines: list[str]
    offsets: list[int]  # offset of each line in the text
    candidates: list[Candidate]
    printer_view: bool


def scan(text: str, style: Style, *, spaced: bool = False) -> Scan:
    """Every candidate of the text, in page order (`spaced`: see `read_stamp`)."""
    lines = text.split("\n")
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    blank = [not line.strip() for line in lines]
    non_blank = len(lines) - sum(blank)
    inner_blanks = sum(blank) - _trailing(blank) - _trailing(blank[::-1])
    printer_view = non_blank > 8 and inner_blanks <= _PRINTER_VIEW_BLANKS * non_blank
    raw: list[tuple[CandidateKind, int, int, Stamp | None, PartialDate | None, int]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if blank[index]:
            index += 1
            continue
        found = _read_candidate(lines, blank, index, style, spaced)
        if found is None:
            index += 1
            continue
        kind, last, stamp, heading, skip = found
        raw.append((kind, index, last, stamp, heading, skip))
        index = last + 1
        del line
    candidates = []
    for number, (kind, first, last, stamp, heading, skip) in enumerate(raw):
        following = raw[number + 1][1] if number + 1 < len(raw) else len(lines)
        body = sum(1 for i in range(last + 1, following) if not blank[i])
        above = _line_above(lines, blank, first)
        candidates.append(
            Candidate(
                index=number,
                kind=kind,
                line=first + 1,
                last_line=last + 1,
                start=offsets[first] + skip,
                end=offsets[last] + len(lines[last]) + (1 if last + 1 < len(lines) else 0),
                stamp=stamp,
                heading=heading,
                paragraph_start=printer_view or first == 0 or blank[first - 1],
                text_length=len(stamp.text) if stamp else 0,
                body_lines=body,
                lead_in=_leads_in(above),
            )
        )
    return Scan(lines, offsets, candidates, printer_view)


def _may_end_with_stamp(line: str) -> bool:
    """A cheap look at a line's end: a time ends in a digit, `AM`/`p.m.` or a zone."""
    end = line.rstrip()[-3:]
    return bool(end) and (end[-1].isdigit() or end[-2:] in _TIME_ENDS or end.isupper())


_TIME_ENDS = frozenset({"AM", "PM", "am", "pm", "m.", "M."})
# A line ending with ':' above a run of times leads into an agenda ("Here is the
# timetable:"), unless it names the live coverage itself ("LIVE Proceedings of the
# Address:", SABC; "Minute-by-minute updates:", the Anniston Star): then the posts follow.
_LIVE_LEAD = re.compile(rf"{TITLE_WORDS.pattern}|\bupdates\b", re.I)


def _leads_in(line: str) -> bool:
    line = line.rstrip()
    return line.endswith(":") and not _LIVE_LEAD.search(line)


_GLUED_CAPS = re.compile(r"[ \t]*[A-Z][A-Z ]{2,40}?(?=\d{4}[ \t]*(?:GMT|UTC|BST)\b)")


def _trailing(blank: list[bool]) -> int:
    count = 0
    for is_blank in reversed(blank):
        if not is_blank:
            break
        count += 1
    return count


def _line_above(lines: list[str], blank: list[bool], index: int) -> str:
    """The nearest non-blank line above (a few lines up at most: linear overall)."""
    for i in range(index - 1, max(-1, index - 4), -1):
        if not blank[i]:
            return lines[i]
    return ""


def _dated_by_line_above(
    lines: list[str], blank: list[bool], index: int, heading: PartialDate, style: Style
) -> Stamp | None:
    """A date with its year on the line right above a time alone on its line (Kettner's
    `24.09.2024` / `06:09 Uhr`, the post's text right above): one stamp over two lines,
    not a heading that would end the post above."""
    following = index + 1
    if heading.year is None or following >= len(lines) or blank[following]:
        return None
    below = read_stamp(lines[following], style.labels)
    if below is None or below.clock is None or below.date or below.family or not below.alone:
        return None
    printed = f"{lines[index].strip()} {below.printed}"
    return Stamp("", "", below.clock, heading, below.separator, "", printed)


def _read_candidate(
    lines: list[str], blank: list[bool], index: int, style: Style, spaced: bool = False
) -> tuple[CandidateKind, int, Stamp | None, PartialDate | None, int] | None:
    line = lines[index]
    opens = may_open_stamp(line, style.labels)
    stamp = read_stamp(line, style.labels, spaced=spaced) if opens else None
    if stamp is None and (glued := _GLUED_CAPS.match(line)):
        # An image's alt text glued to the stamp by the copy (`BALLOT BOX2140 GMT: …`): the
        # words stay where they were, the stamp opens the update.
        stamp = read_stamp(line[glued.end() :], style.labels)
        if stamp is not None and stamp.clock is not None:
            return "time", index, stamp, None, glued.end()
        stamp = None
    if stamp is None and "( @" in line:
        stamp = read_byline_stamp(line)
        if stamp is not None:
            return "time", index, stamp, None, 0
    if stamp is None:
        heading = read_date_line(line, style.date_order) if may_open_stamp(line) else None
        if heading is not None:
            dated = _dated_by_line_above(lines, blank, index, heading, style)
            if dated is not None:
                return "time", index + 1, dated, None, 0
            return "heading", index, None, heading, 0
        if _may_end_with_stamp(line):
            stamp = read_trailing_stamp(line, style.date_order)
        if stamp is None:
            return None
        return "time", index, stamp, None, 0
    last = index
    if stamp.invalid:
        return "invalid", index, stamp, None, 0
    if stamp.clock is None and stamp.date is None and stamp.family in ("update", "posted", "ago"):
        # A label line: the time is on the next line (`Posted at` / `17:37`).
        following = index + 1
        if following < len(lines) and not blank[following]:
            below = read_stamp(lines[following], style.labels)
            if below is not None and below.clock is not None and not below.family:
                stamp = Stamp(
                    stamp.family,
                    stamp.label,
                    below.clock,
                    below.date,
                    below.separator,
                    below.text,
                    below.printed,
                )
                last = following
        if stamp.clock is None:
            return None
    if stamp.clock is not None and stamp.alone:
        # A time printed twice (`11.08am BST` / `11:08`), as some pages show it.
        following = last + 1
        if following < len(lines) and not blank[following]:
            echo = read_stamp(lines[following], style.labels)
            if (
                echo is not None
                and echo.clock is not None
                and echo.alone
                and not echo.family
                and echo.clock.minutes == stamp.clock.minutes
            ):
                stamp = Stamp(
                    stamp.family,
                    stamp.label,
                    stamp.clock,
                    stamp.date,
                    stamp.separator,
                    "",
                    stamp.printed,
                )
                last = following
    kind: CandidateKind = "time"
    if stamp.invalid:
        kind = "invalid"
    elif stamp.family in style.original_labels:
        kind = "original"
    elif stamp.clock is None:
        if stamp.date is None:
            return None
        kind = "day-opener"
    return kind, last, stamp, None, 0
