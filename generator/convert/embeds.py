"""Social posts copied as text: `text…`, `[image or embed]`, `— Name (@handle) date`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .model import Embed, Platform

_DASHES = "—–"
_HANDLE_STOP = frozenset("() \t\n\r\f\v")


@dataclass(frozen=True)
class Attribution:
    """The line a copied post ends with: `— Name (@handle) date` (em dash in Bluesky's and
    X's copy). Read by hand, not by a regex: a line of 40 KB of `(@h)` groups is read in
    one pass."""

    author: str
    handle: str
    date: str

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


def read_attribution(line: str) -> Attribution | None:
    """`— Qusay Noor (@qusaynoor.bsky.social) December 7, 2024 at 4:42 PM`, or None."""
    start = len(line) - len(line.lstrip(" \t"))
    if line[start : start + 1] not in _DASHES or not line[start : start + 1]:
        return None
    author_at = start + 1
    search = author_at
    while (at := line.find("(@", search)) != -1:
        end = at + 2
        while end < len(line) and line[end] not in _HANDLE_STOP:
            end += 1
        if end > at + 2 and line[end : end + 1] == ")":
            return Attribution(
                author=line[author_at:at].strip(" \t"),
                handle=line[at + 2 : end],
                date=line[end + 1 :].strip(" \t"),
            )
        search = end if end > at + 2 else at + 2
    return None


# What a copied media card leaves behind.
MEDIA_NOTE = re.compile(r"^[ \t]*\[(?:image or embed|image|video|embedded content)\][ \t]*$")

# Bluesky posts are at most 300 characters, X posts 280: text before the card beyond that
# is the editor's, not the post's.
MAX_POST_CHARS = {"bluesky": 300, "x": 280, "unknown": 300}

_DATETIME_FORMATS = ("%B %d, %Y at %I:%M %p", "%b %d, %Y at %I:%M %p")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y")
_X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_SPACES = re.compile(r"\s+")


def parse_posted(printed: str) -> datetime | date | None:
    """`December 7, 2024 at 4:42 PM` → 2024-12-07 16:42 (zone not stated by the copy);
    `November 4, 2020` → the date alone: a time that was not printed is not invented."""
    cleaned = _SPACES.sub(" ", printed.strip())
    if len(cleaned) > 40:
        return None
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def platform_of(handle: str, has_media_note: bool) -> Platform:
    if handle.endswith(".bsky.social"):
        return "bluesky"
    if "." in handle and has_media_note:
        return "bluesky"  # custom-domain handle; the card text is Bluesky's
    if _X_HANDLE.match(handle):
        return "x"
    return "unknown"


_SAFE_HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def profile_url(platform: Platform, handle: str) -> str | None:
    """The profile a handle names, only for handles that are plainly a handle."""
    if not _SAFE_HANDLE.match(handle):
        return None
    if platform == "bluesky":
        return f"https://bsky.app/profile/{handle}"
    if platform == "x":
        return f"https://x.com/{handle}"
    return None


def make_embed(text_paragraphs: list[str], media_note: str, attribution: Attribution) -> Embed:
    handle = attribution["handle"]
    platform = platform_of(handle, bool(media_note))
    return Embed(
        platform=platform,
        author=attribution["author"],
        handle=handle,
        posted=parse_posted(attribution["date"]),
        posted_as_printed=attribution["date"],
        text="\n\n".join(text_paragraphs),
        url=profile_url(platform, handle),
        media_note=media_note,
    )


def post_paragraph_count(paragraphs: list[str], platform: Platform) -> int:
    """How many of the paragraphs just before a card belong to the post (one, if any).

    Walk back from the card while the text fits the platform's length limit; stop at a
    paragraph ending in ':' (the editor's lead-in) and never take the update's first
    paragraph unless it is the only one (an update opens with the editor's words).
    """
    limit = MAX_POST_CHARS[platform]
    taken, length = 0, -2
    for index in range(len(paragraphs) - 1, -1, -1):
        para = paragraphs[index]
        if taken and (para.rstrip().endswith(":") or index == 0):
            break
        length += len(para) + 2
        if taken and length > limit:
            break
        taken += 1
    return taken
