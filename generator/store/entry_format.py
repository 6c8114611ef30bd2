"""The Markdown entry format, both ways: text → escaped Markdown, and the `:::` blocks.

An entry body is ordinary Markdown plus two kinds of block an editor can read and fix
by hand:

    ::: embed
    platform: bluesky
    author: Qusay Noor
    handle: qusaynoor.bsky.social
    posted: 2024-12-07T16:42
    printed-date: December 7, 2024 at 4:42 PM
    profile: https://bsky.app/profile/qusaynoor.bsky.social
    media: [image or embed]

    The post's text, as copied.
    :::

    ::: lost-media image
    An image appeared here in the original; it was lost when the page was copied.
    :::

The writer produces them (`embed_block`, `lost_media_block`); the Markdown extension and
`check` read them back (`read_blocks`). Text inside a block is literal, never Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

FENCE = ":::"
# `url:` is the post's own address; `profile:` its author's page (all a copy usually gives).
EMBED_FIELDS = (
    "platform",
    "author",
    "handle",
    "posted",
    "printed-date",
    "url",
    "profile",
    "media",
)
LOST_MEDIA_TEXT = {
    "image": "An image appeared here in the original; it was lost when the page was copied.",
    "video": "A video appeared here in the original; it was lost when the page was copied.",
    "media": "A photo or video appeared here in the original; it was lost when the page "
    "was copied.",
}

_OPEN = re.compile(r"^:::[ \t]*(?P<name>[a-z-]+)(?:[ \t]+(?P<arg>\S+))?[ \t]*$")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# `_` inside a word (Eastern_Ghouta) is not emphasis in Python-Markdown: leave it readable.
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]]|(?<!\w)_|_(?!\w))")
_INLINE_CHARS = re.compile(r"[\\`*\[\]_]")
_LINE_START_SPECIAL = re.compile(r"^([#>+\-=:|~])", re.MULTILINE)
_ORDERED_LIST = re.compile(r"^(\d+)([.)])", re.MULTILINE)


# ---------------------------------------------------------------------------- text → Markdown


def escape_markdown(text: str, *, heading: bool = False) -> str:
    """Plain text → Markdown that renders as exactly that text (no markup, no raw HTML).
    Each line stripped; the escapes made over the whole text at once (the same as line by
    line: none crosses a line's end; those of a line's start are MULTILINE)."""
    text = "\n".join(line.strip() for line in text.split("\n"))
    if _INLINE_CHARS.search(text):  # most sentences have none: one quick scan
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
    if "&" in text:
        text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    if heading:
        text = text.replace("#", r"\#")
    text = _LINE_START_SPECIAL.sub(r"\\\1", text)
    return _ORDERED_LIST.sub(r"\1\\\2", text)


def _literal_line(line: str) -> str:
    """Text inside a block: only a line that could close or open a block needs care."""
    return "\\" + line if line.lstrip().startswith((FENCE, "\\")) else line


def _unliteral_line(line: str) -> str:
    return line[1:] if line.startswith("\\") else line


def embed_block(fields: dict[str, str], text: str) -> str:
    header = [f"{name}: {_one_line(fields[name])}" for name in EMBED_FIELDS if fields.get(name)]
    body = [_literal_line(line) for line in text.split("\n")]
    return "\n".join([f"{FENCE} embed", *header, "", *body, FENCE])


def lost_media_block(kind: str, description: str | None = None) -> str:
    text = description or LOST_MEDIA_TEXT[kind]
    return "\n".join([f"{FENCE} lost-media {kind}", _literal_line(_one_line(text)), FENCE])


def _one_line(value: str) -> str:
    return " ".join(value.split())


# ---------------------------------------------------------------------------- Markdown → blocks


@dataclass
class ParsedBlock:
    """A `:::` block read back from an entry."""

    name: str
    arg: str | None
    line: int  # 1-based, within the text given to `read_blocks`
    fields: dict[str, str] = field(default_factory=dict)
    text: str = ""
    closed: bool = True
    end_line: int = 0


def read_blocks(lines: list[str]) -> Iterator[tuple[int, int, ParsedBlock]]:
    """Yield (first index, index after, block) for every `:::` block in a list of lines."""
    index = 0
    while index < len(lines):
        opened = _OPEN.match(lines[index])
        if not opened:
            index += 1
            continue
        start = index
        block = ParsedBlock(name=opened["name"], arg=opened["arg"], line=start + 1)
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != FENCE:
            body.append(lines[index])
            index += 1
        block.closed = index < len(lines)
        block.end_line = index + 1
        _fill(block, body)
        yield start, min(index + 1, len(lines)), block
        index += 1


def _fill(block: ParsedBlock, body: list[str]) -> None:
    if block.name == "embed":
        split = body.index("") if "" in body else len(body)
        for line in body[:split]:
            name, sep, value = line.partition(":")
            if sep:
                block.fields[name.strip().lower()] = value.strip()
        body = body[split + 1 :]
    block.text = "\n".join(_unliteral_line(line) for line in body).strip("\n")
