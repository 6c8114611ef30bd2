"""Decide, from the whole sequence of candidates, which open updates and the page's order.

Each line that opens with a stamp is only a candidate. The page's markers are the
candidates of its dominant notation (label and clock, e.g. `UPDATE 1737 GMT:`) that open a
paragraph. Among those, the import keeps the subset that reads as a steady sequence of
times in one order, at the least cost:

- a roll-over to another day costs ROLLOVER (going down a newest-first page, a time later
  than the one above means the day before; oldest first, the other way);
- leaving a candidate as text costs DROP, far less (AGENDA) for a short line in a run of
  stamps with nothing between them (an agenda or timetable inside an entry);
- a date heading (or a day opener such as `UPDATE, DEC 7:`) starts a new day for free, and
  headings whose dates go the wrong way for an order count against that order.

The cheaper order wins; if the two are within MARGIN of each other and would give different
archives, the import stops and asks for `--order`. The search keeps, for each candidate, the
best way to reach it from the WINDOW candidates before it, so it is linear in their number.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ConvertError
from .model import Order
from .scan import Candidate
from .styles import Style

ROLLOVER = 2.0
DROP = 2.5
AGENDA = 0.3
AGENDA_LEAD_IN = 0.15
FOLD = 0.5  # the clock going back inside 01:00-02:00: a clock change, not a new day
HEADING_AGAINST = 3.0
MARGIN = 1.0
WINDOW = 12
_SHORT = 120  # characters: an agenda line is short
_LABELLED = frozenset({"update", "posted"})
_LOOSE = frozenset({"", "update", "posted"})


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
) -> Decision:
    """The openers, their order, and every candidate left as text with the reason."""
    headings = [c for c in candidates if c.kind == "heading" and c.paragraph_start]
    times = [c for c in candidates if c.kind == "time"]
    dominant = _dominant_family(times)
    accepted = [
        c for c in times if c.paragraph_start and dominant is not None and _fits(c, dominant)
    ]
    for c in candidates:
        if c.kind == "invalid" and c.paragraph_start and c.stamp is not None:
            labelled = c.stamp.family in _LABELLED
            twelve_hour = any(half in c.stamp.printed.lower() for half in ("am", "pm", "m."))
            if labelled or (twelve_hour and (dominant is None or dominant[1] == "12h")):
                raise ConvertError(
                    f"time {c.stamp.printed} in marker is not a time of day "
                    f"(expected {c.stamp.invalid})",
                    path=path,
                    line=c.line,
                )
    left: list[tuple[Candidate, str]] = []
    for c in times:
        if not c.paragraph_start:
            left.append((c, "inside a paragraph"))
        elif dominant is not None and not _fits(c, dominant):
            left.append((c, "not the page's marker notation"))
    others = [
        c
        for c in candidates
        if c.paragraph_start
        and (
            c.kind == "original"
            or (
                c.kind == "day-opener"
                and (dominant is None or c.stamp is None or c.stamp.family == dominant[0])
            )
        )
    ]
    barriers = _barrier_prefix(candidates)
    drops = _drop_costs(accepted)
    results: dict[Order, tuple[float, list[int]]] = {}
    for way in ("newest", "oldest") if order is None else (order,):
        cost, kept = _best_subset(accepted, drops, barriers, way)
        cost += _heading_cost(headings + [c for c in others if c.kind == "day-opener"], way)
        results[way] = (cost, kept)
    chosen, source = _choose(results, order, style, accepted, others, headings, path)
    kept_set = set(results[chosen][1])
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
    """The shape most paragraph-opening stamps share (first seen wins a tie)."""
    shapes = Counter(c.shape for c in times if c.paragraph_start)
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


def _barrier_prefix(candidates: list[Candidate]) -> list[int]:
    """How many headings or day openers come before each candidate (a new day, for free)."""
    prefix, count = [], 0
    for c in candidates:
        prefix.append(count)
        if c.kind in ("heading", "day-opener") and c.paragraph_start:
            count += 1
    prefix.append(count)
    return prefix


def _drop_costs(accepted: list[Candidate]) -> list[float]:
    """What leaving each candidate as text costs: little for an agenda-like run.

    An agenda is a run of short stamp lines with nothing between them, either after a
    lead-in ending with ':' or on a page whose updates otherwise have a body below their
    stamp. On a page where every update is one line (`8.40am: text…`), a run is normal.
    """
    bodies = sorted(c.body_lines for c in accepted)
    page_has_bodies = bool(bodies) and bodies[len(bodies) // 2] > 0
    costs = []
    run_lead_in = False
    for number, c in enumerate(accepted):
        previous = accepted[number - 1] if number else None
        follows = (
            previous is not None and previous.body_lines == 0 and previous.index + 1 == c.index
        )
        if not follows:
            run_lead_in = c.lead_in
        in_run = follows or (c.body_lines == 0 and number + 1 < len(accepted))
        short = c.text_length <= _SHORT
        if in_run and short and run_lead_in:
            costs.append(AGENDA_LEAD_IN)
        elif in_run and short and page_has_bodies:
            costs.append(AGENDA)
        else:
            costs.append(DROP)
    return costs


def _step(a: Candidate, b: Candidate, way: Order, barriers: list[int]) -> float:
    """The cost of `b` following `a` down the page (both kept) in a page of order `way`."""
    if barriers[b.index] != barriers[a.index]:
        return 0.0  # a heading or a day opener between them starts a day of its own
    da = a.stamp.date if a.stamp else None
    db = b.stamp.date if b.stamp else None
    ta, tb = a.minutes, b.minutes
    if ta is None or tb is None:
        return 0.0
    if da is not None and db is not None and da.year and db.year:
        earlier = (db.year, db.month, db.day, tb) < (da.year, da.month, da.day, ta)
        later = (db.year, db.month, db.day, tb) > (da.year, da.month, da.day, ta)
        wrong = later if way == "newest" else earlier
        return 2 * ROLLOVER if wrong else 0.0
    backwards = tb > ta if way == "newest" else tb < ta
    if not backwards:
        return 0.0
    if 60 <= ta < 120 and 60 <= tb < 120:
        return FOLD
    return ROLLOVER


def _best_subset(
    accepted: list[Candidate], drops: list[float], barriers: list[int], way: Order
) -> tuple[float, list[int]]:
    """The cheapest subset of `accepted` to keep (indices into it) for order `way`."""
    n = len(accepted)
    if n == 0:
        return 0.0, []
    prefix = [0.0]
    for cost in drops:
        prefix.append(prefix[-1] + cost)
    best = [0.0] * n
    back = [-1] * n
    for i in range(n):
        cheapest, origin = (prefix[i], -1) if i <= WINDOW else (float("inf"), -1)
        for j in range(max(0, i - WINDOW - 1), i):
            cost = (
                best[j]
                + (prefix[i] - prefix[j + 1])
                + _step(accepted[j], accepted[i], way, barriers)
            )
            if cost < cheapest:
                cheapest, origin = cost, j
        best[i], back[i] = cheapest, origin
    end_cost, end = float("inf"), -1
    for j in range(max(0, n - WINDOW - 1), n):
        cost = best[j] + (prefix[n] - prefix[j + 1])
        if cost < end_cost:
            end_cost, end = cost, j
    kept = []
    while end != -1:
        kept.append(end)
        end = back[end]
    return end_cost, kept[::-1]


def _heading_cost(dated: list[Candidate], way: Order) -> float:
    """Dates of headings (or day openers) going the wrong way for `way`, down the page."""
    marks = []
    for c in sorted(dated, key=lambda c: c.index):
        partial = c.heading or (c.stamp.date if c.stamp else None)
        if partial is not None:
            marks.append((partial.year or 0, partial.month, partial.day))
    cost = 0.0
    for a, b in itertools.pairwise(marks):
        if a == b:
            continue
        if a[0] == 0 or b[0] == 0:  # no year: months more than six apart wrap a new year
            later = (b[1], b[2]) > (a[1], a[2])
            if abs(b[1] - a[1]) > 6:
                later = not later
        else:
            later = b > a
        if later == (way == "newest"):
            cost += HEADING_AGAINST
    return cost


def _choose(
    results: dict[Order, tuple[float, list[int]]],
    order: Order | None,
    style: Style,
    accepted: list[Candidate],
    others: list[Candidate],
    headings: list[Candidate],
    path: object,
) -> tuple[Order, str]:
    if order is not None:
        return order, "--order"
    newest, oldest = results["newest"][0], results["oldest"][0]
    if style.order in ("newest", "oldest"):
        return style.order, f"the style '{style.name}'"  # type: ignore[return-value]
    if abs(newest - oldest) >= MARGIN:
        chosen: Order = "newest" if newest < oldest else "oldest"
        return chosen, "detected from the sequence of times and dates"
    if len(results["newest"][1]) + len(others) <= 1:
        return "newest", "one update: the order makes no difference"
    first = min((c.line for c in accepted + others), default=None)
    raise ConvertError(
        "cannot tell whether the page runs newest first or oldest first (its times and dates "
        "fit both): pass --order newest or --order oldest",
        path=path,
        line=first,
    )
