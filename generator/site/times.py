"""When each update was published, as a reader of the page sees it: in the page's zone.

The rule, the same on every page:
- The live blog's `Timezone:` (an IANA name, e.g. Europe/London) is the zone the page
  printed its times in. Every time is shown in that zone, with the abbreviation the zone
  had at that moment (`datetime.tzname()`: GMT or BST, EST or EDT), and days (headings,
  the sticky day heading, the day and time navigation) are that zone's days.
- Without `Timezone:`, times are UTC and labelled "GMT", as pages such as EA WorldView's
  print them (the seed archive).
- An update whose time the page did not print shows its date alone: the day of its `Date:`
  as written (the converter writes midnight of that day), never a time.
- Machine-readable values (`datetime=` attributes, JSON-LD, Robust Links) carry the offset.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

GMT = timezone(timedelta(0), "GMT")
# English names whatever the machine's locale (strftime's %a and %B follow it): the same
# bytes on every machine.
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_name(day: date) -> str:
    return DAYS[day.weekday()]


def month_name(day: date) -> str:
    return MONTHS[day.month - 1]


def page_zone(name: str | None) -> tzinfo:
    """The zone a live blog printed its times in (see the module's rule)."""
    return ZoneInfo(name) if name else GMT


def zone_description(name: str | None, moments: Iterable[datetime]) -> str:
    """How the page names its zone, e.g. "GMT" or "Europe/London (GMT, BST)"."""
    if not name:
        return "GMT"
    zone = ZoneInfo(name)
    abbreviations = sorted({m.astimezone(zone).tzname() or "" for m in moments} - {""})
    return f"{name} ({', '.join(abbreviations)})" if abbreviations else name


class UpdateTime:
    """An update's moment in its page's zone, and every way a page shows it."""

    __slots__ = ("clock", "compact_day", "day", "hour", "local", "time_known")

    def __init__(self, local: datetime, time_known: bool) -> None:
        self.local = local  # in the page's zone; when no time was printed, the Date as written
        self.time_known = time_known
        self.day: date = local.date()
        self.hour: int | None = local.hour if time_known else None
        # `17:37 GMT` (empty when no time was printed)
        self.clock = f"{local.hour:02d}:{local.minute:02d} {local.tzname()}" if time_known else ""
        day = self.day
        self.compact_day = (
            f"{DAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"
        )

    @classmethod
    def of(cls, when: datetime, time_known: bool, zone: tzinfo) -> UpdateTime:
        return cls(when.astimezone(zone) if time_known else when, time_known)

    @property
    def datetime_attr(self) -> str:
        """For `<time datetime>`: to the minute with the offset, or the date alone."""
        if self.time_known:
            return self.local.isoformat(timespec="minutes")
        return self.day.isoformat()

    @property
    def sort_key(self) -> str:
        """For sorting across live blogs of any zone (the search index): the moment in UTC
        to the minute (`2024-12-07T17:37Z`), or the date alone, which sorts before its
        day's times."""
        if self.time_known:
            moment = self.local.astimezone(UTC)  # (Pelican's datetime: strftime is slow)
            return f"{moment.date().isoformat()}T{moment.hour:02d}:{moment.minute:02d}Z"
        return self.day.isoformat()

    @property
    def iso(self) -> str:
        """For JSON-LD and meta tags: to the second with the offset, or the date alone."""
        return self.local.isoformat(timespec="seconds") if self.time_known else self.day.isoformat()

    @property
    def compact(self) -> str:
        """`Sat 7 Dec 2024, 17:37 GMT`, or `Sat 7 Dec 2024`."""
        return f"{self.compact_day}, {self.clock}" if self.time_known else self.compact_day

    @property
    def day_label(self) -> str:
        return f"{self.day.day} {month_name(self.day)} {self.day.year}"  # 7 December 2024

    @property
    def long_day_label(self) -> str:
        return f"{day_name(self.day)} {self.day_label}"  # Saturday 7 December 2024

    @property
    def short_day_label(self) -> str:
        return f"{day_name(self.day)} {self.day.day} {month_name(self.day)}"  # Saturday 7 December

    @property
    def long(self) -> str:
        """`Saturday 7 December 2024, 17:37 GMT`: a permalink page's heading."""
        return f"{self.long_day_label}, {self.clock}" if self.time_known else self.long_day_label


def set_times(updates: list[Any], zone: tzinfo) -> None:
    """Give each update its `when` (an UpdateTime) and the values templates show."""
    for update in updates:
        when = UpdateTime.of(update.date, update.time_known, zone)
        update.when = when
        update.local_day = when.day
        update.datetime_attr = when.datetime_attr
        update.day_label = when.day_label
        update.long_day_label = when.long_day_label
        update.display_label = when.clock or update.metadata.get("label", "")
        # How a link to it names it (previous, next): its day and time, or its day alone.
        update.short_label = when.compact


def hours_by_day(updates: list[Any]) -> dict[date, list[tuple[str, str]]]:
    """For jumping to a time: each day's hours that have updates, in page order, each with
    the anchor of the first update of that hour down the page (`("14:00", anchor)`)."""
    hours: dict[date, list[tuple[str, str]]] = {}
    seen: set[tuple[date, int]] = set()
    for update in updates:
        when = update.when
        if when.hour is None or (when.day, when.hour) in seen:
            continue
        seen.add((when.day, when.hour))
        hours.setdefault(when.day, []).append((f"{when.hour:02d}:00", update.metadata["anchor"]))
    return hours


def moment_bounds(updates: list[Any]) -> tuple[str | None, str | None]:
    """Coverage start and end as full timestamps with offsets (for JSON-LD): the oldest and
    newest updates' moments; when one's time was not printed, the start (or the end) of its
    day in the page's zone, a bound rather than an invented time."""
    if not updates:
        return None, None
    newest, oldest = updates[0].when, updates[-1].when
    start = oldest.local if oldest.time_known else _start_of(oldest.local)
    end = (
        newest.local
        if newest.time_known
        else _start_of(newest.local) + timedelta(hours=23, minutes=59, seconds=59)
    )
    return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")


def _start_of(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
