"""Social posts copied as text: `text…`, `[image or embed]`, `— Name (@handle) date`."""

from __future__ import annotations

import re
from datetime import datetime

from .model import Embed, Platform

# The line a copied embed ends with. The dash is an em dash in Bluesky's and X's copy.
ATTRIBUTION = re.compile(
    r"^[ \t]*[—–][ \t]*(?P<author>.*?)[ \t]*\(@(?P<handle>[^()\s]+)\)[ \t]*(?P<date>.*?)[ \t]*$"
)
# What a copied media card leaves behind.
MEDIA_NOTE = re.compile(r"^[ \t]*\[(?:image or embed|image|video|embedded content)\][ \t]*$")

# Bluesky posts are at most 300 characters, X posts 280: text before the card beyond that
# is the editor's, not the post's.
MAX_POST_CHARS = {"bluesky": 300, "x": 280, "unknown": 300}

_DATE_FORMATS = ("%B %d, %Y at %I:%M %p", "%B %d, %Y", "%b %d, %Y at %I:%M %p", "%b %d, %Y")
_X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")


def parse_posted(printed: str) -> datetime | None:
    """`December 7, 2024 at 4:42 PM` → 2024-12-07 16:42 (zone not stated by the copy)."""
    cleaned = re.sub(r"\s+", " ", printed.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)
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


def make_embed(text_paragraphs: list[str], media_note: str, attribution: re.Match[str]) -> Embed:
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
