"""An update's headline: its own headline line, or its first sentence.

- A subheading, or a first paragraph of one short line that does not end a sentence and is
  followed by more text (`Evacuation orders lifted for Pine Hollow`), is the headline.
- Otherwise the first sentence of the first paragraph. Abbreviations (U.S., Mr., Dr., St.,
  e.g., a.m.), initials (J. Smith) and decimals (2.5) do not end it; a closing quote after the
  full stop belongs to it.
- A one-word place before the first sentence (`Syria. Rebels have…`, EA WorldView's style) is a
  topic label: the headline is the sentence after it.
- An update of embedded posts only: its first post's first sentence.
"""

from __future__ import annotations

import re

from .model import Block, Embed, Heading, Paragraph

MAX_CHARS = 200  # a first sentence longer than this is cut at a word, with an ellipsis
_HEADLINE_CHARS = 120
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "prof",
        "gen",
        "maj",
        "lt",
        "col",
        "capt",
        "sgt",
        "rep",
        "sen",
        "gov",
        "pres",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "u.s.a",
        "e.u",
    ]
)
_CLOSERS = "\"'”’)]»"
_ENDS = ".!?"
_LINKS = ("pic.twitter.com", "http://", "https://", "t.co/")
# A full stop (or ! ?) with its closing quotes, before a space or the end: where a sentence
# may end (abbreviations aside). Scanned at C speed, then checked one by one.
_STOP = re.compile(r"[.!?][\"'”’)\]»]*(?= |$)")


def headline(blocks: list[Block]) -> str:
    """The headline of an update with these blocks ('' if it has no text at all)."""
    texts = [b for b in blocks if isinstance(b, Paragraph | Heading)]
    while (
        texts
        and (len(texts) > 1 or "\n" in texts[0].text.strip())
        and _NO_HEADLINE.fullmatch(texts[0].text.strip().split("\n")[0])
    ):
        # an icon's alt text (Eurosport's `Live comment icon`), an advertisement's label
        # (`article continues below`, the Canadian Press's pages): no headline; kept as text
        first, _, rest = texts[0].text.strip().partition("\n")
        texts = [Paragraph(rest), *texts[1:]] if rest.strip() else texts[1:]
    if texts and isinstance(texts[0], Heading):
        return " ".join(texts[0].text.split())
    if texts:
        first = texts[0].text
        more = len(texts) > 1 or any(isinstance(b, Embed) for b in blocks)
        if _is_headline_line(first) and more:
            return first.strip()
        label = first.strip()
        if more and label.endswith(":") and len(label.split()) <= 3 and "\n" not in label:
            return label[:-1].strip()  # a place label before posts (`Harbour City:`)
        line, _, rest = first.partition("\n")
        if rest.strip() and _is_headline_line(line):  # `Headline` / body, no blank between
            return line.strip()
        return first_sentence(" ".join(first.split()), topic_label=True)
    embed = next((b for b in blocks if isinstance(b, Embed) and b.text.strip()), None)
    if embed is not None:
        return first_sentence(" ".join(embed.text.split()))
    return ""


_NO_HEADLINE = re.compile(
    r"(?:[\w’'-]+ ){0,3}icon|(?:article|story) continues below|advertisement"
    r"|continue reading(?: below)?",
    re.I,
)


def _is_headline_line(text: str) -> bool:
    line = text.strip()
    return (
        "\n" not in line
        and 0 < len(line) <= _HEADLINE_CHARS
        and line[-1] not in _ENDS + ":,;"
        and not (line[-1] in _CLOSERS and line[-2:-1] in tuple(_ENDS))
    )


def first_sentence(text: str, *, topic_label: bool = False) -> str:
    """The first sentence of `text` (whitespace already collapsed)."""
    end = _sentence_end(text, 0)
    if topic_label and end is not None:
        label = text[: end - 1]
        if label.isalpha() and label[:1].isupper() and end < len(text):
            following = _sentence_end(text, end + 1)
            rest = text[end + 1 :]
            if rest[:1].isupper():
                sentence = rest[: following - end - 1] if following is not None else rest
                return _cut(sentence)
    sentence = text[:end] if end is not None else text
    return _cut(sentence)


def _sentence_end(text: str, start: int) -> int | None:
    """The index just past the first sentence from `start`, or None if it runs to the end."""
    for found in _STOP.finditer(text, start):
        end = found.end()
        if end >= len(text):
            return end
        if _abbreviation(text, start, found.start()):
            continue
        following = text[end + 1 : end + 2]
        if following and (
            following.isupper()
            or following.isdigit()
            or not following.isalpha()
            or text.startswith(_LINKS, end + 1)  # `… outage. pic.twitter.com/x`
        ):
            return end
    return None


def _abbreviation(text: str, start: int, dot: int) -> bool:
    """Is the full stop at `dot` part of an abbreviation, an initial or a number?"""
    if text[dot] != ".":
        return False
    word_start = text.rfind(" ", start, dot) + 1
    word = text[word_start:dot].lstrip("(\"'“‘").lower()
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return True
    return "." in word and all(len(part) <= 1 for part in word.split("."))  # U.S, e.g


def _cut(sentence: str) -> str:
    sentence = sentence.strip()
    if len(sentence) <= MAX_CHARS:
        return sentence
    return sentence[:MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"
