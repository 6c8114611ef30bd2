"""Updates with no printed time, split by their structure (issue 8, item 5).

Some live blogs print no time on their posts: each opens with a headline of its own (a
short line that ends no sentence, in a paragraph of its own, with text under it). When a
page has no stamp at all, those headlines open its updates. They keep their page order and
carry their day only (from the page's date, `--date` or `--year`): no time is invented.
"""

from __future__ import annotations

from itertools import pairwise

from .clock import Stamp, age_minutes, read_stamp
from .preamble import TITLE_WORDS, is_furniture
from .scan import Candidate, Scan

_MAX_CHARS = 120  # up to 14 words: twelve ordinary words already pass 90 characters
_WORDS = (2, 14)
_NO_END = '.!?:;,)"”’'


def headline_openers(found: Scan) -> list[Candidate]:
    """The headline paragraphs that open updates, after the title (the first line that is
    not furniture) and its standfirst, or [] if the page has fewer than two."""
    paragraphs = _paragraphs(found.lines)
    content = [p for p in paragraphs if not is_furniture(found.lines[p[0]])]
    if len(content) < 3:
        return []
    # the title: the first of the first few lines that names itself a live blog (nymag's
    # tag 'george floyd' sits above 'Police Spar With Protesters…: Live Updates'), else
    # the first line that is not furniture
    named = [p for p in content[:3] if TITLE_WORDS.search(found.lines[p[0]])]
    after_title = paragraphs.index(named[0] if named else content[0]) + 1
    openers: list[Candidate] = []
    for number in range(after_title, len(paragraphs) - 1):
        first, last = paragraphs[number]
        line = found.lines[first].strip()
        if first != last or not _is_headline(line) or is_furniture(line):
            continue
        following = found.lines[paragraphs[number + 1][0]].strip()
        if _is_headline(following):
            continue  # a headline has text under it
        openers.append(_line_opener(found, first, line, len(openers), "headline"))
    return openers if len(openers) >= 2 else []


def age_openers(found: Scan) -> list[Candidate]:
    """A page whose posts print only their age when it was copied (`14 min ago`, a
    paragraph of its own above each, as CNN's live pages do): those lines open its updates,
    with no time (the age tells none), or [] if fewer than two do."""
    openers: list[Candidate] = []
    for first, last in _paragraphs(found.lines):
        line = found.lines[first].strip()
        stamp = read_stamp(line, {}) if first == last else None
        if stamp is None or stamp.family != "ago" or stamp.clock or stamp.date or stamp.text:
            continue
        if stamp.label != line.rstrip(" .:"):
            continue
        openers.append(_line_opener(found, first, "", len(openers), "ago", stamp.label))
    return openers if len(openers) >= 2 else []


def age_order(openers: list[Candidate]) -> str | None:
    """The page's order by its posts' ages, if they all grow (newest first) or all shrink
    down the page."""
    ages = [age_minutes(c.stamp.label) for c in openers if c.stamp is not None]
    if len(ages) < 2:
        return None
    if all(a < b for a, b in pairwise(ages)):
        return "newest"
    if all(a > b for a, b in pairwise(ages)):
        return "oldest"
    return None


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) 0-based line of each run of non-blank lines."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = index
        elif start is not None:
            runs.append((start, index - 1))
            start = None
    if start is not None:
        runs.append((start, len(lines) - 1))
    return runs


def _is_headline(line: str) -> bool:
    words = len(line.split())
    return (
        0 < len(line) <= _MAX_CHARS
        and _WORDS[0] <= words <= _WORDS[1]
        and (line[0].isupper() or line[0].isdigit())
        and line[-1] not in _NO_END
    )


_BULLETS = "•·▪●◦‣∙"


def bullet_openers(found: Scan, openers: list[Candidate]) -> list[Candidate]:
    """On a page whose updates are bullets (`  • Name 10/22/2013 11:18:32 AM`, as
    ScribbleLive prints them), a bullet at the same indent with no stamp is an update too,
    with no time (`  • CityDesk: Mayor says …`). Returns them, to add to the openers."""
    timed = [c for c in openers if c.kind == "time"]
    indents = [_bullet_indent(found.lines[c.line - 1]) for c in timed]
    if len(timed) < 2 or any(i is None for i in indents) or len(set(indents)) != 1:
        return []
    indent = indents[0]
    opener_lines = {c.line for c in openers}
    # Bullets in one block with a bare time (Blog Regional's `• Foto: …` / `• 20 // Abr //
    # 2025` / `• 23h20`) are that stamp's: no updates of their own.
    bare = {c.line for c in timed if not c.text_length}
    beside: set[int] = set()
    run: list[int] = []  # a block of bullet lines at the indent, one pass over the page
    for index, line in enumerate([*found.lines, ""]):
        if _bullet_indent(line) == indent:
            run.append(index + 1)
            continue
        if any(number in bare for number in run):
            beside.update(run)
        run = []
    extra = []
    at = 0  # the openers above the line, counted as the lines go down: linear
    for index in range(timed[0].line, len(found.lines)):
        while at < len(openers) and openers[at].line <= index + 1:
            at += 1
        line = found.lines[index]
        if index + 1 in opener_lines or index + 1 in beside or _bullet_indent(line) != indent:
            continue
        text = line.strip()[1:].strip()
        if not text:
            continue
        before = openers[at - 1].index if at else 0
        extra.append(
            Candidate(
                index=before,
                kind="time",
                line=index + 1,
                last_line=index + 1,
                start=found.offsets[index],
                end=found.offsets[index] + len(line) + 1,
                stamp=Stamp("bullet", "", None, None, "", text, ""),
                heading=None,
                paragraph_start=True,
                text_length=len(text),
                body_lines=0,
                lead_in=False,
            )
        )
    return extra


def _bullet_indent(line: str) -> int | None:
    stripped = line.lstrip(" \t")
    return len(line) - len(stripped) if stripped[:1] in _BULLETS and stripped[:1] else None


def label_openers(found: Scan, openers: list[Candidate]) -> list[Candidate]:
    """On a page whose updates open with a place label (`10:45 PM: Harbour City:`), a
    paragraph that is only such a label (`Riverside:`) opens an update with no time."""
    timed = [c for c in openers if c.kind == "time" and c.stamp is not None]
    labelled = [c for c in timed if _is_label(c.stamp.text if c.stamp else "")]
    if len(timed) < 3 or len(labelled) * 2 < len(timed):
        return []
    opener_lines = {c.line for c in openers}
    extra = []
    for first, last in _paragraphs(found.lines):
        line = found.lines[first].strip()
        if first != last or first + 1 in opener_lines or first + 1 < timed[0].line:
            continue
        if not _is_label(line):
            continue
        before = max((c.index for c in openers if c.line <= first + 1), default=0)
        extra.append(_line_opener(found, first, line, before, "label"))
    return extra


def _is_label(text: str) -> bool:
    words = text.split()
    return (
        text.endswith(":")
        and 1 <= len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and "\n" not in text
    )


def _line_opener(
    found: Scan, first: int, line: str, index: int, form: str, label: str = ""
) -> Candidate:
    """A line of its own that opens an update with no printed time (a headline, a label:
    its text; an age: its `label`, the text under it)."""
    return Candidate(
        index=index,
        kind="time",
        line=first + 1,
        last_line=first + 1,
        start=found.offsets[first],
        end=found.offsets[first] + len(found.lines[first]) + 1,
        stamp=Stamp(form, label, None, None, "", line, ""),
        heading=None,
        paragraph_start=True,
        text_length=len(line),
        body_lines=1,
        lead_in=False,
    )
