"""The data model: a live blog and its updates, as parsed from a raw post.

The parser fills these; the writer and the JSON export read them. Nothing here renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

UpdateKind = Literal["update", "day-opener", "original"]
Platform = Literal["bluesky", "x", "unknown"]


@dataclass(frozen=True)
class LeadImage:
    """The lead photo: only its caption and credit survive a copy of the page."""

    caption: str
    credit: str


@dataclass(frozen=True)
class Embed:
    """A social post that was embedded in an update and copied as text."""

    platform: Platform
    author: str
    handle: str
    posted: datetime | None  # as printed; the copy does not say which time zone
    posted_as_printed: str
    text: str
    url: str | None
    media_note: str  # the copy's placeholder line, e.g. "[image or embed]" (empty if none)


@dataclass(frozen=True)
class LostMedia:
    """Media (photo, video) the original showed that did not survive copying."""

    kind: Literal["image", "video", "media"]
    after: str  # the paragraph that introduced it, e.g. "A snapshot from Hama:"


@dataclass(frozen=True)
class Repair:
    """An editorial repair of damage done by copying (never of the original's own typos)."""

    kind: Literal["split-word", "split-paragraph"]
    before: tuple[str, str]  # the two fragments as copied
    after: str  # what the archive shows


@dataclass(frozen=True)
class Heading:
    """A subheading inside an update (a short, title-like line)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


Block = Paragraph | Heading | Embed | LostMedia


@dataclass
class Update:
    """One update of a live blog, in page order (newest first)."""

    position: int  # 1 = top of the page
    kind: UpdateKind
    label: str  # the marker as printed, e.g. "1737 GMT", "DEC 7", "ORIGINAL ENTRY"
    line: int  # line of the marker in the source (1-based)
    blocks: list[Block] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    # Resolved by date inference:
    day: date | None = None
    published: datetime | None = None  # UTC; None when the time is unknown
    anchor: str = ""

    @property
    def time_known(self) -> bool:
        return self.published is not None

    @property
    def embeds(self) -> list[Embed]:
        return [b for b in self.blocks if isinstance(b, Embed)]

    @property
    def lost_media(self) -> list[LostMedia]:
        return [b for b in self.blocks if isinstance(b, LostMedia)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


@dataclass
class LiveBlog:
    """A whole live blog: its header and its updates, newest first as published."""

    slug: str
    title: str
    standfirst: str
    lead_image: LeadImage | None
    updates: list[Update]
    source_url: str | None = None
    publisher: str | None = None

    @property
    def coverage_start(self) -> date | datetime | None:
        return _moment(self.updates[-1]) if self.updates else None

    @property
    def coverage_end(self) -> date | datetime | None:
        return _moment(self.updates[0]) if self.updates else None


def _moment(update: Update) -> date | datetime | None:
    return update.published if update.published is not None else update.day
