"""Give every update its day, its local time in the page's zone and its UTC instant.

Walk the updates in time order (oldest first, whatever the page's order):

- a date the page printed (a heading above the update, a day opener, a stamp's own date)
  pins the update to that day;
- otherwise the day is the one before it, plus one when the clock goes back (a roll-over,
  reported with its line), except inside the hour a clock change repeats;
- the first post's and other untimed updates' day is their neighbour's.

Days are relative until a pin (or `--date`, the newest update's day) fixes them. Years come
from the page, `--year`, `--date` or, failing those, the embedded posts. Times in a repeated
hour take the fold that keeps the sequence in order; a time in a skipped hour is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from ..errors import ConvertError
from .clock import PartialDate, month_name, offset_of, weekday_name
from .model import Order, TextLine
from .scan import Candidate
from .sequence import through_midnight


@dataclass
class Placed:
    """One update's place in time (filled by `place`)."""

    candidate: Candidate
    heading: PartialDate | None  # the date heading above it on the page, if any
    heading_line: int | None = None
    day: date | None = None
    local: datetime | None = None
    published: datetime | None = None


@dataclass
class Timeline:
    rollovers: list[TextLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    days_from: str = ""  # what dated the updates, for the report ("the page's date (line 3)")
    days_line: int | None = None  # the line of the page's date, when it was used


def place(
    updates: list[Placed],
    order: Order,
    zone: ZoneInfo | None,
    *,
    newest_date: date | None,
    year: int | None,
    embed_years: list[int],
    path: object,
    dateline: tuple[PartialDate, int] | None = None,
) -> Timeline:
    """Fill `day`, `local` and `published` of every update (given in page order).

    `dateline` is a date the page prints above its updates (its title's date): the day of
    its oldest update, used when nothing closer to the updates dates them."""
    timeline = Timeline()
    if not updates:
        return timeline
    chrono = updates[::-1] if order == "newest" else list(updates)
    pins = _resolve_years(chrono, newest_date, year, embed_years, dateline, timeline, path)
    for k, day in pins.items():
        printed = _printed_date(chrono[k])
        assert printed is not None
        _check_weekday(printed, day, _line_of(chrono[k]), newest_date, timeline, path)
    forced: set[int] = set()
    for _ in range(3):  # a clock-change step that was not on a clock-change day is a new day
        rel, folds, rollovers = _relative_days(chrono, pins, forced)
        days = _absolute_days(
            chrono, rel, pins, newest_date, year, embed_years, dateline, timeline, path
        )
        wrong = {k for k in folds if zone is None or not _ambiguous(days[k], chrono[k], zone)}
        if not wrong - forced:
            break
        forced |= wrong
    for k, placed in enumerate(chrono):
        placed.day = days[k]
    before = None  # the last stamp above in time that printed a time or date
    for k in range(1, len(chrono)):
        if (stamp := chrono[k - 1].candidate.stamp) is not None and stamp.printed:
            before = stamp
        if days[k] == days[k - 1]:
            continue
        c = chrono[k].candidate
        if k in rollovers:
            reason = f"the clock goes back from {before.printed if before else '?'}"
        elif k in pins:
            reason = f"the page prints the date (line {_line_of(chrono[k])})"
        else:
            reason = "after an update with no time"
        timeline.rollovers.append(
            TextLine(
                c.line,
                c.stamp.printed
                if c.stamp and c.stamp.printed
                else c.stamp.label
                if c.stamp
                else "",
                f"a new day, {days[k]:%A %-d %B %Y}: {reason}",
            )
        )
    _times(chrono, zone, timeline, path)
    return timeline


# ---------------------------------------------------------------------------- dates


def _under_same_heading(chrono: list[Placed], k: int) -> bool:
    """Dated by the same heading as the update before it in time: a date heading is the day
    of its first update in time, and the ones after it may cross midnight (a page dated
    'Tuesday, November 6, 2012' whose posts run from 11:17pm to 12:11am)."""
    placed = chrono[k]
    stamp = placed.candidate.stamp
    return (
        k > 0
        and placed.heading is not None
        and (stamp is None or stamp.date is None)
        and chrono[k - 1].heading_line == placed.heading_line
    )


def _printed_date(placed: Placed) -> PartialDate | None:
    stamp = placed.candidate.stamp
    if stamp is not None and stamp.date is not None:
        return stamp.date
    return placed.heading


def _resolve_years(
    chrono: list[Placed],
    newest_date: date | None,
    year: int | None,
    embed_years: list[int],
    dateline: tuple[PartialDate, int] | None,
    timeline: Timeline,
    path: object,
) -> dict[int, date]:
    """Every printed date as a full date (index in time order → date). A date printed
    without its year takes it from --year or --date, else the page's stamps that print one,
    else the page's own date above the updates, else the embedded posts."""
    printed = [
        (k, d)
        for k, placed in enumerate(chrono)
        if (d := _printed_date(placed)) and not _under_same_heading(chrono, k)
    ]
    if not printed:
        return {}
    reference = year or (newest_date.year if newest_date else None)
    source = "--year" if year else "--date"
    if reference is None:
        years = [p.year for _, p in printed if p.year]
        if years:
            reference, source = max(years), "the stamps that print it"
        elif dateline is not None and (near := _year_near(printed[-1][1], dateline[0])):
            reference, source = near, f"the page's date (line {dateline[1]})"
            timeline.days_line = dateline[1]
        elif embed_years:
            reference, source = max(embed_years), f"the embedded posts ({max(embed_years)})"
    first_line = min(_line_of(chrono[k]) for k, _ in printed)
    timeline.days_from = f"the dates the page prints (the first on the page: line {first_line})"
    if timeline.days_line is None:
        timeline.days_line = first_line
    if any(p.year is None for _, p in printed) and reference is not None:
        timeline.days_from += f", their year from {source}"
    if reference is None and any(p.year is None for _, p in printed):
        k, _ = next((k, p) for k, p in printed if p.year is None)
        raise ConvertError(
            "cannot tell the year (no dated embedded post): pass --year YYYY "
            "or --date YYYY-MM-DD, the date of the newest update",
            path=path,
            line=_line_of(chrono[k]),
        )
    pins: dict[int, date] = {}
    current = reference or 1
    newer: PartialDate | None = None
    for k, partial in reversed(printed):  # newest first: a year goes back at Dec → Jan
        if partial.year is not None:
            current = partial.year
        elif newer is not None and partial.month > newer.month + 6:
            current -= 1
        resolved = partial.on(current) if current >= 1 else None
        if resolved is None:
            raise ConvertError(
                f"{_printed_of(chrono[k])} is not a date in {current}",
                path=path,
                line=_line_of(chrono[k]),
            )
        pins[k] = resolved
        newer = PartialDate(resolved.month, resolved.day, resolved.year)
    return pins


def _by_date(newest_date: date) -> str:
    return f"--date {newest_date} (the newest update's day)"


def _year_near(newest: PartialDate, page: PartialDate) -> int | None:
    """The year that puts the newest update's printed day nearest the page's own date (the
    day coverage started, or the page's last update): `Jan 1` under `December 31, 2018` is
    in 2019, `Aug 30` under `Aug 31, 2018` in 2018."""
    if page.year is None:
        return None
    day = page.on(page.year)
    if day is None:
        return None
    fits = [
        (abs((on - day).days), year)
        for year in (page.year - 1, page.year, page.year + 1)
        if 1 <= year <= 9999 and (on := newest.on(year)) is not None
    ]
    return min(fits)[1] if fits else None


def _check_weekday(
    printed: PartialDate,
    day: date,
    line: int,
    newest_date: date | None,
    timeline: Timeline,
    path: object,
) -> None:
    """A date printed with its weekday (`Fri, May 31`) that falls on another day in the
    year it was given is a wrong year (`--year`, the embedded posts' or the page's own): the
    converter stops rather than date every update wrongly, and names the years that fit.
    `--date` overrides the page: then it is a warning."""
    if printed.weekday is None or day.weekday() == printed.weekday:
        return
    named = weekday_name(printed.weekday)
    said = f"the page prints {named} {day:%-d %B}, but {day:%-d %B %Y} is a {day:%A}"
    if newest_date is not None:
        timeline.warnings.append(f"line {line}: {said}: check --date")
        return
    fits = [
        y
        for y in range(day.year - 12, day.year + 13)
        if (other := printed.on(y)) is not None and other.weekday() == printed.weekday
    ]
    fits = sorted(sorted(fits, key=lambda y: abs(y - day.year))[:3])
    hint = f" ({named} {day:%-d %B} falls in {', '.join(map(str, fits))})" if fits else ""
    raise ConvertError(
        f"{said}{hint}: the year is not {day.year}; pass --year YYYY, or --date YYYY-MM-DD "
        "(the date of the newest update) to date the updates yourself",
        path=path,
        line=line,
    )


def _line_of(placed: Placed) -> int:
    stamp = placed.candidate.stamp
    if stamp is not None and stamp.date is not None:
        return placed.candidate.line
    return placed.heading_line or placed.candidate.line


def _printed_of(placed: Placed) -> str:
    stamp = placed.candidate.stamp
    return stamp.printed if stamp is not None and stamp.printed else "the date"


def _relative_days(
    chrono: list[Placed], pins: dict[int, date], forced: set[int]
) -> tuple[list[int], set[int], list[int]]:
    """Day offsets in time order, the clock-change steps taken, and the roll-overs."""
    rel = [0] * len(chrono)
    folds: set[int] = set()
    rollovers: list[int] = []
    last_pin: tuple[int, date] | None = None
    last_clock: int | None = None
    for k, placed in enumerate(chrono):
        c = placed.candidate
        if k in pins:
            if last_pin is not None:
                rel[k] = last_pin[0] + (pins[k] - last_pin[1]).days
            else:
                rel[k] = rel[k - 1] + (1 if k and _starts_day(chrono, k) else 0)
            last_pin = (rel[k], pins[k])
            last_clock = c.minutes
            if c.kind == "day-opener":
                last_clock = -1
            continue
        rel[k] = rel[k - 1] if k else 0
        minutes = c.minutes
        if minutes is None:
            continue
        if last_clock is not None and minutes < last_clock:
            in_fold = 60 <= minutes < 120 and 60 <= last_clock < 120
            pinned = _under_same_heading(chrono, k) and not through_midnight(minutes - last_clock)
            if in_fold and k not in forced:
                folds.add(k)
            elif not pinned:  # under its heading, a time a little earlier is a pinned post
                rel[k] += 1
                rollovers.append(k)
        last_clock = minutes
    return rel, folds, rollovers


def _starts_day(chrono: list[Placed], k: int) -> bool:
    """A pinned update with no pin before it: a new day if its clock went back (or it is a
    day opener, the first update of its day)."""
    c = chrono[k].candidate
    timed_before = any(chrono[i].candidate.minutes is not None for i in range(k))
    if c.kind == "day-opener":
        return timed_before
    previous = next(
        (
            chrono[i].candidate.minutes
            for i in range(k - 1, -1, -1)
            if chrono[i].candidate.minutes is not None
        ),
        None,
    )
    return c.minutes is not None and previous is not None and c.minutes < previous


def _absolute_days(
    chrono: list[Placed],
    rel: list[int],
    pins: dict[int, date],
    newest_date: date | None,
    year: int | None,
    embed_years: list[int],
    dateline: tuple[PartialDate, int] | None,
    timeline: Timeline,
    path: object,
) -> list[date]:
    if pins:
        k = min(pins)
        base_ordinal = pins[k].toordinal() - rel[k]
    elif newest_date is not None:
        base_ordinal = newest_date.toordinal() - rel[-1]
        timeline.days_from = _by_date(newest_date)
        if dateline is not None:  # --date overrides the page's date: say where they differ
            partial, line = dateline
            first_day = date.fromordinal(base_ordinal + rel[0])
            if (partial.month, partial.day) != (first_day.month, first_day.day) or (
                partial.year not in (None, first_day.year)
            ):
                printed = f"{partial.day} {month_name(partial.month)}"
                printed += f" {partial.year}" if partial.year else ""
                timeline.warnings.append(
                    f"line {line}: the page is dated {printed}, but --date {newest_date} puts "
                    f"its oldest update on {first_day:%-d %B %Y}: check --date"
                )
            else:
                _check_weekday(partial, first_day, line, newest_date, timeline, path)
    elif dateline is not None:
        partial, line = dateline
        known = partial.year or year or (max(embed_years) if embed_years else None)
        if known is None:
            raise ConvertError(
                f"the page is dated {partial.day} {month_name(partial.month)} without a year: "
                "pass --year YYYY or --date YYYY-MM-DD, the date of the newest update",
                path=path,
                line=line,
            )
        first_day = partial.on(known)
        if first_day is None:
            raise ConvertError(
                f"the page's date is not a date in {known}: pass --date YYYY-MM-DD",
                path=path,
                line=line,
            )
        _check_weekday(partial, first_day, line, None, timeline, path)
        base_ordinal = first_day.toordinal() - rel[0]
        timeline.days_from = f"the page's date (line {line}), the oldest update's day"
        timeline.days_line = line
        if partial.year is None:
            timeline.days_from += f", its year from {'--year' if year else 'the embedded posts'}"
    else:
        hint = ""
        if embed_years:
            hint = f" (the embedded posts are from {max(embed_years)})"
        raise ConvertError(
            "cannot tell the date of the updates (no date heading or day marker such as "
            f"'UPDATE, DEC 7:'){hint}: pass --date YYYY-MM-DD, the date of the newest update",
            path=path,
        )
    if pins and newest_date is not None:
        shift = newest_date.toordinal() - (base_ordinal + rel[-1])
        if shift:
            timeline.days_from, timeline.days_line = _by_date(newest_date), None
            timeline.warnings.append(
                f"--date {newest_date} moves every update by {shift} day(s) from the dates "
                "the page prints"
            )
            base_ordinal += shift
    try:
        return [date.fromordinal(base_ordinal + r) for r in rel]
    except (ValueError, OverflowError):
        raise ConvertError(
            "the updates' dates fall outside the years 1-9999: check --date or --year",
            path=path,
        ) from None


# ---------------------------------------------------------------------------- times


def _ambiguous(day: date, placed: Placed, zone: ZoneInfo) -> bool:
    minutes = placed.candidate.minutes
    if minutes is None:
        return False
    naive = datetime.combine(day, time(minutes // 60, minutes % 60))
    return _kind(naive, zone) == "repeated"


def _kind(naive: datetime, zone: ZoneInfo) -> str:
    """'normal', 'repeated' (an hour clocks go back over) or 'skipped' (clocks jump over)."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "normal"
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "repeated" if round_trip == naive else "skipped"


# Zone names several places print: the page's zone (--timezone) must be one of them then.
SHARED_NAMES = {
    "IST": "IST is India's time (Asia/Kolkata), Ireland's in summer (Europe/Dublin) or "
    "Israel's in winter (Asia/Jerusalem): pass --timezone with the one the page meant",
}


def _times(chrono: list[Placed], zone: ZoneInfo | None, timeline: Timeline, path: object) -> None:
    previous: datetime | None = None
    for placed in chrono:
        c = placed.candidate
        clock = c.stamp.clock if c.stamp else None
        if clock is None or placed.day is None:
            continue
        naive = datetime.combine(placed.day, time(clock.hour, clock.minute, clock.second))
        if clock.zone in SHARED_NAMES and zone is not None:
            named = naive.replace(tzinfo=zone).tzname()
            if named != clock.zone:
                raise ConvertError(
                    f"the page prints {clock.zone}, but {naive:%H:%M} on {naive:%-d %B %Y} in "
                    f"{zone.key} is {named}: {SHARED_NAMES[clock.zone]}",
                    path=path,
                    line=c.line,
                )
        try:
            instant = _instant(naive, clock.zone, zone, previous, c, timeline)
        except (OverflowError, ValueError):
            raise ConvertError(
                f"{c.stamp.printed if c.stamp else ''} on {placed.day} is outside the dates "
                "this tool can represent: check --date",
                path=path,
                line=c.line,
            ) from None
        placed.published = instant
        placed.local = instant.astimezone(zone) if zone is not None else instant
        if clock.zone is not None and placed.local.replace(tzinfo=None) != naive:
            timeline.warnings.append(
                f"line {c.line}: '{c.stamp.printed if c.stamp else ''}' is "
                f"{placed.local:%H:%M %Z} in the page's zone"
            )
        previous = instant


def _instant(
    naive: datetime,
    printed_zone: str | None,
    zone: ZoneInfo | None,
    previous: datetime | None,
    c: Candidate,
    timeline: Timeline,
) -> datetime:
    """The UTC instant of a printed local time, folds resolved by the sequence."""
    offset = offset_of(printed_zone) if printed_zone else None
    if offset is not None:
        return (naive - offset).replace(tzinfo=UTC)
    if zone is None:  # pragma: no cover - the parser asks for a zone before this
        raise ValueError("no zone")
    kind = _kind(naive, zone)
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if kind == "normal":
        return first
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    early, late = min(first, second), max(first, second)
    if kind == "repeated":
        chosen = early if previous is None or early >= previous else late
        timeline.warnings.append(
            f"line {c.line}: {naive:%H:%M} on {naive:%-d %B %Y} falls in the hour {zone.key} "
            f"repeats when the clocks go back: read as {chosen.astimezone(zone):%H:%M %Z} "
            "by the order of the updates"
        )
        return chosen
    chosen = early if previous is None or early >= previous else late
    timeline.warnings.append(
        f"line {c.line}: {naive:%H:%M} on {naive:%-d %B %Y} does not exist in {zone.key} "
        f"(the clocks went forward); read as {chosen.astimezone(zone):%H:%M %Z}"
    )
    return chosen


def midnight(day: date, zone: ZoneInfo | None) -> datetime:
    """The documented stand-in for an update with no printed time, where a format needs a
    full timestamp (the `Date:` header, Atom): the start of its local day. Never shown."""
    start = datetime.combine(day, time(0), tzinfo=zone or UTC)
    if zone is not None and _kind(start.replace(tzinfo=None), zone) == "skipped":
        start = datetime.combine(day, time(1), tzinfo=zone)
    return start
