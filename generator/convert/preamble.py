"""What comes before the first update: the lead photo, the title, the standfirst, and the
page's furniture (bylines, 'Updated: …', 'Live Reporting', 'Sort by', photo credits…).

Nothing here is dropped: the title and standfirst are the live blog's own fields, every
other line is kept in `LiveBlog.preamble` (and shown in the report), never as the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ConvertError
from .clock import find_date, read_zone_statement
from .model import LeadImage, TextLine

_CREDIT = re.compile(r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]+)\)\s*$", re.S)
# Whole lines that are a page's furniture, not its words.
_FURNITURE = re.compile(
    r"^(?:live|live updates\s*\|?|live reporting|key points|summary|sort by:?|read more|"
    r"auto updates|search|weather|uk|world|breaking|advertisement|share|copy link|"
    r"show (?:oldest|latest|newest) updates(?: on top| first)?|\d+ (?:updates|posts)|"
    r"blog is now closed|please note|skip to .+|.*sort by (?:latest|oldest).*)$",
    re.I,
)
# `Updated` in the languages whose dates are read (Krisinformation's `Uppdaterades`)
UPDATED_WORDS = r"uppdaterad|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt"
_FURNITURE_START = re.compile(
    r"^(?:updated\b|last updated\b|published\b|first published\b|by [A-Z]|watch [A-Z]|"
    r"see also\b|related\b|new [A-Z]|receive our\b|sign up\b|follow @|click here\b|"
    r"clicca qui\b|cliquez ici\b|hier klicken\b|"
    r"why you can trust\b|live reporting by\b|send in\b|editors? note\b|welcome to\b|"
    rf"please refresh\b|live stream|piwik\b|{UPDATED_WORDS})",
    re.I,
)
_PHOTO = re.compile(
    r"(?:photograph:|photo:|foto:|\(photo by [^)]*\)|credit:|pic:|/ ?AFP|\(photo credit"
    r"|(?:\bAFP|\bAP|\bReuters|getty images|associated press)\)?\s*$)",
    re.I,
)
TITLE_WORDS = re.compile(
    r"\blive(?:blog|ticker)?\b|\blatest\b|as it happened|minute[- ]by[- ]minute", re.I
)
# A first line that ends with a photo's credit (`… Live Score and updates Photograph: AFP`)
_GLUED_CREDIT = re.compile(
    r"(?P<title>\S+(?:\s+\S+){2,}?)\s+(?P<credit>(?:Photograph|Photo|Picture|Foto):\s*\S+(?:\s+\S+){0,4})$"
)
_TITLE_LOOKAHEAD = 6  # a title naming itself a live blog may follow five other lines
# Among those, a title that names itself before a colon (`The Latest: …`, `Ukraine war
# live: …`), the way live blogs are titled, comes first (WBRZ: a menu's `Latest Weather
# Blog` above AP's `The Latest: …`).
_NAMED_BEFORE_COLON = re.compile(
    f"(?:{TITLE_WORDS.pattern})" + r"(?:[ \t]+(?:updates?|blog|coverage|news))?[ \t]*:", re.I
)  # not `Live text reporter: Hana Okafor` (a credit)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Preamble:
    title: str
    standfirst: str
    lead: LeadImage | None
    furniture: list[TextLine]
    title_from: str = "--title"  # how the title was chosen, for the report


def is_furniture(line: str) -> bool:
    """A line of the page's furniture (also: a dateline, a zone statement, a photo credit)."""
    text = _LIST_NUMBER.sub("", line.strip().lstrip("•·*-– ").strip())  # `1. Skip to content`
    if not text:
        return True
    if _FURNITURE.match(text) or _FURNITURE_START.match(text) or _PHOTO.search(text):
        return True
    if text.count(" | ") >= 2:  # a menu: `RTÉ Radio | RTÉ Results Centre Webcams | …`
        return True
    if read_zone_statement(text) is not None:
        return True
    return _is_dateline(text)


def _is_dateline(text: str) -> bool:
    """`Fri 16 Jul 2021 21.05 BST`, `Tuesday`, `Oct132009`: a date and little else."""
    if len(text) > 40:
        return False
    if text.lower().rstrip(",") in (
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    ):
        return True
    found = find_date(text)
    return found is not None and sum(ch.isalpha() for ch in text) <= 20


def is_photo_credit(text: str) -> bool:
    """A photo's credit line, or a caption that ends with one (`… Hector Retamal/AFP/Getty
    Images`)."""
    return bool(_PHOTO.search(text)) or text.lower() in ("associated press", "reuters", "afp")


def preamble_blocks(text: str) -> list[tuple[int, str, bool]]:
    """The lines above the first update (furniture comes a line at a time), each with its
    line number and whether a blank line comes before it."""
    blocks: list[tuple[int, str, bool]] = []
    gap = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            gap = True
            continue
        blocks.append((number, line.strip(), gap))
        gap = False
    return blocks


def read_preamble(
    blocks: list[tuple[int, str, bool]],
    first_marker_line: int,
    path: object,
    title: str | None,
    standfirst: str | None,
    printer_view: bool = False,
) -> Preamble:
    """`blocks` from `preamble_blocks`; `title` and `standfirst` override the page's."""
    lead = None
    if len(blocks) >= 2 and blocks[0][1].rstrip().endswith(")") and len(blocks[0][1]) < 2000:
        credit = _CREDIT.match(blocks[0][1])
        # a credit names someone (`(AP)`, `(Photo/Rick Bowmer)`); `(0700-1500)` is a title's
        if credit and not TITLE_WORDS.search(blocks[0][1]) and _LETTER.search(credit["credit"]):
            lead = LeadImage(caption=credit["caption"], credit=credit["credit"].strip())
            blocks = blocks[1:]
    credit_line = None
    if blocks and (glued := _GLUED_CREDIT.match(blocks[0][1])):
        # WION: 'ENG vs WI, 1st Test Day 2, Live Score and updates Photograph: AFP', the lead
        # photo's credit glued to the title: the title, and the credit kept as furniture
        number, _, gap = blocks[0]
        blocks = [(number, glued["title"], gap), *blocks[1:]]
        credit_line = TextLine(number, glued["credit"])
    used: set[int] = set()
    title_from = "--title"
    title_at, named = _title_index(blocks) if title is None else (None, False)
    if title is None:
        if title_at is None:
            raise ConvertError(
                "no title before the first update marker (only page furniture, lead-ins "
                "ending with ':' and paragraphs of prose): put the live blog's title on a "
                "line of its own above it, or pass --title",
                path=path,
                line=first_marker_line,
            )
        title = blocks[title_at][1]
        title_from = f"line {blocks[title_at][0]}, " + (
            "which names itself a live blog"
            if named
            else "a guess: the first line that could be a title; --title if not"
        )
        used.add(title_at)
    after_title = max(used) + 1 if used else 0
    if title_at is not None and after_title < len(blocks) and blocks[after_title][1] == title:
        after_title += 1  # the copy repeats the page's heading: kept as furniture
    if standfirst is None:
        standfirst = ""
        if title_at is not None:
            found = _standfirst_index(blocks, after_title, printer_view)
            if found is not None:
                standfirst = blocks[found][1]
                used.add(found)
    furniture = [
        TextLine(line, text) for index, (line, text, _) in enumerate(blocks) if index not in used
    ]
    if credit_line is not None:
        furniture.insert(0, credit_line)
    return Preamble(title, standfirst, lead, furniture, title_from)


def _title_index(blocks: list[tuple[int, str, bool]]) -> tuple[int | None, bool]:
    """The first line that names itself a live blog among the first few that may be a
    title (and True: it named itself); else the first of those with four words or more;
    else the first of them. None: the page has no title (only furniture, lead-ins and
    prose), and the user is asked."""
    words = [i for i, (_, text, _) in enumerate(blocks) if _may_be_title(text)]
    for index in words[:_TITLE_LOOKAHEAD]:  # `The Latest: …`, `Ukraine war live: …`
        if _NAMED_BEFORE_COLON.search(blocks[index][1]):
            return index, True
    for index in words[:_TITLE_LOOKAHEAD]:
        text = blocks[index][1]
        if TITLE_WORDS.search(text) and not text.endswith("."):  # a title, not a sentence
            return index, True
    for index in words:
        if len(blocks[index][1].split()) >= 4:
            return index, False
    return (words[0] if words else None), False


# A lead-in trails off (`Election Day …`); a French headline may end `l'épidémie...`.
_LEAD_IN_ENDS = (":", " …", " ...")
_LIST_NUMBER = re.compile(r"^\d{1,2}[.)][ \t]+")
_PROSE_WORDS = 12  # a sentence of more words, ending with a full stop, is a paragraph
_SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?] [A-Z]")  # 'This coverage has ended. Follow…'


def _may_be_title(text: str) -> bool:
    """Not furniture, not a lead-in ('Catch LIVE Updates Below:', 'Here’s the latest on
    Election Day …'), not a paragraph of prose (FPJ's and ETV Bharat's copies have no
    title, and their first paragraph is none either: the user is asked for one)."""
    letters = sum(ch.isalpha() for ch in text)
    if is_furniture(text) or letters * 2 < len(text.replace(" ", "")):
        return False  # a title is mostly words: `• 21 // Abr // 2025` is a date
    if letters < 3 and text.islower():
        return False  # `a` (Libero's copy: an image's alt text, three times)
    return not text.endswith(_LEAD_IN_ENDS) and not (
        text.endswith(".") and (len(text.split()) > _PROSE_WORDS or _SENTENCE_BREAK.search(text))
    )


def _is_caption(blocks: list[tuple[int, str, bool]], index: int) -> bool:
    """A photo's caption: a line right above its credit line."""
    following = index + 1
    return (
        following < len(blocks)
        and not blocks[following][2]
        and is_photo_credit(blocks[following][1])
    )


def _runs_on(blocks: list[tuple[int, str, bool]], index: int) -> bool:
    """Is this line the first of a block of text lines (an intro of several lines, which
    no single line stands for), rather than a standfirst of its own?"""
    following = index + 1
    if following >= len(blocks) or blocks[following][2]:
        return False
    text = blocks[following][1]
    return (
        not is_furniture(text) and not is_photo_credit(text) and not _is_caption(blocks, following)
    )


def _standfirst_index(
    blocks: list[tuple[int, str, bool]], start: int, printer_view: bool
) -> int | None:
    """The paragraph after the title (photo captions and credits may come between), unless
    it is furniture, a list or, in a printer view, a block of its own after a blank line."""
    for index in range(start, len(blocks)):
        _, text, _ = blocks[index]
        first = text.strip()
        if is_photo_credit(first) or _is_caption(blocks, index):
            continue
        if is_furniture(first) or first[:1] in "•·*" or _runs_on(blocks, index):
            return None
        if first.endswith(_LEAD_IN_ENDS):  # 'Catch LIVE Updates Below:' leads to the updates
            return None
        return index
    return None
