"""Parse a live blog copied from the page as plain text into the model.

raw text → preamble (lead caption, title, standfirst) + updates (split at marker lines,
see `markers.py`) → blocks (paragraphs, subheadings, embeds, lost media) → dates resolved.
The parser never renders and never drops text: what it cannot classify stays a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from ..errors import ConvertError
from . import embeds as embed_rules
from .markers import MARKERS, MONTHS, TIME_ZONES, MarkerPattern, combined_marker_regex, match_marker
from .model import (
    Block,
    Heading,
    LeadImage,
    LiveBlog,
    LostMedia,
    Paragraph,
    Repair,
    Update,
)

MAX_BYTES = 32 * 1024 * 1024

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n[\s]*")
_CREDIT = re.compile(r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]+)\)\s*$", re.S)
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


@dataclass(frozen=True)
class _Marker:
    """A marker line found in the source, with what it says."""

    pattern: MarkerPattern
    line: int
    start: int  # offset of the marker line in the text
    end: int  # offset just past the marker line
    text: str  # text on the marker's own line
    clock: time | None
    offset: timedelta | None  # None: the time was printed without a zone
    month_day: tuple[int, int] | None
    label: str


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
    timezone: tzinfo | None = None,
) -> LiveBlog:
    """Parse normalised text (see `decode_source`) into a LiveBlog with dates resolved.

    `timezone` is the zone of times printed without one (`8.40am:`, `Posted at 17:37`).
    """
    markers = _find_markers(text, path)
    if not markers:
        raise ConvertError(
            "no update markers found: expected lines like 'UPDATE 1737 GMT:', "
            "'UPDATE, DEC 7:', 'ORIGINAL ENTRY:', '8.40am:' or 'Posted at 17:37'",
            path=path,
        )
    if timezone is None and (zoneless := next((m for m in markers if _needs_zone(m)), None)):
        raise ConvertError(
            f"time '{zoneless.label}' is printed without a time zone: pass --timezone with "
            "the zone the page printed its times in, e.g. --timezone Europe/London",
            path=path,
            line=zoneless.line,
        )
    title, standfirst, lead = _parse_preamble(text[: markers[0].start], markers[0].line, path)
    updates = []
    for position, marker in enumerate(markers, start=1):
        body_end = markers[position].start if position < len(markers) else len(text)
        body = marker.text + "\n\n" + text[marker.end : body_end]
        update = Update(
            position=position, kind=marker.pattern.kind, label=marker.label, line=marker.line
        )
        update.blocks, update.repairs = _parse_blocks(_paragraphs(body))
        updates.append(update)
    _resolve_dates(
        updates, markers, newest_date=newest_date, year=year, timezone=timezone, path=path
    )
    _assign_anchors(updates)
    return LiveBlog(
        slug=check_slug(slug),
        title=title,
        standfirst=standfirst,
        lead_image=lead,
        updates=updates,
        source_url=source_url,
        publisher=publisher,
    )


def _find_markers(text: str, path: object) -> list[_Marker]:
    found: list[_Marker] = []
    line, counted_to = 1, 0
    for candidate in combined_marker_regex().finditer(text):
        line += text.count("\n", counted_to, candidate.start())
        counted_to = candidate.start()
        row = match_marker(candidate.group(0), MARKERS)
        if row is None:  # pragma: no cover - the combined regex is the union of the rows
            continue
        pattern, match = row
        found.append(_read_marker(pattern, match, line, candidate, path))
    return found


def _read_marker(
    pattern: MarkerPattern, match: re.Match[str], line: int, where: re.Match[str], path: object
) -> _Marker:
    groups = match.groupdict()
    clock, offset, month_day = None, None, None
    if groups.get("hhmm") or groups.get("hour"):
        clock = _clock(groups, path, line)
        offset = TIME_ZONES[groups["tz"]] if groups.get("tz") else None
        if groups.get("hhmm"):
            label = f"{groups['hhmm']} {groups['tz']}"
        else:  # as printed: from the hour to the zone, if any (`8.40am`, `17:37 BST`)
            ends = [match.end(g) for g in ("minute", "ampm", "tz") if groups.get(g)]
            label = match.string[match.start("hour") : max(ends)]
    elif groups.get("month"):
        day = int(groups["day"])
        month = MONTHS[groups["month"][:3].upper()]
        if not 1 <= day <= 31:
            raise ConvertError(
                f"day {day} in day marker is not a day of the month", path=path, line=line
            )
        month_day = (month, day)
        label = match.group(0).strip().split(None, 1)[1].rstrip(":").strip()
    else:
        label = match.group(0).split(":", 1)[0].strip()
    end = where.end() + 1 if where.end() < len(where.string) else where.end()
    return _Marker(
        pattern=pattern,
        line=line,
        start=where.start(),
        end=end,
        text=groups.get("text") or "",
        clock=clock,
        offset=offset,
        month_day=month_day,
        label=label,
    )


def _needs_zone(marker: _Marker) -> bool:
    return marker.clock is not None and marker.offset is None


def _clock(groups: dict[str, str | None], path: object, line: int) -> time:
    """The time of day a marker prints: `1737`, `17:37` or `8.40am`."""
    if hhmm := groups.get("hhmm"):
        printed, hour, minute = hhmm, int(hhmm[:2]), int(hhmm[2:])
        expected = "HHMM, 0000-2359"
    else:
        ampm = groups.get("ampm") or ""
        printed = f"{groups['hour']}.{groups['minute']}{ampm}"
        hour, minute = int(groups["hour"]), int(groups["minute"])
        if ampm:
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        expected = "a time such as 17:37 or 8.40am"
    if hour > 23 or minute > 59:
        raise ConvertError(
            f"time {printed} in marker is not a time of day (expected {expected})",
            path=path,
            line=line,
        )
    return time(hour, minute)


def _paragraphs(body: str) -> list[str]:
    """Blank-line separated paragraphs, each line right-stripped, none empty."""
    out = []
    for chunk in _PARAGRAPH_BREAK.split(body):
        lines = [ln.rstrip() for ln in chunk.strip("\n").split("\n")]
        para = "\n".join(lines).strip()
        if para:
            out.append(para)
    return out


def _parse_preamble(
    preamble: str, first_marker_line: int, path: object
) -> tuple[str, str, LeadImage | None]:
    paragraphs = _paragraphs(preamble)
    lead = None
    if len(paragraphs) >= 2:
        credit = _CREDIT.match(paragraphs[0])
        if credit:
            lead = LeadImage(caption=credit["caption"], credit=credit["credit"].strip())
            paragraphs = paragraphs[1:]
    if not paragraphs:
        raise ConvertError(
            "no title before the first update marker: put the live blog's title on a line of "
            "its own above it",
            path=path,
            line=first_marker_line,
        )
    return paragraphs[0], "\n\n".join(paragraphs[1:]), lead


# ---------------------------------------------------------------------------- blocks

_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)
_SHORT_WORDS = frozenset(
    [
        "a",
        "i",
        "an",
        "am",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "oh",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
        "all",
        "and",
        "any",
        "are",
        "but",
        "can",
        "did",
        "for",
        "get",
        "got",
        "had",
        "has",
        "her",
        "him",
        "his",
        "how",
        "its",
        "may",
        "new",
        "not",
        "now",
        "off",
        "old",
        "one",
        "our",
        "out",
        "own",
        "say",
        "see",
        "she",
        "the",
        "too",
        "two",
        "use",
        "was",
        "way",
        "who",
        "why",
        "yes",
        "yet",
        "you",
    ]
)
_VIDEO = re.compile(r"\b(video|footage|film|filmed|clip|watch)\b", re.I)
_IMAGE = re.compile(r"\b(photo|photos|photograph|snapshot|picture|image|images|map|chart)\b", re.I)


def _parse_blocks(paragraphs: list[str]) -> tuple[list[Block], list[Repair]]:
    """Paragraphs of one update → blocks; copy damage repaired and recorded."""
    paragraphs, repairs = _repair_splits(paragraphs)
    blocks: list[Block] = []
    pending: list[str] = []  # paragraphs not yet placed, in case a post's card follows
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        media = embed_rules.MEDIA_NOTE.match(para)
        card_end = index + 1 if media and index + 1 < len(paragraphs) else index
        attribution = embed_rules.ATTRIBUTION.match(paragraphs[card_end])
        if attribution:
            media_note = para.strip() if media else ""
            platform = embed_rules.platform_of(attribution["handle"], bool(media_note))
            split = len(pending) - embed_rules.post_paragraph_count(pending, platform)
            blocks.extend(_text_blocks(pending[:split], final=False))
            blocks.append(embed_rules.make_embed(pending[split:], media_note, attribution))
            pending = []
            index = card_end + 1
            continue
        pending.append(para)
        index += 1
    blocks.extend(_text_blocks(pending, final=True))
    return _mark_lost_media(blocks), repairs


def _text_blocks(paragraphs: list[str], *, final: bool) -> list[Block]:
    out: list[Block] = []
    for i, para in enumerate(paragraphs):
        is_last = final and i == len(paragraphs) - 1
        out.append(Heading(para) if not is_last and _looks_like_heading(para) else Paragraph(para))
    return out


def _looks_like_heading(para: str) -> bool:
    """A short, title-like line: `Homs Liberated on Friday?`."""
    if "\n" in para or len(para) > 70 or para[-1] in ".,;:!\"”’'–—-)]" or not para[0].isupper():
        return False
    words = para.split()
    if not 2 <= len(words) <= 10:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return bool(content) and capitalised / len(content) >= 0.75


def _mark_lost_media(blocks: list[Block]) -> list[Block]:
    """A paragraph ending in ':' with nothing after it, or a heading, introduced lost media."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        out.append(block)
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            isinstance(block, Paragraph)
            and block.text.endswith(":")
            and (following is None or isinstance(following, Heading))
        ):
            kind = (
                "video"
                if _VIDEO.search(block.text)
                else "image"
                if _IMAGE.search(block.text)
                else "media"
            )
            out.append(LostMedia(kind=kind, after=block.text))
    return out


def _repair_splits(paragraphs: list[str]) -> tuple[list[str], list[Repair]]:
    """Join a paragraph cut mid-sentence by copying (`They are cu` / `rrently about…`)."""
    out: list[str] = []
    repairs: list[Repair] = []
    for para in paragraphs:
        previous = out[-1] if out else ""
        if (
            previous
            and previous[-1].isalpha()
            and previous[-1].islower()
            and para[0].islower()
            and not embed_rules.MEDIA_NOTE.match(para)
        ):
            head = previous.split()[-1]
            tail = para.split()[0]
            split_word = _is_word_fragment(head, tail)
            joined = previous + ("" if split_word else " ") + para
            after = (head + tail) if split_word else f"{head} {tail}"
            repairs.append(
                Repair(
                    kind="split-word" if split_word else "split-paragraph",
                    before=(head, tail),
                    after=after,
                )
            )
            out[-1] = joined
        else:
            out.append(para)
    return out, repairs


def _is_word_fragment(head: str, tail: str) -> bool:
    """Is `head` + `tail` one word cut in two? Short non-words, or a tail no word starts with."""
    if not head.isalpha() or not tail[0].isalpha():
        return False
    impossible_start = len(tail) > 1 and tail[0] == tail[1] and tail[0] not in "eo"
    return impossible_start or (len(head) <= 3 and head.lower() not in _SHORT_WORDS)


# ---------------------------------------------------------------------------- dates


def _resolve_dates(
    updates: list[Update],
    markers: list[_Marker],
    *,
    newest_date: date | None,
    year: int | None,
    timezone: tzinfo | None,
    path: object,
) -> None:
    """Give every update its day (and, when printed, its UTC time).

    Going down the page (back in time) a clock that goes *up* means the previous day.
    A day marker is the first update of its day: anything below it is earlier. Absolute
    dates come from `newest_date` (the --date flag) or else from the day markers, whose
    year comes from `year` or from the dates of the embedded posts.
    """
    offsets: list[int] = []  # days relative to the top of the page
    day_offset, last_minute = 0, None
    for marker in markers:
        if marker.clock is not None:
            minute = marker.clock.hour * 60 + marker.clock.minute
            if last_minute is not None and minute > last_minute:
                day_offset -= 1
            last_minute = minute
        elif marker.month_day is not None:
            last_minute = -1  # any clock below a day marker belongs to an earlier day
        offsets.append(day_offset)

    anchors = _date_anchors(updates, markers, newest_date, year, path)
    for i, update in enumerate(updates):
        anchor_index, anchor_day = _nearest_anchor(anchors, i)
        update.day = anchor_day + timedelta(days=offsets[i] - offsets[anchor_index])
        marker = markers[i]
        if marker.clock is not None:
            local = datetime.combine(update.day, marker.clock)
            if marker.offset is not None:  # the zone printed beside the time
                update.published = (local - marker.offset).replace(tzinfo=UTC)
            else:  # the page's zone, daylight saving time included
                update.published = local.replace(tzinfo=timezone).astimezone(UTC)


def _date_anchors(
    updates: list[Update],
    markers: list[_Marker],
    newest_date: date | None,
    year: int | None,
    path: object,
) -> list[tuple[int, date]]:
    if newest_date is not None:
        return [(0, newest_date)]
    day_markers = [(i, m) for i, m in enumerate(markers) if m.month_day is not None]
    if not day_markers:
        raise ConvertError(
            "cannot tell the date of the updates (no day marker such as 'UPDATE, DEC 7:'): "
            "pass --date YYYY-MM-DD, the date of the newest update",
            path=path,
        )
    if year is None:
        years = [e.posted.year for u in updates for e in u.embeds if e.posted is not None]
        if not years:
            raise ConvertError(
                "cannot tell the year (no dated embedded post): pass --year YYYY "
                "or --date YYYY-MM-DD, the date of the newest update",
                path=path,
                line=day_markers[0][1].line,
            )
        year = max(years)
    anchors = []
    for i, marker in day_markers:
        month, day = marker.month_day  # type: ignore[misc]
        try:
            anchors.append((i, date(year, month, day)))
        except ValueError:
            raise ConvertError(
                f"{marker.label} is not a date in {year}", path=path, line=marker.line
            ) from None
    return anchors


def _nearest_anchor(anchors: list[tuple[int, date]], index: int) -> tuple[int, date]:
    """The day marker that governs an update: the first at or below it, else the last above."""
    for anchor in anchors:
        if anchor[0] >= index:
            return anchor
    return anchors[-1]


# ---------------------------------------------------------------------------- anchors


def _assign_anchors(updates: list[Update]) -> None:
    """Stable anchors, numbered oldest first so that updates added later get the suffixes."""
    seen: dict[str, int] = {}
    for update in reversed(updates):
        if update.kind == "original":
            base = "original-entry"
        elif update.published is not None:
            base = f"update-{update.published:%Y-%m-%d-%H%M}"
        else:
            base = f"update-{update.day:%Y-%m-%d}"
        seen[base] = seen.get(base, 0) + 1
        update.anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
