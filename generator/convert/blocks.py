"""An update's text → blocks: paragraphs, subheadings, embedded posts, lost media.

Copy damage is repaired and recorded (`Repair`), never the original's own typos. Nothing is
dropped: what cannot be classified stays a paragraph.
"""

from __future__ import annotations

import re

from . import embeds as embed_rules
from .model import Block, Heading, LostMedia, Paragraph, Repair

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n[\s]*")


def paragraphs(body: str, *, printer_view: bool = False) -> list[str]:
    """Blank-line separated paragraphs (each line, in a printer view), right-stripped."""
    out = []
    for chunk in body.split("\n") if printer_view else _PARAGRAPH_BREAK.split(body):
        lines = [ln.rstrip() for ln in chunk.strip("\n").split("\n")]
        para = "\n".join(lines).strip()
        if para:
            out.append(para)
    return out


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


def parse_blocks(paragraphs: list[str]) -> tuple[list[Block], list[Repair]]:
    """Paragraphs of one update → blocks; copy damage repaired and recorded."""
    paragraphs, repairs = _repair_splits(_split_signatures(paragraphs))
    blocks: list[Block] = []
    pending: list[str] = []  # paragraphs not yet placed, in case a post's card follows
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        media = embed_rules.MEDIA_NOTE.match(para)
        card_end = index + 1 if media and index + 1 < len(paragraphs) else index
        card = paragraphs[card_end]
        attribution = None if "\n" in card else embed_rules.read_attribution(card)
        if attribution:
            media_note = para.strip() if media else ""
            platform = embed_rules.platform_of(attribution["handle"], bool(media_note))
            split = len(pending) - embed_rules.post_paragraph_count(pending, platform)
            blocks.extend(_text_blocks(pending[:split], final=False))
            blocks.append(embed_rules.make_embed(pending[split:], media_note, attribution))
            pending = []
            index = card_end + 1
            continue
        gate = embed_rules.consent_gate(paragraphs, index)
        if gate is not None:
            blocks.extend(_text_blocks(pending, final=False))
            blocks.append(gate[0])
            pending = []
            index = gate[1]
            continue
        card_only = embed_rules.link_card(para)
        if card_only is not None:
            blocks.extend(_text_blocks(pending, final=False))
            blocks.append(card_only)
            pending = []
            index += 1
            continue
        pending.append(para)
        index += 1
    blocks.extend(_text_blocks(pending, final=True))
    return _mark_lost_media(blocks), repairs


def _split_signatures(paragraphs: list[str]) -> list[str]:
    """A post's signature on its own paragraph, where the copy left it on the post's last
    line (`… pic.twitter.com/x — Name (@h) June 7, 2020`) or under its text with no blank line."""
    out: list[str] = []
    for para in paragraphs:
        head, _, last = para.rpartition("\n")
        if head and embed_rules.read_attribution(last) is not None:
            out += [head, last]
            continue
        at = embed_rules.inline_signature(last)
        if at is None:
            out.append(para)
            continue
        text = (head + "\n" if head else "") + last[:at].rstrip()
        if text.strip():
            out.append(text)
        out.append(last[at:])
    return out


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
    """Join a paragraph cut mid-sentence by copying (`They are cu` / `rrently about…`).

    The pieces of a joined paragraph are gathered and joined once: joining them one by one
    would copy the paragraph again for each piece (quadratic on 40,000 lowercase lines).
    """
    groups: list[list[str]] = []
    repairs: list[Repair] = []
    last_word = ""  # the joined paragraph's last word (`b` + `b` + `a`: `bb`, then `bba`)
    for para in paragraphs:
        previous = groups[-1][-1] if groups else ""
        if (
            previous
            and previous[-1].isalpha()
            and previous[-1].islower()
            and para[0].islower()
            and not embed_rules.MEDIA_NOTE.match(para)
        ):
            # whether the word was cut is told by the piece above; the repair records
            # the whole word it ends (a word cut in three pieces is one word)
            tail = para.split(None, 1)[0]
            split_word = _is_word_fragment(previous.rsplit(None, 1)[-1], tail)
            head = last_word
            after = (head + tail) if split_word else f"{head} {tail}"
            repairs.append(
                Repair(
                    kind="split-word" if split_word else "split-paragraph",
                    before=(head, tail),
                    after=after,
                )
            )
            groups[-1].append(para if split_word else " " + para)
            alone = tail == para.strip()  # the piece is one word: the joined word goes on
            last_word = after if split_word and alone else para.rsplit(None, 1)[-1]
        else:
            groups.append([para])
            last_word = (para.rsplit(None, 1) or [""])[-1]
    return ["".join(group) for group in groups], repairs


def _is_word_fragment(head: str, tail: str) -> bool:
    """Is `head` + `tail` one word cut in two? Short non-words, or a tail no word starts with."""
    if not head.isalpha() or not tail[0].isalpha():
        return False
    impossible_start = len(tail) > 1 and tail[0] == tail[1] and tail[0] not in "eo"
    return impossible_start or (len(head) <= 3 and head.lower() not in _SHORT_WORDS)
