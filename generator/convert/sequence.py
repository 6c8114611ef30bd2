"""Decide, from the whole sequence of candidates, which open updates and the page's order.

Each line that opens with a stamp is only a candidate. The page's markers are the
candidates of its dominant notation (label, clock and its spelling, e.g. `UPDATE 1737 GMT:`
or `8.40am:`), or those a style file names, that open a paragraph (unless most of them do
not). A stamp right under another stamp line, or the first of such a list under a lead-in
("Here is the timetable:"), is an agenda: it stays text.

1. Order. Each pair of neighbouring markers votes for the reading in which they are closer
   in time (10:00 above 09:00: an hour newest first, 23 hours oldest first); stamps with
   their own dates and date headings vote twice, by their dates. `--order` or a style's
   order overrides; an even vote stops the import with one line naming `--order`.
2. Markers. For that order, the subset of markers to keep is the cheapest explanation of
   the sequence: hours between neighbours beyond FREE_GAP cost, a roll-over to a new day
   costs ROLLOVER more, a time back inside 01:00-02:00 costs FOLD (a clock change); leaving
   a marker as text costs DROP, less for a short line (an agenda item), and EDGE_DROP at the
   page's ends, where dropping would only shorten the page. A date heading or a day opener
   (`UPDATE, DEC 7:`) starts a day for free; under a heading a time out of order is a pinned
   post (OUT_OF_ORDER). Each marker left as text gets a warning naming its line.

The search keeps, for each marker, the best way to reach it from the WINDOW markers before
it, so it is linear in their number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from ..errors import ConvertError
from .clock import offset_of
from .model import Order
from .scan import Candidate
from .styles import Style

ROLLOVER = 0.4  # a new day by itself; the hours of the gap are what cost
GAP_PER_HOUR = 0.5
FREE_GAP = 6 * 60  # minutes between neighbours that cost nothing
WRONG_WAY = 10.0  # stamps with their own dates that go the wrong way for the order
DATED_GAP = 1.0  # the most a gap between two stamps with their own dates costs (< DROP)
DROP = 2.5
SHORT_DROP = 1.5
OUT_OF_ORDER = 1.0  # under a date heading a time out of order is a pinned post, not a new day
EDGE_DROP = 20.0  # leaving the first or last stamps as text shortens the page: rarely right
AGENDA = 0.6  # more than a new day after a short night: never drop a real midnight
AGENDA_LEAD_IN = 0.45
LIST_HEAD = 0.05
FOLD = 0.2  # the clock going back inside 01:00-02:00: a clock change, not a new day
WINDOW = 12
_SHORT = 120  # characters: an agenda line is short
_LABELLED = frozenset({"update", "posted"})
_LOOSE = frozenset({"", "update", "posted", "dateline"})  # a wire's dateline: clock.py


def _bare_number(c: Candidate) -> bool:
    stamp = c.stamp
    return (
        stamp is not None
        and stamp.clock is not None
        and stamp.clock.notation == "hhmm"
        and not (stamp.clock.zone or stamp.label or stamp.separator or stamp.date)
    )


@dataclass
class Decision:
    """Which candidates open updates, in page order, and how the page runs."""

    order: Order
    order_source: str
    openers: list[Candidate]  # time stamps, day openers and first posts, in page order
    headings: list[Candidate]
    kept_as_text: list[tuple[Candidate, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decide(
    candidates: list[Candidate],
    style: Style,
    *,
    order: Order | None,
    path: object,
    printer_view: bool = False,
) -> Decision:
    """The openers, their order, and every candidate left as text with the reason."""
    headings = [c for c in candidates if c.kind == "heading" and c.paragraph_start]
    times = [c for c in candidates if c.kind == "time"]
    # One bare four-digit number then text (`2024 Election: Trump wins…`, NPR's title) is
    # a year as likely as a time (20:24): alone on a page, it marks nothing, and it does
    # not outvote the page's one real stamp.
    bare = [c for c in times if _bare_number(c)]
    marks = [c for c in times if c is not bare[0]] if len(bare) == 1 else times
    dominant = _dominant_family(marks)
    if style.notations:  # the style names its markers: they, and only they, fit
        fitting = [c for c in marks if _fits_style(c, style)]
    else:
        fitting = [c for c in marks if dominant is not None and _fits(c, dominant)]
    # A page's markers open paragraphs; where most of them do not (a furniture line such as
    # `SHARE THIS —` right above each), position cannot tell them from other lines.
    # A stamp right under another stamp line is in a list (an agenda), never a page's marker.
    stamp_lines = {c.last_line for c in fitting}
    # Unless the stamp above stands alone (no text on its line or under it: a post whose
    # picture or video did not copy) and this one is bare too, its text under it: agenda
    # items carry their text on their line (`10.00am: Budget presented`).
    empty = {c.last_line for c in fitting if c.text_length == 0 and c.body_lines == 0}
    after_empty = {
        id(c) for c in fitting if c.line - 1 in empty and c.text_length == 0 and c.body_lines > 0
    }
    listed = {
        id(c)
        for c in fitting
        if (printer_view or not c.paragraph_start)
        and c.line - 1 in stamp_lines
        and c.shape[0] != "trailing"  # bylines (`Name 10/22/2013 11:18:32 AM`) are no agenda
        and id(c) not in after_empty
    }
    # …and so is the first of such a list, under a lead-in ("Here is the timetable:").
    listed_lines = {c.line for c in fitting if id(c) in listed}
    listed |= {id(c) for c in fitting if c.lead_in and c.last_line + 1 in listed_lines}
    # A page that is nothing but one-line posts, one under the other (India Today's ball by
    # ball), is no agenda: its first stamp has no text of its own before the list goes on,
    # and nothing leads into it.
    kept = [c for c in fitting if id(c) not in listed]
    if (
        len(listed) >= 2
        and kept == fitting[:1]
        and fitting[0].body_lines == 0
        and not any(c.lead_in for c in fitting)
    ):
        listed = set()
    # A stamp alone on its line opens its update even with no blank line above
    # (FiveThirtyEight's '10:45 PM' under a chart's caption, '10:48 PM' under 'Powered by
    # LivePress'): a line that is only a time is never a sentence's start.
    opens = {id(c) for c in fitting if c.paragraph_start or c.text_length == 0}
    at_start = len(opens)
    need_start = at_start * 2 > len(fitting) - len(listed)
    accepted = [c for c in fitting if id(c) not in listed and (id(c) in opens or not need_start)]
    for c in candidates:
        if c.kind == "invalid" and c.paragraph_start and c.stamp is not None:
            labelled = c.stamp.family in _LABELLED
            twelve_hour = any(half in c.stamp.printed.lower() for half in ("am", "pm", "m."))
            if labelled or (twelve_hour and (dominant is None or "12h" in dominant[1])):
                raise ConvertError(
                    f"time {c.stamp.printed} in marker is not a time of day "
                    f"(expected {c.stamp.invalid})",
                    path=path,
                    line=c.line,
                )
    left: list[tuple[Candidate, str]] = []
    fits = {id(c) for c in fitting}
    for c in times:
        if id(c) not in fits:
            left.append((c, "not the page's marker notation"))
        elif id(c) in listed:
            left.append((c, "in a list of times (an agenda or timetable)"))
        elif need_start and id(c) not in opens:
            left.append((c, "inside a paragraph"))
    others = [
        c
        for c in candidates
        if c.paragraph_start
        and (
            c.kind == "original"
            or (
                c.kind == "day-opener"
                and (
                    c.stamp is None
                    or c.stamp.family in style.notations
                    or (not style.notations and (dominant is None or c.stamp.family == dominant[0]))
                )
            )
        )
    ]
    barriers = _barrier_prefix(candidates)
    heading_prefix = _barrier_prefix(candidates, kinds=("heading",))
    drops = _drop_costs(accepted, len(candidates))
    dated = [c for c in headings + others if c.kind in ("heading", "day-opener")]
    votes = _order_votes(
        [c for c, cost in zip(accepted, drops, strict=True) if cost > AGENDA_LEAD_IN],
        dated,
        barriers,
    )
    chosen, source = _choose(votes, order, style, accepted, others, path)
    _, kept = _best_subset(accepted, drops, barriers, heading_prefix, chosen)
    kept_set = set(kept)
    warnings = []
    for number, c in enumerate(accepted):
        if number not in kept_set:
            reason = "breaks the sequence of times (an agenda or timetable inside an entry?)"
            left.append((c, reason))
            warnings.append(
                f"line {c.line}: '{c.stamp.printed if c.stamp else ''}' kept as text: {reason}"
            )
    openers = sorted(
        [c for n, c in enumerate(accepted) if n in kept_set] + others, key=lambda c: c.index
    )
    left.sort(key=lambda item: item[0].index)
    return Decision(chosen, source, openers, headings, left, warnings)


def _dominant_family(times: list[Candidate]) -> tuple[str, str] | None:
    """The shape most paragraph-opening stamps share (first seen wins a tie); a stamp alone
    on its line opens one too (NPR's `Posted November 6, 2024 at 1:58 PM EST` under each
    headline), as in `decide`."""
    shapes = Counter(c.shape for c in times if c.paragraph_start or c.text_length == 0)
    if not shapes:
        shapes = Counter(c.shape for c in times)
    if not shapes:
        return None
    return max(shapes, key=lambda s: shapes[s])  # Counter keeps first-seen order on ties


def _fits(c: Candidate, dominant: tuple[str, str]) -> bool:
    """A labelled page accepts every notation after its label; otherwise the notation must
    match, with or without a marker label (`UPDATE, 1800 GMT:` and `2030 GMT: text`)."""
    family, notation = c.shape
    if family == dominant[0] and family in _LABELLED:
        return True
    return notation == dominant[1] and (family == dominant[0] or {family, dominant[0]} <= _LOOSE)


def _fits_style(c: Candidate, style: Style) -> bool:
    """A stamp the style names: its label, and a notation the style lists for it."""
    family, notation = c.shape
    allowed = style.notations.get(family)
    base = notation.removeprefix("date ").split(" ")[0]
    return allowed is not None and base in allowed


def _barrier_prefix(
    candidates: list[Candidate], kinds: tuple[str, ...] = ("heading", "day-opener")
) -> list[int]:
    """How many headings or day openers come before each candidate (a new day, for free)."""
    prefix, count = [], 0
    for c in candidates:
        prefix.append(count)
        if c.kind in kinds and c.paragraph_start:
            count += 1
    prefix.append(count)
    return prefix


def _drop_costs(accepted: list[Candidate], total: int) -> list[float]:
    """What leaving each candidate as text costs: less for a short stamp line with no body
    of its own (an agenda item), least in a run of them after a lead-in ending with ':'
    ("Here is the timetable:"), or on a page whose updates otherwise have bodies."""
    bodies = sorted(c.body_lines for c in accepted)
    page_has_bodies = bool(bodies) and bodies[len(bodies) // 2] > 0
    costs = []
    run_lead_in = False
    previous: Candidate | None = None
    for c in accepted:
        short = c.text_length <= _SHORT and c.body_lines <= 1
        follows = (
            previous is not None
            and previous.body_lines == 0
            and previous.index + 1 == c.index
            and previous.text_length <= _SHORT
        )
        if not follows:
            run_lead_in = c.lead_in
        in_run = follows or (c.body_lines == 0 and c.index + 1 < total)
        if short and c.lead_in and c.body_lines == 0:
            costs.append(LIST_HEAD)  # "Here is the timetable:" and a list of times under it
        elif short and in_run and run_lead_in:
            costs.append(AGENDA_LEAD_IN)
        elif short and in_run and page_has_bodies:
            costs.append(AGENDA)
        elif short:
            costs.append(SHORT_DROP)
        else:
            costs.append(DROP)
        previous = c
    return costs


def _step(
    a: Candidate, b: Candidate, way: Order, barriers: list[int], headings: list[int]
) -> float:
    """The cost of `b` following `a` down the page (both kept) in a page of order `way`:
    the time between them in that reading (a live blog's updates come minutes or hours
    apart, not a day), plus ROLLOVER when the reading needs a new day."""
    if barriers[b.index] != barriers[a.index]:
        return 0.0  # a heading or a day opener between them starts a day of its own
    ta, tb = a.minutes, b.minutes
    if ta is None or tb is None:
        return 0.0
    first, second = _dated_minutes(a), _dated_minutes(b)
    if first is not None and second is not None:
        forward = second - first if way == "oldest" else first - second
        if forward < 0 and _in_repeated_hour(a, b) and forward > -60:
            return FOLD
        if forward < 0:
            return WRONG_WAY + _gap(-forward)
        # Both print their year and go the page's way: however far apart (a post of two
        # years before, as a page of hurricane updates kept one), they are no agenda.
        return min(_gap(forward), DATED_GAP)
    ta, tb = _comparable(a, b)
    forward = tb - ta if way == "oldest" else ta - tb
    if forward >= 0:
        return _gap(forward)
    if 60 <= ta < 120 and 60 <= tb < 120:
        return FOLD  # the hour a clock change repeats
    if headings[a.index] and not through_midnight(forward):
        return OUT_OF_ORDER + _gap(-forward)  # a pinned post under its date heading
    return ROLLOVER + _gap(forward + 1440)


def through_midnight(back: int) -> bool:
    """A step back in time of `back` minutes (negative) between two neighbours: is going on
    through midnight the shorter way (23:43 then 00:00: a new day), rather than back (a
    post pinned above later ones)? The sequence and the timeline ask the same."""
    return back + 1440 < -back


def _gap(minutes: int) -> float:
    """Hours between two updates beyond FREE_GAP, weighted: a pause of a night is possible,
    a day's silence between neighbours is what a misread agenda line looks like."""
    return GAP_PER_HOUR * max(0, minutes - FREE_GAP) / 60


def _best_subset(
    accepted: list[Candidate],
    drops: list[float],
    barriers: list[int],
    headings: list[int],
    way: Order,
) -> tuple[float, list[int]]:
    """The cheapest subset of `accepted` to keep (indices into it) for order `way`.

    Leaving stamps as text at an edge (the start or end of the page, or next to a heading)
    costs EDGE_DROP unless they look like an agenda: there, dropping would only shorten the
    page's span, which a real update never deserves."""
    n = len(accepted)
    if n == 0:
        return 0.0, []
    inner, edge = [0.0], [0.0]
    for cost in drops:
        inner.append(inner[-1] + cost)
        edge.append(edge[-1] + (cost if cost < SHORT_DROP else EDGE_DROP))
    best = [0.0] * n
    back = [-1] * n
    for i in range(n):
        cheapest, origin = (edge[i], -1) if i <= WINDOW else (float("inf"), -1)
        b = accepted[i]
        for j in range(max(0, i - WINDOW - 1), i):
            a = accepted[j]
            dropped = inner if barriers[b.index] == barriers[a.index] else edge
            cost = best[j] + (dropped[i] - dropped[j + 1]) + _step(a, b, way, barriers, headings)
            if cost < cheapest:
                cheapest, origin = cost, j
        best[i], back[i] = cheapest, origin
    end_cost, end = float("inf"), -1
    for j in range(max(0, n - WINDOW - 1), n):
        cost = best[j] + (edge[n] - edge[j + 1])
        if cost < end_cost:
            end_cost, end = cost, j
    kept = []
    while end != -1:
        kept.append(end)
        end = back[end]
    return end_cost, kept[::-1]


def _order_votes(
    accepted: list[Candidate], dated: list[Candidate], barriers: list[int]
) -> dict[Order, int]:
    """Evidence for each order, pair by pair down the page: two times vote for the reading
    in which they are closer (10:00 above 09:00: an hour in a newest-first page, 23 hours in
    an oldest-first one; 00:10 above 23:50: twenty minutes across midnight, newest first);
    stamps with their own dates and date headings vote twice, by their dates."""
    votes: dict[Order, int] = {"newest": 0, "oldest": 0}
    for a, b in pairwise(accepted):
        if barriers[a.index] != barriers[b.index] or a.minutes is None or b.minutes is None:
            continue
        first, second = _dated_minutes(a), _dated_minutes(b)
        if first is not None and second is not None:
            if first != second and not (_in_repeated_hour(a, b) and abs(first - second) < 60):
                votes["newest" if second < first else "oldest"] += 2
            continue
        ma, mb = _comparable(a, b)
        newest_gap = (ma - mb) % 1440
        oldest_gap = (mb - ma) % 1440
        if min(newest_gap, oldest_gap) > 720:  # both readings need most of a day
            newest_gap = _fold_gap(ma, mb, newest_gap)
            oldest_gap = _fold_gap(mb, ma, oldest_gap)
        if newest_gap != oldest_gap and a.minutes != b.minutes:
            votes["newest" if newest_gap < oldest_gap else "oldest"] += 1
    marks = []
    for c in sorted(dated, key=lambda c: c.index):
        partial = c.heading or (c.stamp.date if c.stamp else None)
        if partial is not None:
            marks.append((partial.year or 0, partial.month, partial.day))
    for a, b in pairwise(marks):
        if a == b:
            continue
        if a[0] == 0 or b[0] == 0:  # no year: months more than six apart wrap a new year
            later = (b[1], b[2]) > (a[1], a[2])
            if abs(b[1] - a[1]) > 6:
                later = not later
        else:
            later = b > a
        votes["oldest" if later else "newest"] += 2
    return votes


def _dated_minutes(c: Candidate) -> int | None:
    """Minutes since year 1 of a stamp that prints its own date (in UTC if it prints a
    fixed zone, `1:00 AM EST`), or None."""
    partial = c.stamp.date if c.stamp else None
    clock = c.stamp.clock if c.stamp else None
    day = partial.on(partial.year) if partial is not None and partial.year else None
    if day is None or clock is None:
        return None
    offset = offset_of(clock.zone) if clock.zone else None
    shift = int(offset.total_seconds()) // 60 if offset is not None else 0
    return day.toordinal() * 1440 + clock.minutes - shift


def _in_repeated_hour(a: Candidate, b: Candidate) -> bool:
    """Both stamps print a local time between 01:00 and 02:00 (no fixed zone): the hour the
    clocks repeat when they go back, where a time may come after a later-looking one."""
    return (
        a.utc_minutes is None
        and b.utc_minutes is None
        and a.minutes is not None
        and b.minutes is not None
        and 60 <= a.minutes < 120
        and 60 <= b.minutes < 120
    )


def _comparable(a: Candidate, b: Candidate) -> tuple[int, int]:
    """Two stamps' minutes of the day, in UTC when both print a fixed zone (`1:01am EDT`
    and `1:00am EST` are an hour apart), else as printed."""
    ua, ub = a.utc_minutes, b.utc_minutes
    if ua is not None and ub is not None:
        return ua, ub
    assert a.minutes is not None and b.minutes is not None
    return a.minutes, b.minutes


def _fold_gap(later: int, earlier: int, gap: int) -> int:
    """The gap across the hour the clocks repeat when they go back (01:00-02:00), if both
    times are in it and that is shorter."""
    if 60 <= later < 120 and 60 <= earlier < 120 and later < earlier:
        return min(gap, later + 60 - earlier)
    return gap


def _choose(
    votes: dict[Order, int],
    order: Order | None,
    style: Style,
    accepted: list[Candidate],
    others: list[Candidate],
    path: object,
) -> tuple[Order, str]:
    if order is not None:
        return order, "--order"
    if style.order in ("newest", "oldest"):
        return style.order, f"the style '{style.name}'"  # type: ignore[return-value]
    if votes["newest"] != votes["oldest"]:
        chosen: Order = "newest" if votes["newest"] > votes["oldest"] else "oldest"
        return chosen, (
            f"detected: {votes[chosen]} of {votes['newest'] + votes['oldest']} pieces of "
            "evidence (times and dates, in page order)"
        )
    if len(accepted) + len(others) <= 1:
        return "newest", "one update: the order makes no difference"
    first = min((c.line for c in accepted + others), default=None)
    raise ConvertError(
        "cannot tell whether the page runs newest first or oldest first (its times and dates "
        "fit both): pass --order newest or --order oldest",
        path=path,
        line=first,
    )
