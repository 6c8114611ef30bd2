"""Parse a live blog copied from the page as plain text into the model.

raw text → candidates (`scan.py`: every line that opens with a stamp, every date heading)
→ the sequence decision (`sequence.py`: which candidates open updates, the page's order)
→ updates split at their openers, each parsed into blocks (`blocks.py`) → days, local times
and instants (`timeline.py`) → anchors and the review report. The parser never renders and
never drops text: a stamp that opens nothing stays text of its update.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from ..errors import ConvertError
from .blocks import paragraphs, parse_blocks
from .clock import (
    WEEKDAYS,
    Clock,
    PartialDate,
    find_date,
    month_name,
    read_zone_statement,
    region_of,
)
from .embeds import read_attribution
from .headline import headline
from .model import (
    ImportReport,
    LiveBlog,
    Order,
    Paragraph,
    TextLine,
    Update,
    UpdateKind,
)
from .preamble import (
    TITLE_WORDS,
    UPDATED_WORDS,
    is_furniture,
    is_photo_credit,
    preamble_blocks,
    read_preamble,
)
from .scan import Candidate, Scan, scan
from .sequence import Decision, decide
from .styles import DEFAULT, Style, detect_style
from .timeless import age_openers, age_order, bullet_openers, headline_openers, label_openers
from .timeline import SHARED_NAMES, Placed, Timeline, midnight, place

MAX_BYTES = 32 * 1024 * 1024

_CREDIT = re.compile(r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]+)\)\s*$", re.S)
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


# ---------------------------------------------------------------------------- reading


def decode_source(data: bytes, path: object = "<input>", max_bytes: int = MAX_BYTES) -> str:
    """Bytes of a raw post → normalised text, or a ConvertError saying what is wrong."""
    if len(data) > max_bytes:
        raise ConvertError(
            f"file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(a copied live blog is rarely over 1 MB; raise it with --max-mb)",
            path=path,
        )
    if not data.strip():
        raise ConvertError("file is empty: expected a live blog copied as plain text", path=path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise ConvertError(
            "the file is UTF-16 text: save it as UTF-8 (in most editors: Save As, "
            "encoding UTF-8), or convert it with iconv -f UTF-16 -t UTF-8",
            path=path,
        )
    nul = data.find(b"\x00")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise ConvertError(
            "looks like a binary file (NUL byte): expected plain text", path=path, line=line
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConvertError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}): "
            "save the post as UTF-8 text",
            path=path,
            line=line,
        ) from None
    return _without_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


# Characters a page can carry but no feed or page may hold (XML and HTML forbid them):
# the ones that break lines (form feed, vertical tab, NEL) become line breaks, the others
# (ESC, NUL-like controls, noncharacters) are dropped. source.txt keeps them, byte for byte.
_CONTROL_BREAKS = re.compile("[\x0b\x0c\x85]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _without_controls(text: str) -> str:
    return _CONTROLS.sub("", _CONTROL_BREAKS.sub("\n", text))


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    head = data[:200]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd)


def slugify(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug[:80].strip("-")


def check_slug(slug: str) -> str:
    if not _SLUG.match(slug):
        raise ConvertError(
            f"slug {slug!r} is not allowed: use lowercase letters, digits and hyphens "
            "(at most 80), e.g. --slug syria-2024-12-07"
        )
    return slug


# ---------------------------------------------------------------------------- parsing


def parse_live_blog(
    text: str,
    *,
    slug: str,
    path: object = "<input>",
    newest_date: date | None = None,
    year: int | None = None,
    source_url: str | None = None,
    publisher: str | None = None,
    timezone: ZoneInfo | None = None,
    order: Order | None = None,
    style: Style | None = None,
    title: str | None = None,
    standfirst: str | None = None,
    archived: date | None = None,
) -> LiveBlog:
    """Parse normalised text (see `decode_source`) into a LiveBlog with dates resolved.

    `timezone` is the page's zone when it does not say (`8.40am:`, `Posted at 17:37`);
    `order` overrides the order detected from the page; `style` a house style's rules
    (otherwise a built-in style is chosen by the page's markers); `archived` the day the
    page was copied, which no update can be later than.
    """
    numeric = _numeric_date_order(text)
    told = numeric is not None or style is not None  # how 9/7/2016 reads: the page or a style
    if numeric is not None and numeric != (style or DEFAULT).date_order:
        style = replace(style or DEFAULT, date_order=numeric)  # 10/22/2013 can only be M/D
    found = scan(text, style or DEFAULT)
    if style is None:
        style = detect_style(found.candidates)
        if style.labels.keys() - DEFAULT.labels.keys():  # labels the first look did not know
            found = scan(text, style)
    decision = decide(
        found.candidates, style, order=order, path=path, printer_view=found.printer_view
    )
    openers = decision.openers
    loose: list[Candidate] = []
    if not openers and not any(c.kind == "time" for c in found.candidates):
        # `13:03 Hoeneß verteidigt…` (a 24-hour time, one space, the text): prose could
        # open so once, not post after post. A page of them is read with them.
        spaced = scan(text, style, spaced=True)
        loose = [c for c in spaced.candidates if c.kind == "time" and c.paragraph_start]
        if len(loose) >= _SPACED_POSTS:
            found = spaced
            decision = decide(
                found.candidates, style, order=order, path=path, printer_view=found.printer_view
            )
            openers = decision.openers
    elif _all_24_hour(openers) and len(_SPACED_HINT.findall(text, 0)) >= _SPACED_POSTS:
        # `19:10: text` and `19:32 Text` on one page (SABC), or times alone on their lines
        # and `00:31 PRZEŻYJMY…` (RMF24): the spaced posts open updates too, where two or
        # more open so and every update read without them still opens one.
        spaced = scan(text, style, spaced=True)
        known = {c.line for c in found.candidates}
        extra = [
            c
            for c in spaced.candidates
            if c.kind == "time" and c.paragraph_start and c.line not in known
        ]
        if len(extra) >= _SPACED_POSTS:
            again = decide(
                spaced.candidates, style, order=order, path=path, printer_view=spaced.printer_view
            )
            if {c.line for c in openers} < {c.line for c in again.openers}:
                found, decision, openers = spaced, again, again.openers
    if not openers and not any(c.kind == "time" for c in found.candidates):
        # No stamp anywhere: posts with no printed time, opened by their ages (`14 min ago`)
        # or their headlines.
        aged = age_openers(found)
        openers = aged or headline_openers(found)
        if openers:
            decision = Decision(*_timeless_order(order, style, openers, path), openers, [])
        if openers and not aged:  # a guess from the page's look: said, line by line
            decision.warnings.append(
                f"no post prints a time: the page is split into {len(openers)} update(s) at "
                f"the short lines that look like headlines (lines "
                f"{_some([str(c.line) for c in openers])}); check each split"
            )
    if not openers and loose:
        raise ConvertError(
            f"no update markers found: {len(loose)} line(s) open with a time and one space "
            f"before the text ('{spaced.lines[loose[0].line - 1].strip()[:40]}'), which "
            f"reads as prose unless {_SPACED_POSTS} posts or more open so: write a ':' after "
            "the time of each post in the copy",
            path=path,
            line=loose[0].line,
        )
    if not openers:
        raise ConvertError(
            "no update markers found: expected lines that open with a time, such as "
            "'UPDATE 1737 GMT:', '8.40am:', '17:37' (alone on its line, or then ':', ' - ' or a "
            "tab before the text), 'Posted at 17:37' or "
            "'7:41 a.m. ET, September 14, 2018' (or pass --style FILE for a house style)",
            path=path,
        )
    if not told:
        _no_ambiguous_numeric_date([*openers, *decision.headings], found.lines, path)
    _no_game_clock(openers, found.lines, path)
    if extra := bullet_openers(found, openers) + label_openers(found, openers):
        openers = sorted(openers + extra, key=lambda c: c.line)
    closers = _signs_after(openers)
    if not closers:
        openers = _headlines_above(openers, found)
    spans = _spans(openers, found, text, closers)
    first = openers[0]
    above_updates = bisect_right(found.offsets, first.start) - 1  # lines above the first update
    statement = _zone_statement(found.lines, above_updates)
    zone, zone_name, zone_source = _page_zone(openers, timezone, statement, style, path)
    # Date headings dated the updates below them; one below the last update dates nothing
    # and stays as that update's text (`1 NOVEMBER` at the page's end was lost).
    last_opener = max(c.line for c in openers)
    heading_lines = {c.line for c in decision.headings if c.line < last_opener}
    preamble = read_preamble(
        preamble_blocks(
            _strip_lines(text[: spans[0][0] if closers else first.start], heading_lines, 1)
        ),
        first.line,
        path,
        title,
        standfirst,
        found.printer_view,
    )
    updates: list[Update] = []
    placed: list[Placed] = []
    empty: set[int] = set()
    headings = iter(decision.headings)
    heading = next(headings, None)
    current: tuple[PartialDate | None, int | None] = (None, None)
    for number, opener in enumerate(openers):
        while heading is not None and heading.index < opener.index:
            current = (heading.heading, heading.line)
            heading = next(headings, None)
        start, end, first_line = spans[number]
        body = _strip_lines(text[start:end], heading_lines, first_line)
        stamp = opener.stamp
        assert stamp is not None
        byline = ""
        if closers or (stamp.family == "trailing" and not stamp.label):
            # a byline (the author before the stamp, or a signature after the update): kept
            # as the update's last line, never its headline
            byline, stamp = stamp.text, replace(stamp, text="")
        update = Update(
            position=number + 1,
            kind=_KINDS[opener.kind],
            label=stamp.label if opener.kind == "original" else stamp.printed,
            line=opener.line,
        )
        update.blocks, update.repairs = parse_blocks(
            paragraphs(stamp.text + "\n\n" + body, printer_view=found.printer_view)
        )
        update.title = headline(update.blocks)
        if not update.blocks:
            empty.add(update.line)  # a byline alone is no text (GigaOM's empty posts)
        if stamp.family == "dateline":  # the wire's dateline, kept: first, never a headline
            update.blocks.insert(0, Paragraph(stamp.label))
        if byline.strip():
            update.blocks.append(Paragraph(byline.strip()))
        updates.append(update)
        placed.append(Placed(opener, current[0], current[1]))
    embed_years = [e.posted.year for u in updates for e in u.embeds if e.posted is not None]
    timeline = place(
        placed,
        decision.order,
        zone,
        newest_date=newest_date,
        year=year,
        embed_years=embed_years,
        dateline=_dateline(found.lines, above_updates, style),
        path=path,
    )
    for update, where in zip(updates, placed, strict=True):
        update.day, update.local, update.published = where.day, where.local, where.published
    if decision.order == "oldest":
        updates.reverse()
    updates = _newest_first(updates, zone)
    for position, update in enumerate(updates, start=1):
        update.position = position
    _assign_anchors(updates)
    blog = LiveBlog(
        slug=check_slug(slug),
        title=preamble.title,
        standfirst=preamble.standfirst,
        lead_image=preamble.lead,
        updates=updates,
        source_url=source_url,
        publisher=publisher,
        order=decision.order,
        timezone=zone_name,
        preamble=preamble.furniture,
    )
    blog.report = _report(blog, decision, timeline, zone_source, style, empty, found.lines)
    blog.report.title_source = preamble.title_from
    blog.report.warnings.extend(_weekday_headings(found, openers, updates, newest_date, path))
    newest = max((u.day for u in updates if u.day is not None), default=None)
    if archived is not None and newest is not None and newest > archived + timedelta(days=1):
        # A photo caption's typo ('17.2.2105') dated a whole page 80 years ahead.
        raise ConvertError(
            f"the updates are dated up to {newest:%-d %B %Y}, after the page was copied "
            f"({archived:%-d %B %Y}); what dated them: {blog.report.days_source}: pass "
            "--date YYYY-MM-DD, the date of the newest update (or --archived)",
            path=path,
            line=timeline.days_line,
        )
    blog.report.warnings.extend(_missed_stamps(openers, found))
    blog.report.warnings.extend(_no_half_of_day(openers, zone_name))
    blog.report.warnings.extend(_night_after(timeline, updates, found.lines))
    return blog


_NIGHT = re.compile(r"\b(?:night|tonight|overnight|nuit|nacht|noche|notte|noite)\b", re.I)
_SMALL_HOURS = 6  # a night's updates after midnight: before this hour


def _night_after(timeline: Timeline, updates: list[Update], lines: list[str]) -> list[str]:
    """The page's date names a night ('federal election night, Oct. 21, 2019', the
    Canadian Press) and its oldest update is in the small hours: on that date they were the
    night before the coverage; the morning after is likelier. Said, with the way to mend it."""
    if not timeline.days_from.startswith("the page's date") or timeline.days_line is None:
        return []
    line = lines[timeline.days_line - 1]
    timed = sorted((u.local, u.line) for u in updates if u.local is not None)
    if not timed or not _NIGHT.search(line) or timed[0][0].hour >= _SMALL_HOURS:
        return []
    (oldest, at), (newest, _) = timed[0], timed[-1]
    return [
        f"line {at}: the oldest update, at {oldest:%H:%M}, is dated the day the page names a "
        f"night ('{line.strip()[:_MISSED_AT]}'): if it was the morning after, pass --date "
        f"{(newest.date() + timedelta(days=1)).isoformat()} (the newest update's day)"
    ]


# A game's periods: under them, `14:08:` is the time left on the game clock (12NewsNow's
# Super Bowl: 'Second quarter' / '5:05: Chiefs 10, 49ers 10: …' / '14:08: …').
_PERIOD = re.compile(
    r"(?:(?:first|second|third|fourth|1st|2nd|3rd|4th|final) (?:quarter|half|period)"
    r"|overtime|half-?time|end of (?:the )?(?:first|second|third) (?:quarter|period))",
    re.I,
)


def _no_game_clock(openers: list[Candidate], lines: list[str], path: object) -> None:
    """Stamps right under a game's period headings, on a page that prints no a.m., p.m. or
    zone, are a game clock, not times of day: the page is refused (every update would get
    an invented time)."""
    clocks = _clocks(openers)
    if not clocks or any(k is None or k.notation != "24h" or k.zone for k in clocks):
        return
    for c in openers:
        above = c.line - 2
        while above >= 0 and not lines[above].strip():
            above -= 1
        if above >= 0 and _PERIOD.fullmatch(lines[above].strip().rstrip(":")):
            raise ConvertError(
                f"the times under '{lines[above].strip()}' look like a game clock (the time "
                "left in a period), not times of day: the updates' times cannot be read; "
                "write each post's time of day in the copy",
                path=path,
                line=c.line,
            )


_TWELVE_HOUR_LOOK = 3  # stamps at least, all so, for the warning below
# Where news prints its times on a 12-hour clock (a page there printing `9:06` may mean the
# evening); elsewhere `10:00 – 12% of boxes open` is a morning (Nova's count, Dublin).
_TWELVE_HOUR_ZONES = ("America/", "Australia/", "Pacific/Auckland", "Asia/Kolkata", "Asia/Manila")


def _no_half_of_day(openers: list[Candidate], zone: str | None) -> list[str]:
    """Times that may be on a 12-hour clock with no a.m. or p.m.: Business Insider's Super
    Bowl ('9:06: Packers punt again.' … '10:05: Game over.', in the evening) was read as
    a morning. Said, on a page in a zone of 12-hour clocks or where 12:xx and 1:xx stand
    next to each other, when every stamp is such a time: no zone, no leading zero, none
    after 12:59 (a 24-hour page prints `09:06`, and its afternoon)."""
    clocks = _clocks(openers)
    # 12:58 next to 1:00 is two minutes on a 12-hour clock (taxresearch's Budget, in London)
    rolls = any(
        a is not None and b is not None and {a.hour, b.hour} == {12, 1} for a, b in pairwise(clocks)
    )
    if not rolls and not (zone or "").startswith(_TWELVE_HOUR_ZONES):
        return []
    if len(clocks) < _TWELVE_HOUR_LOOK or any(
        clock is None
        or clock.notation != "24h"
        or clock.zone is not None
        or clock.printed.startswith("0")
        or not 1 <= clock.hour <= 12
        for clock in clocks
    ):
        return []
    first = next(c for c in openers if c.kind == "time")
    return [
        f"line {first.line}: '{clocks[0].printed}' and the other {len(clocks) - 1} times print "
        "no a.m. or p.m., and none is after 12:59: read as a 24-hour clock (mornings and "
        "noon); if the page counts the hours from 1 to 12, write a.m. or p.m. after each "
        "time in the copy"
    ]


_KINDS: dict[str, UpdateKind] = {
    "time": "update",
    "day-opener": "day-opener",
    "original": "original",
}


# The second half of a numeric date (`/22/2013`): the regex scans for its '/' at C speed.
# 22/10/2013, 9.7.2016: a numeric date (day and month in either order)
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.]\d)")


def _no_ambiguous_numeric_date(candidates: list[Candidate], lines: list[str], path: object) -> None:
    """A numeric date that dates updates and reads two ways (9/7/2016: 9 July or 7
    September) on a page where no numeric date says which: the converter stops rather than
    guess (it once dated a US page's updates two months early)."""
    for c in candidates:
        if c.heading is None and (c.stamp is None or c.stamp.date is None):
            continue
        for found in _NUMERIC_DATE.finditer(lines[c.line - 1]):
            first, second = int(found[1]), int(found[3])
            if first != second and 1 <= first <= 12 and 1 <= second <= 12:
                raise ConvertError(
                    f"{found[0]!r} is a day and a month either way round ({first} "
                    f"{month_name(second)} or {second} {month_name(first)}) and no date on "
                    "the page says which: pass --style with a style file that says "
                    'date_order = "MDY" (month first, as US pages print dates) or "DMY"',
                    path=path,
                    line=c.line,
                )


def _numeric_date_order(text: str) -> str | None:
    """How the page writes numeric dates, where one of them says (22/10/2013 is D/M,
    10/22/2013 is M/D); None if none says or they disagree."""
    orders = set()
    for found in _NUMERIC_DATE.finditer(text):
        first, second = int(found[1]), int(found[3])
        if first > 12 >= second:
            orders.add("DMY")
        elif second > 12 >= first:
            orders.add("MDY")
        if len(orders) > 1:
            return None
    return next(iter(orders), None)


def _newest_first(updates: list[Update], zone: ZoneInfo | None) -> list[Update]:
    """The updates newest first by time, where the page put one out of order (a post pinned
    at the top of its day); an update with no time stays by the one printed below it."""
    keys: dict[int, tuple[date, datetime]] = {}
    carried: tuple[date, datetime] | None = None
    for update in reversed(updates):  # oldest first
        assert update.day is not None
        if update.published is not None:
            carried = (update.day, update.published)
        elif carried is None or carried[0] != update.day:
            carried = (update.day, midnight(update.day, zone))
        keys[id(update)] = carried
    return sorted(updates, key=lambda u: keys[id(u)], reverse=True)


def _timeless_order(
    order: Order | None, style: Style, openers: list[Candidate], path: object
) -> tuple[Order, str]:
    """Posts with no time say nothing of their order: --order or the style must."""
    if order is not None:
        return order, "--order"
    if style.order in ("newest", "oldest"):
        return style.order, f"the style '{style.name}'"  # type: ignore[return-value]
    if by_age := age_order(openers):
        return by_age, "the posts' ages"  # type: ignore[return-value]
    raise ConvertError(
        "the posts print no time, so nothing tells whether the page runs newest first or "
        "oldest first: pass --order newest or --order oldest",
        path=path,
        line=openers[0].line,
    )


def _signs_after(openers: list[Candidate]) -> bool:
    """Do the page's stamps come after their updates (a byline with a date and time, as some
    platforms print it)? So when they all end their lines and the page ends with one."""
    timed = [c for c in openers if c.kind == "time"]
    return (
        bool(timed)
        and all(
            c.stamp is not None and c.stamp.family == "trailing" and not c.stamp.label
            for c in timed
        )
        and timed[-1].body_lines == 0
    )


def _spans(
    openers: list[Candidate], found: Scan, text: str, closers: bool
) -> list[tuple[int, int, int]]:
    """Each update's text as (start, end, first line): after its stamp up to the next one;
    or, where stamps sign their updates, from the last one up to its own stamp."""
    if not closers:
        return [
            (
                c.end,
                openers[k + 1].start if k + 1 < len(openers) else len(text),
                c.last_line + 1,
            )
            for k, c in enumerate(openers)
        ]
    first = _first_update_line(found, openers[0].line)
    spans = []
    start_line = first
    for c in openers:
        spans.append((found.offsets[start_line - 1], c.start, start_line))
        start_line = c.last_line + 1
    return spans


_SPACED_POSTS = 2  # posts opening with `13:03 Text` that make it the page's form


# A cheap first look for `19:32 Malema…` lines (a second scan of the page costs a fifth of
# its parse): a 24-hour time, one space, a capital or an opening quote.
_SPACED_HINT = re.compile(r"^[ \t]*\d{1,2}[:.][0-5]\d [«„“\"'‘‹(]?[^\W\d_]", re.M)


def _clocks(openers: list[Candidate]) -> list[Clock | None]:
    """The clocks of the updates the page opens with a time (None: a date alone)."""
    return [c.stamp.clock for c in openers if c.kind == "time" and c.stamp is not None]


def _all_24_hour(openers: list[Candidate]) -> bool:
    """Does every update the page opens with a time print it on a 24-hour clock?"""
    clocks = _clocks(openers)
    return bool(clocks) and all(clock is not None and clock.notation == "24h" for clock in clocks)


# A headline is one line of a paragraph of its own; a longer line is a post's text.
_HEADLINE_CHARS = 150


def _headlines_above(openers: list[Candidate], found: Scan) -> list[Candidate]:
    """Where every stamp stands under a one-line headline (NPR: `View from Africa` /
    `Posted November 6, 2024 at 1:58 PM EST`; BEV: a headline, a blank line, `22:15 – 10
    Mar 2022`; the Miami Herald: a headline, a blank line, `11:45 p.m.: text…`), each update
    opens at its headline, which becomes its first line. One stamp
    under a caption or a furniture line (FiveThirtyEight's 'Powered by LivePress'), the
    same line above every stamp, or, a blank line between, a line that ends a sentence or
    looks like a byline, is no such layout."""
    openers = _ticker_headlines(openers, found)
    # printed stamps only: a page of headline posts has no stamp to hang a headline on
    timed = [c for c in openers if c.kind == "time" and c.stamp and (c.stamp.clock or c.stamp.date)]
    if len(timed) < 2 or found.printer_view:
        return openers
    lines = found.lines
    first_words = next(
        (i for i, line in enumerate(lines) if line.strip() and not is_furniture(line)), len(lines)
    )
    for gap in (0, 1):  # the headline right above the stamp, or a blank line between
        found_all = [_headline_above(c, lines, gap, first_words) for c in timed]
        if None in found_all:
            continue
        if len({lines[i].strip() for i in found_all}) < len(timed):
            return openers  # the same line above every stamp ('Copy link'): furniture
        heads = dict(zip((c.line for c in timed), found_all, strict=True))
        return [_open_at(c, heads[c.line], found) if c.line in heads else c for c in openers]
    return openers


def _open_at(c: Candidate, above: int, found: Scan) -> Candidate:
    """The update `c` opens, opening instead at its headline on line `above` (0-based),
    which comes before the text on the stamp's line."""
    assert c.stamp is not None
    head = found.lines[above].strip()
    text = f"{head}\n\n{c.stamp.text}" if c.stamp.text else head
    return replace(
        c, start=found.offsets[above], stamp=replace(c.stamp, text=text), text_length=len(text)
    )


_NOT_HEADLINE_ENDS = tuple('.!?:;,"”’)')
_NOT_HEADLINE_STARTS = ("—", "–", "-", "•", "(", "by ", "By ", "Reporting", "Source")


def _headline_above(c: Candidate, lines: list[str], gap: int, first_words: int) -> int | None:
    """The 0-based line of a one-line headline `gap` blank lines above a stamp alone on its
    line, or None. `first_words` is the page's first line that is not furniture."""
    above = c.line - 2 - gap
    if (c.text_length and not gap) or above < 0:
        return None  # (a blank line between, the stamp may carry text: `11:45 p.m.: …`)
    if any(lines[i].strip() for i in range(above + 1, c.line - 1)):
        return None
    text = lines[above].strip()
    if (
        not text
        or len(text) > _HEADLINE_CHARS
        or (above > 0 and lines[above - 1].strip())  # a paragraph of one line
        or (gap == 0 and c.paragraph_start)
    ):
        return None
    if gap and (
        text.endswith(_NOT_HEADLINE_ENDS)
        or text.startswith(_NOT_HEADLINE_STARTS)
        or len(text.split()) < 3
        or TITLE_WORDS.search(text)  # `Live blog` above the first stamp is the page's title
        or first_words >= above  # nor the page's first line of words
    ):
        return None
    return above


_TICKER_HEADLINE = re.compile(r"[ \t]*\+\+\+[ \t].{1,300}[ \t]\+\+\+[ \t]*")


def _ticker_headlines(openers: list[Candidate], found: Scan) -> list[Candidate]:
    """A German ticker's `+++ Rentnerin gewinnt im Lotto +++` above a stamp (a blank line
    between) is that update's headline, not the end of the one above."""
    moved = []
    stamped = {c.line for c in found.candidates}
    for c in openers:
        above = c.line - 2
        while above >= 0 and not found.lines[above].strip():
            above -= 1
        if (
            c.kind == "time"
            and above + 1 not in stamped  # `+++ 22.37 Uhr: … +++` is a stamp of its own
            and c.stamp is not None
            and above >= 0
            and c.line - 2 - above <= 1
            and _TICKER_HEADLINE.fullmatch(found.lines[above])
            and (not moved or moved[-1].last_line < above + 1)
        ):
            c = _open_at(c, above, found)
        moved.append(c)
    return moved


def _first_update_line(found: Scan, signed_at: int) -> int:
    """Where the first signed update begins: above its signature (and the blank lines right
    above it), up to the first gap of two blank lines (the gap a page leaves between posts);
    without one, the paragraph above the signature."""
    index = signed_at - 2  # 0-based, the line above the signature
    while index >= 0 and not found.lines[index].strip():
        index -= 1
    top_of_paragraph = index
    while index >= 0:
        if found.lines[index].strip():
            index -= 1
            continue
        run_end = index
        while index >= 0 and not found.lines[index].strip():
            index -= 1
        if run_end - index >= 2:
            return run_end + 2  # 1-based line after the gap
    while top_of_paragraph > 0 and found.lines[top_of_paragraph - 1].strip():
        top_of_paragraph -= 1
    return top_of_paragraph + 1


def _strip_lines(text: str, drop: set[int], first_line: int) -> str:
    """`text` without the date headings in it (the site prints its own day headings)."""
    if not drop:
        return text
    lines = text.split("\n")
    return "\n".join("" if first_line + i in drop else line for i, line in enumerate(lines))


# A line that says when the page (or the site) was last updated is no dateline: `Last
# updated …`, and in the other languages whose dates are read anywhere on the line (Le
# Matin's banner `ACCUEIL 25.7.2014 Mis à jour à 17h51` dated a page of 2012 two years late).
_UPDATED = re.compile(rf"^\s*(?:last )?updated\b|\b(?:{UPDATED_WORDS})", re.I)


_DATELINE_CHARS = 80  # a dateline or a title with a date; a longer line is prose


def _dateline(lines: list[str], before: int, style: Style) -> tuple[PartialDate, int] | None:
    """The date the page prints above its updates (in its title or a dateline): the day its
    coverage starts. A 'Last updated' line is the day it ended, and is not used."""
    found = []
    for index in range(min(before, len(lines))):
        line = lines[index]
        if not line.strip() or _UPDATED.search(line):
            continue
        if read_attribution(line) is not None:
            continue  # a quoted post's date (Adweek's intro quoted a tweet of the day before)
        if len(line.strip()) > _DATELINE_CHARS and is_photo_credit(line):
            continue  # a photo's caption: the photo's day (Newsweek's '… on September 7.')
        partial = find_date(line, style.date_order)
        if partial is not None:
            found.append((partial, index + 1))
    # Any date in a short line (a dateline, a title) before one in prose: a photo caption
    # (Salon's '… votes … Tuesday, Nov. 8, 2016' above a page of 9 November), a summary's
    # bullet (The Spinoff's '… back to school from next Tuesday, October 26.').
    short, long = [], []
    for item in found:
        (short if len(lines[item[1] - 1].strip()) <= _DATELINE_CHARS else long).append(item)
    for group in (short, long):
        for wanted in (lambda d: d.year, lambda d: d.weekday is not None, lambda d: True):
            for partial, line_number in group:
                if wanted(partial):
                    return partial, line_number
    return None


def _zone_statement(lines: list[str], before: int) -> tuple[str, int] | None:
    """`All times stated are UK` (or `(ET)`) in the lines above the first update."""
    for index in range(min(before, len(lines))):
        zone = read_zone_statement(lines[index])
        if zone is not None:
            return zone, index + 1
    return None


def _page_zone(
    openers: list[Candidate],
    timezone: ZoneInfo | None,
    statement: tuple[str, int] | None,
    style: Style,
    path: object,
) -> tuple[ZoneInfo | None, str | None, str]:
    """The page's zone and where it came from: --timezone, the page, its stamps, its style."""
    printed = [c.stamp.clock.zone for c in openers if c.stamp and c.stamp.clock]
    if timezone is not None:
        return timezone, timezone.key, "--timezone"
    if statement is not None:
        return ZoneInfo(statement[0]), statement[0], f"the page says so (line {statement[1]})"
    regions = {region_of(z) for z in printed if z is not None}
    if regions == {"Etc/GMT", "Europe/London"}:  # GMT in winter, BST in summer
        regions = {"Europe/London"}
    if len(regions) == 1 and None not in regions and None not in printed:
        name = next(iter(regions))
        assert name is not None
        shown = ", ".join(sorted({z for z in printed if z}))
        return ZoneInfo(name), name, f"the zones printed with the times ({shown})"
    if style.zone is not None:
        return ZoneInfo(style.zone), style.zone, f"the style '{style.name}'"
    bare = next((c for c in openers if c.stamp and c.stamp.clock and not c.stamp.clock.zone), None)
    if bare is not None and bare.stamp is not None:
        named = sorted(r for r in regions if r)
        example = named[0] if len(named) == 1 else "Europe/London"
        raise ConvertError(
            f"time '{bare.stamp.printed}' is printed without a time zone: pass --timezone with "
            f"the zone the page printed its times in, e.g. --timezone {example}",
            path=path,
            line=bare.line,
        )
    if regions:
        first = next(c for c in openers if c.stamp and c.stamp.clock and c.stamp.clock.zone)
        shown = ", ".join(sorted({z for z in printed if z}))
        if shared := sorted({z for z in printed if z in SHARED_NAMES}):
            raise ConvertError(SHARED_NAMES[shared[0]], path=path, line=first.line)
        raise ConvertError(
            f"the times are printed in zones that do not name one place ({shown}): pass "
            "--timezone with the page's zone, e.g. --timezone Europe/London",
            path=path,
            line=first.line,
        )
    return None, None, "no time printed"


def _report(
    blog: LiveBlog,
    decision: Decision,
    timeline: Timeline,
    zone_source: str,
    style: Style,
    empty: set[int],
    lines: list[str],
) -> ImportReport:
    oldest, newest = blog.updates[-1], blog.updates[0]
    days = timeline.days_from
    if timeline.days_line is not None:  # quoted, so that a wrong dateline is seen
        days += f": '{lines[timeline.days_line - 1].strip()[:_MISSED_AT]}'"
    return ImportReport(
        updates=len(blog.updates),
        first_local=oldest.local or oldest.day,
        last_local=newest.local or newest.day,
        order=decision.order,
        order_source=decision.order_source,
        timezone=blog.timezone,
        timezone_source=zone_source,
        style=style.name,
        days_source=days,
        rollovers=timeline.rollovers,
        kept_as_text=[
            TextLine(c.line, _candidate_text(c), reason) for c, reason in decision.kept_as_text
        ],
        preamble=list(blog.preamble),
        embeds=sum(len(u.embeds) for u in blog.updates),
        lost_media=sum(len(u.lost_media) for u in blog.updates),
        warnings=decision.warnings
        + timeline.warnings
        + [
            f"line {u.line}: the update of {u.label or 'no time'} has no text (a picture or "
            "video that did not copy?)"
            for u in reversed(blog.updates)
            if not u.blocks or u.line in empty
        ],
    )


def _weekday_headings(
    found: Scan,
    openers: list[Candidate],
    updates: list[Update],
    newest_date: date | None,
    path: object,
) -> list[str]:
    """A weekday alone on its line (`FRIDAY`, as AP's 'The Latest' prints it) heads the
    updates of that day: the first update below it must fall on it. The converter does not
    date updates by a weekday alone; where its dates disagree with one, it says so (a
    warning with --date, which overrides the page; else it stops)."""
    by_line = {u.line: u for u in updates}
    lines = [c.line for c in openers]
    problems = []
    at = 0
    for number, line in enumerate(found.lines, start=1):
        name = line.strip().rstrip(":").strip().lower() if len(line) <= 20 else ""
        if len(name) <= 3 or name not in WEEKDAYS:  # full names: `Sun` may be a newspaper
            continue
        while at < len(lines) and lines[at] <= number:
            at += 1
        if at == len(lines):
            break
        update = by_line.get(lines[at])
        if update is None or update.day is None or update.day.weekday() == WEEKDAYS[name]:
            continue
        said = (
            f"the heading '{line.strip()}' is above an update dated "
            f"{update.day:%A %-d %B %Y} (line {update.line})"
        )
        if newest_date is None:
            raise ConvertError(
                f"{said}: pass --date YYYY-MM-DD, the date of the newest update",
                path=path,
                line=number,
            )
        problems.append(
            f"line {number}: {said}: weekday headings do not date updates; check --date and "
            "the day changes above"
        )
    return problems


# How far into a line a missed stamp is looked for: a byline's name, not a paragraph.
_MISSED_AT = 60
_MISSED_SHOWN = 3


# A short line of its own that holds a time (`AROUND 2PM`, Straits Times): a stamp the
# grammar does not read.
_TIME_IN_SHORT_LINE = re.compile(
    r"(?<![\w.:])(?:\d{1,2}(?:[:.][0-5]\d)?[ \t]?[ap]\.?m\b\.?|\d{1,2}[:.][0-5]\d(?![\d.:]))", re.I
)
_SHORT_LINE = 40


def _missed_stamps(openers: list[Candidate], found: Scan) -> list[str]:
    """Lines that print a date and time the way the updates' own stamps do, yet open no
    update (`Shara Tibken 9/7/2016 4:57:09 PMNow that…`: the copy glued the text to the
    stamp), and short lines of their own that hold a time (`AROUND 2PM`). Each is most
    likely a post merged into the one above it: said, never silent."""
    shapes = {
        _shape(c.stamp.printed)
        for c in openers
        if c.stamp is not None and c.stamp.date is not None and c.minutes is not None
    }
    pattern = re.compile("|".join(sorted(shapes))) if shapes else None
    taken = {line for c in found.candidates for line in range(c.line, c.last_line + 1)}
    lines = found.lines
    missed = []
    for number in range(openers[0].line + 1, len(lines) + 1):
        if number in taken:
            continue
        line = lines[number - 1]
        if pattern is not None:
            match = pattern.search(line, 0, _MISSED_AT + 40)
            if match is not None and match.start() <= _MISSED_AT:
                missed.append(number)
                continue
        alone = found.printer_view or (
            not lines[number - 2].strip() and (number == len(lines) or not lines[number].strip())
        )
        if alone and len(line.strip()) <= _SHORT_LINE and _TIME_IN_SHORT_LINE.search(line):
            missed.append(number)
    if not missed:
        return []
    shown = _some([f"line {n} '{lines[n - 1].strip()[:_MISSED_AT]}'" for n in missed])
    return [
        f"{len(missed)} line(s) print a time like a stamp but open no update, so each stays "
        f"in the update above it: {shown} (if they are posts of their own, the page's form "
        "is not read: check the split)"
    ]


def _some(items: list[str]) -> str:
    """The first few of a report's items, and how many more (`1, 2, 3 and 4 more`)."""
    more = f" and {len(items) - _MISSED_SHOWN} more" if len(items) > _MISSED_SHOWN else ""
    return ", ".join(items[:_MISSED_SHOWN]) + more


_SHAPE_PIECE = re.compile(r"(\d+)|([^\W\d_]+)|(\s+)|(.)")


def _shape(printed: str) -> str:
    """A stamp's form as a pattern, whatever its figures and words: `9/7/2016 4:56:29 PM`
    matches any `M/D/YYYY h:mm:ss AM`. No piece can match what the next one does, so a
    search is linear in the line."""
    parts = []
    for digits, word, space, other in _SHAPE_PIECE.findall(printed):
        if digits:
            parts.append(rf"\d{{1,{max(2, len(digits))}}}")
        elif word:
            parts.append(r"[^\W\d_]{1,12}")
        elif space:
            parts.append(r"[ \t\u00a0]{1,3}")
        else:
            parts.append(re.escape(other))
    return r"(?<!\w)" + "".join(parts)


def _candidate_text(c: Candidate) -> str:
    stamp = c.stamp
    if stamp is None:
        return ""
    joiner = {"": " ", ":": ": "}.get(stamp.separator, f" {stamp.separator} ")
    return f"{stamp.label} {stamp.printed}".strip() + (joiner + stamp.text if stamp.text else "")


# ---------------------------------------------------------------------------- anchors


def _assign_anchors(updates: list[Update]) -> None:
    """Stable anchors from the local date and time the page printed, numbered oldest first
    so that updates added later get the suffixes."""
    seen: dict[str, int] = {}
    for update in reversed(updates):
        if update.kind == "original":
            base = "original-entry"
        elif update.local is not None:
            base = f"update-{update.day:%Y-%m-%d}-{update.local:%H%M}"
        else:
            base = f"update-{update.day:%Y-%m-%d}"
        seen[base] = seen.get(base, 0) + 1
        update.anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
