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
    text = "\n\n".join(text_paragraphs)
    printed = _POST_URL.search(text)  # the post's own address, where the copy kept it
    return Embed(
        platform=platform,
        author=attribution["author"],
        handle=handle,
        posted=parse_posted(attribution["date"]),
        posted_as_printed=attribution["date"],
        text=text,
        url=printed.group() if printed else profile_url(platform, handle),
        media_note=media_note,
    )


_POST_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter\.com|x\.com)/[A-Za-z0-9_]{1,15}/status/\d+"
    r"|https?://bsky\.app/profile/[A-Za-z0-9.:-]+/post/[A-Za-z0-9]+"
)


def inline_signature(line: str) -> int | None:
    """Where a signature starts when it follows the post's text on the same line, as copies
    of X posts print them (`… pic.twitter.com/x — Name (@handle) June 7, 2020`), or None.
    Only a signature whose date reads as a date counts: a dash in prose is not one."""
    at = line.rfind(" — ")
    if at <= 0:
        return None
    found = read_attribution(line[at + 1 :])
    if found is None or parse_posted(found.date) is None:
        return None
    return at + 1


# Links to posts on platforms whose embeds copy as a bare address: a link card each.
_LINK_CARDS: tuple[tuple[Platform, re.Pattern[str]], ...] = (
    (
        "instagram",
        re.compile(
            r"^https?://(?:www\.)?instagram\.com/(?:([A-Za-z0-9_.]+)/)?(?:p|reel|tv)/([\w-]+)/?\S*$"
        ),
    ),
    (
        "youtube",
        re.compile(
            r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?v=|shorts/|live/)|youtu\.be/)"
            r"()([\w-]{6,})\S*$"
        ),
    ),
    (
        "facebook",
        re.compile(
            r"^https?://(?:www\.|m\.)?facebook\.com/([\w.-]+)/(?:posts|videos|photos)/([\w.-]+)/?\S*$"
        ),
    ),
    ("telegram", re.compile(r"^https?://t\.me/([A-Za-z0-9_]{3,})/(\d+)/?$")),
    ("mastodon", re.compile(r"^https?://([a-z0-9.-]+\.[a-z]{2,})/@([A-Za-z0-9_]+)/(\d+)/?$")),
)


def link_card(paragraph: str) -> Embed | None:
    """A paragraph that is only the address of a post on Instagram, YouTube, Facebook,
    Telegram or Mastodon: a card with its URL (nothing else of the post survived)."""
    text = paragraph.strip()
    if len(text) > 300 or not text.startswith("http") or any(ch.isspace() for ch in text):
        return None
    for platform, pattern in _LINK_CARDS:
        found = pattern.match(text)
        if found is None:
            continue
        # the account (user@server on Mastodon), else the post's id as printed
        handle = f"{found[2]}@{found[1]}" if platform == "mastodon" else found[1] or found[2]
        return Embed(
            platform=platform,
            author=platform.capitalize() if platform != "youtube" else "YouTube",
            handle=handle,
            posted=None,
            posted_as_printed="",
            text="",
            url=text,
            media_note="",
        )
    return None


# A post the page showed only behind a consent gate, as the BBC prints it since about
# 2019: `Skip instagram post` (or `… post by Vale Council`), the gate's lines (`Allow
# Instagram content?`, `View original content on Instagram`, a notice), then `End of
# instagram post`; nothing of the post itself is in the copy.
_GATE_START = re.compile(r"^Skip (\w+) post(?: by (.{1,100}))?$", re.I)
_GATE_END = re.compile(r"^End of (\w+) post(?: by .{1,100})?$", re.I)
_GATE_PLATFORMS: dict[str, Platform] = {
    "twitter": "x",
    "x": "x",
    "instagram": "instagram",
    "facebook": "facebook",
    "youtube": "youtube",
    "bluesky": "bluesky",
    "telegram": "telegram",
    "mastodon": "mastodon",
}
_GATE_MAX_PARAGRAPHS = 8
_AUTHORS: dict[Platform, str] = {"x": "X", "youtube": "YouTube"}


def consent_gate(paragraphs: list[str], start: int) -> tuple[Embed, int] | None:
    """The consent gate opening at `paragraphs[start]`: a card for the post behind it,
    its lines kept as the card's note (they are all the copy has of it), and the index of
    the paragraph after it; None if no gate opens there."""
    first = paragraphs[start].strip().split("\n", 1)[0].strip()
    opened = _GATE_START.match(first)
    if opened is None:
        return None
    word = opened[1].lower()
    for end in range(start, min(start + _GATE_MAX_PARAGRAPHS, len(paragraphs))):
        last = paragraphs[end].strip().rsplit("\n", 1)[-1].strip()
        closed = _GATE_END.match(last)
        if closed is None or closed[1].lower() != word or (end == start and last == first):
            continue
        lines = [line.strip() for para in paragraphs[start : end + 1] for line in para.splitlines()]
        platform = _GATE_PLATFORMS.get(word, "unknown")
        embed = Embed(
            platform=platform,
            author=(opened[2] or "").strip() or _AUTHORS.get(platform, platform.capitalize()),
            handle="",
            posted=None,
            posted_as_printed="",
            text="",
            url=None,
            media_note=" / ".join(line for line in lines if line),
        )
        return embed, end + 1
    return None


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
