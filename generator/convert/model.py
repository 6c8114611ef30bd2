"""The data model: a live blog and its updates, as parsed from a raw post.

The parser fills these; the writer and the JSON export read them. Nothing here renders.
Updates are kept newest first whatever order the page ran in (`LiveBlog.order` says which):
the site, the checker and the writer rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

UpdateKind = Literal["update", "day-opener", "original"]
Platform = Literal[
    "bluesky", "x", "instagram", "youtube", "facebook", "telegram", "mastodon", "unknown"
]
Order = Literal["newest", "oldest"]


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
    # As printed, the copy does not say in which zone; a date alone when only a date was
    # printed (`November 4, 2020`): a time is never invented.
    posted: datetime | date | None
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
    """One update of a live blog."""

    position: int  # 1 = newest
    kind: UpdateKind
    label: str  # the marker as printed, e.g. "1737 GMT", "DEC 7", "ORIGINAL ENTRY"
    line: int  # line of the marker in the source (1-based)
    blocks: list[Block] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    title: str = ""  # its headline (see headline.py); "" when it has no text
    # Resolved by date inference:
    day: date | None = None  # the local day (the page's zone)
    local: datetime | None = None  # aware, in the page's zone; None when no time was printed
    published: datetime | None = None  # the same instant in UTC; None when no time was printed
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


@dataclass(frozen=True)
class TextLine:
    """A line of the source the import noted (a stamp kept as text, a roll-over, chrome)."""

    line: int
    text: str
    reason: str = ""


@dataclass
class ImportReport:
    """What the import found, for the person who runs it to review (one fact a line)."""

    updates: int = 0
    first_local: datetime | date | None = None  # the oldest update's local time (or day)
    last_local: datetime | date | None = None  # the newest
    order: Order = "newest"
    order_source: str = ""  # "detected from …", "--order", "style …"
    timezone: str | None = None
    timezone_source: str = ""
    style: str = ""
    days_source: str = ""  # what dated the updates: the page's dates, its dateline, --date
    title_source: str = ""  # how the title was chosen: --title, self-named, or a guess
    rollovers: list[TextLine] = field(default_factory=list)  # each day change, at its line
    kept_as_text: list[TextLine] = field(default_factory=list)  # stamps that opened nothing
    preamble: list[TextLine] = field(default_factory=list)  # page chrome before the updates
    embeds: int = 0
    lost_media: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class LiveBlog:
    """A whole live blog: its header and its updates, newest first whatever the page's order."""

    slug: str
    title: str
    standfirst: str
    lead_image: LeadImage | None
    updates: list[Update]
    source_url: str | None = None
    publisher: str | None = None
    order: Order = "newest"  # how the page ran
    timezone: str | None = None  # IANA name of the page's zone (None: no time was printed)
    preamble: list[TextLine] = field(default_factory=list)  # chrome lines kept, not the title
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def coverage_start(self) -> date | datetime | None:
        return _moment(self.updates[-1]) if self.updates else None

    @property
    def coverage_end(self) -> date | datetime | None:
        return _moment(self.updates[0]) if self.updates else None


def _moment(update: Update) -> date | datetime | None:
    return update.local if update.local is not None else update.day
