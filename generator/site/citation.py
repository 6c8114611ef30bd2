"""How to cite one update: plain text, Wikipedia's {{cite web}}, BibTeX, and meta tags.

A permalink page is the unit people cite, so each carries its own citation:
- `plain`: a sentence to paste into a text;
- `wikipedia`: `{{cite web}}` with `|url=` the original live blog (when its address was
  recorded), `|archive-url=` the permalink, `|archive-date=`, `|url-status=` (the live
  blog's `Original-Status:`, default live); without a recorded original, `|url=` is the
  permalink and `|via=` names the archive (Wikipedia refuses an archive-url without url);
- `bibtex`: a `@misc` entry (BibTeX and biblatex read it);
- `meta`: Highwire Press `citation_*` tags (Zotero, Mendeley, Google Scholar) and Dublin
  Core `DC.*` tags, so that a reference manager saves this update, not the whole blog.
The author is the update's `Author:` when the page named one, otherwise the publisher (a
corporate author, as citation styles treat unsigned news). Values are plain strings: the
templates escape them. Worked out once, when the permalink page is rendered.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from .jsonld import absolute_url
from .times import month_name

BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Characters that would end or break a template parameter in wikitext.
WIKI_SPECIAL = {"|": "&#124;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"}
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


_WIKI_TABLE = str.maketrans(WIKI_SPECIAL)


def wiki_text(value: str) -> str:
    return " ".join(value.split()).translate(_WIKI_TABLE)


def bibtex_text(value: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda m: "\\" + m[1] if m[1] not in "\\^~" else _tex(m[1]), value)


def _tex(char: str) -> str:
    return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}[char]


def quoted(text: str) -> str:
    """“text”, its own double quotes turned single so that the quotation nests."""
    return "“" + text.replace("“", "‘").replace("”", "’").replace('"', "'") + "”"


def long_date(day: Any) -> str:
    return f"{day.day} {month_name(day)} {day.year}"


class Citation:
    """The ways to cite `update` (see the module's docstring)."""

    def __init__(self, update: Any, settings: dict[str, Any]) -> None:
        self.update = update
        self.settings = settings

    # -- the facts, once ---------------------------------------------------------------

    @cached_property
    def blog(self) -> Any:
        return self.update.liveblog_article

    @cached_property
    def url(self) -> str:
        return absolute_url(self.settings, self.update.url)

    @cached_property
    def blog_url(self) -> str:
        return absolute_url(self.settings, self.blog.url)

    @property
    def original(self) -> str | None:
        return self.blog.metadata.get("source-url")

    @property
    def publisher(self) -> str | None:
        return self.blog.metadata.get("publisher")

    @property
    def author(self) -> str | None:
        return self.update.metadata.get("author") or self.publisher

    @property
    def archived(self) -> Any:
        return self.blog.metadata.get("archived")

    @property
    def site(self) -> str:
        return self.settings.get("SITENAME", "")

    # -- the forms ---------------------------------------------------------------------

    @cached_property
    def plain(self) -> str:
        when = self.update.when
        parts = [f"{self.author}, " if self.author else ""]
        parts.append(f"{quoted(self.update.title)}, in {quoted(self.blog.title)} (live blog")
        if self.update.metadata.get("author") and self.publisher:
            parts.append(f", {self.publisher}")
        parts.append(f"), {when.compact}. Archived by {self.site}")
        if self.archived:
            parts.append(f" on {long_date(self.archived)}")
        parts.append(f": {self.url}")
        if self.original:
            parts.append(f". Original: {self.original}.")
        else:
            parts.append(" (original address not recorded).")
        return "".join(parts)

    @cached_property
    def wikipedia(self) -> str:
        when = self.update.when
        fields: list[tuple[str, str | None]] = [
            ("url", self.original or self.url),
            ("title", self.update.title),
            ("author", self.update.metadata.get("author")),
            ("work", self.blog.title),
            ("publisher", self.publisher),
            ("date", long_date(when.day)),
            ("at", f"update of {when.clock}" if when.time_known else None),
        ]
        if self.original:
            fields += [
                ("archive-url", self.url),
                ("archive-date", long_date(self.archived) if self.archived else None),
                ("url-status", self.blog.metadata.get("original-status") or "live"),
            ]
        else:
            fields.append(("via", self.site))
        return (
            "{{cite web "
            + " ".join(f"|{name}={wiki_text(value)}" for name, value in fields if value)
            + "}}"
        )

    @cached_property
    def bibtex_key(self) -> str:
        name = re.sub(r"[^a-z0-9]+", "", (self.publisher or self.blog.metadata["liveblog"]).lower())
        return f"{name or 'liveblog'}-{self.update.metadata['anchor']}"

    @cached_property
    def bibtex(self) -> str:
        when = self.update.when
        note = "Archived copy" + (f", {long_date(self.archived)}" if self.archived else "")
        note += (
            f"; original: {self.original}" if self.original else "; original address not recorded"
        )
        fields: list[tuple[str, str | None]] = [
            ("author", "{" + bibtex_text(self.author) + "}" if self.author else None),
            ("title", "{" + bibtex_text(self.update.title) + "}"),
            ("howpublished", bibtex_text(f"Live blog update, in {quoted(self.blog.title)}")),
            ("organization", bibtex_text(self.publisher) if self.publisher else None),
            ("year", str(when.day.year)),
            ("month", None),
            ("date", when.day.isoformat()),
            ("url", self.url),
            ("urldate", self.archived.isoformat() if self.archived else None),
            ("note", bibtex_text(note)),
        ]
        lines = [f"@misc{{{self.bibtex_key},"]
        for name, value in fields:
            if name == "month":
                lines.append(f"  month        = {BIBTEX_MONTHS[when.day.month - 1]},")
            elif value:
                lines.append(f"  {name:<12} = {{{value}}},")
        lines.append("}")
        return "\n".join(lines)

    @cached_property
    def meta(self) -> list[tuple[str, str]]:
        """(name, content) of each `<meta>` tag, Highwire first, then Dublin Core: what a
        reference manager reads (Zotero takes `citation_*` first, Dublin Core for the rest),
        each fact once in each vocabulary (the title, language and type are Highwire's and
        the page's own)."""
        when = self.update.when
        day = when.day.strftime("%Y/%m/%d")
        tags: list[tuple[str, str | None]] = [
            ("citation_title", self.update.title),
            ("citation_author", self.author),
            ("citation_date", day),
            ("citation_publisher", self.publisher),
            ("citation_public_url", self.url),
            ("citation_language", self.settings.get("DEFAULT_LANG", "en")),
            ("DC.creator", self.author),
            ("DC.publisher", self.publisher),
            ("DC.date", when.iso),
            ("DC.identifier", self.url),
            ("DC.source", self.original),
            ("DC.relation", self.blog_url),
        ]
        return [(name, value) for name, value in tags if value]
