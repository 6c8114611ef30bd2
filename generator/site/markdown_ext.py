"""Python-Markdown extension: `:::` embed and lost-media blocks → inert HTML cards.

Raw HTML in entries is switched off: an entry's text came from an untrusted page, and a
`<script>` in it must show as text. The cards load nothing: no iframe, script or image.
Links in entries may only lead to http(s) addresses or an #anchor (each such link, and each
card's, carries Robust Links attributes for the entry's moment), and images only come
from the site itself: anything else is made inert (a link without its address, an image
replaced by its text) and recorded in `md.liveblog_link_problems`, which the reader turns
into a build error and `check` into a problem.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from html import escape, unescape

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from ..store.entry_format import LOST_MEDIA_TEXT, ParsedBlock, read_blocks
from ..store.schema import http_url_problem
from .robust_links import robust_attributes, robust_html, wayback_url

EXTERNAL = 'rel="external nofollow noopener"'
PLATFORM_NAMES = {
    "bluesky": "Bluesky",
    "x": "X (Twitter)",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "telegram": "Telegram",
    "mastodon": "Mastodon",
    "unknown": "Social media",
}
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")
_LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?$")


def safe_url(url: str | None) -> str | None:
    """Only plain http(s) URLs become links; anything else (javascript:, data:) is dropped."""
    return url if url and _SAFE_URL.match(url) else None


def _paragraphs(text: str) -> str:
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paras)


Version = tuple[date | datetime, bool] | None  # (the update's date, whether its time is known)


def _link(url: str, css: str, text: str, version: Version, href: str | None = None) -> str:
    """A link out of the archive to `href` (default `url`), Robust Links for `url`."""
    robust = robust_html(url, *version) if version else ""
    return (
        f'<a class="{css}" href="{escape(href or url)}" {EXTERNAL}'
        f"{' ' + robust if robust else ''}>{text}</a>"
    )


def render_embed(block: ParsedBlock, version: Version = None) -> str:
    """An inert card. It links to the post itself when its address (`url:`) is known, to
    the author's profile (`profile:`) only as a link that says it is the profile."""
    f = block.fields
    platform = f.get("platform", "unknown")
    name = PLATFORM_NAMES.get(platform, PLATFORM_NAMES["unknown"])
    url = safe_url(f.get("url"))
    profile = safe_url(f.get("profile"))
    author = escape(f.get("author", "") or "Unknown author")
    handle = f.get("handle", "")
    printed = escape(f.get("printed-date") or f.get("posted", ""))
    posted = f.get("posted", "")
    when = (
        f'<time datetime="{escape(posted)}">{printed}</time>'
        if _LOCAL_DATETIME.match(posted)
        else printed
    )
    kept = bool(block.text.strip())  # a consent gate's card has only its note
    parts = [
        f'<figure class="embed embed-{escape(platform)}">',
        f'<figcaption class="embed-meta"><span class="embed-platform">{escape(name)} post</span> '
        f'<span class="embed-author">{author}</span>'
        + (f' <span class="embed-handle">@{escape(handle)}</span>' if handle else "")
        + (f' <span class="embed-date">{when}</span>' if when else "")
        + "</figcaption>",
        f'<blockquote class="embed-text">{_paragraphs(block.text)}</blockquote>' if kept else "",
    ]
    note = (
        '<span class="embed-media-note">'
        + (
            "The post’s image or link card was not preserved."
            if kept
            else "The page showed this post only behind a consent notice: it was not preserved."
        )
        + "</span>"
        if f.get("media")
        else ""
    )
    footer = []
    if url:
        footer.append(_link(url, "embed-post", "The original post", version))
        if version:
            archived = wayback_url(url, *version)
            footer.append(
                _link(url, "embed-wayback", "its Wayback Machine copy", version, archived)
            )
    else:
        footer.append('<span class="embed-no-url">The post’s own address was not recorded.</span>')
    if profile:
        footer.append(_link(profile, "embed-profile", f"{author}’s profile on {name}", version))
    gap = " " if note and footer else ""
    parts.append(f'<p class="embed-footer">{note}{gap}{" · ".join(footer)}</p>')
    parts.append("</figure>")
    return "".join(parts)


def render_lost_media(block: ParsedBlock, version: Version = None) -> str:
    kind = block.arg if block.arg in LOST_MEDIA_TEXT else "media"
    text = block.text.strip() or LOST_MEDIA_TEXT[kind]
    return (
        f'<figure class="lost-media lost-media-{kind}">'
        f'<span class="lost-media-icon" aria-hidden="true"></span>'
        f"<figcaption>{escape(text)}</figcaption></figure>"
    )


RENDERERS = {"embed": render_embed, "lost-media": render_lost_media}


class BlockPreprocessor(Preprocessor):
    """Replace each closed, known `:::` block by a stashed HTML card."""

    def run(self, lines: list[str]) -> list[str]:
        if not any(line.startswith(":::") for line in lines):
            return lines
        out: list[str] = []
        done = 0
        for start, end, block in read_blocks(lines):
            render = RENDERERS.get(block.name)
            if render is None or not block.closed:
                continue
            out.extend(lines[done:start])
            version = getattr(self.md, "liveblog_version", None)
            out.extend(["", self.md.htmlStash.store(render(block, version)), ""])
            done = end
        out.extend(lines[done:])
        return out


class HeadingLevelTreeprocessor(Treeprocessor):
    """Shift an entry's own headings below the page's: a live blog page has the day as h2 and
    each update's time as h3, so an update's `## Subheading` must be an h4, not an h2."""

    def __init__(self, md: Markdown, offset: int) -> None:
        super().__init__(md)
        self.offset = offset

    def run(self, root) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1] in "123456":
                element.tag = f"h{min(6, int(element.tag[1]) + self.offset)}"


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# A file of the site, as Pelican names one: `{static}/images/map.png` (each page that
# shows the entry puts its own way to the site's root in place of `{static}`).
_STATIC = re.compile(r"^\{static\}/[^\s\"'<>\\]+$")


def link_problem(href: str) -> str | None:
    """Why an entry may not link to `href` (None if it may): http(s) or an #anchor only."""
    if href.startswith("#"):
        return None
    why = http_url_problem(href)
    return f"link {why}" if why else None


def image_problem(src: str) -> str | None:
    """Why an entry may not show the image `src`: only files of the site itself."""
    if _STATIC.match(src) and ".." not in src:
        return None
    return "image must be a file of this site, written {static}/path/to/image.png"


# Python-Markdown's own inline patterns, and the characters without which none can match.
_INLINE_PATTERNS = frozenset(
    [
        "backtick",
        "escape",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "entity",
        "not_strong",
        "em_strong",
        "em_strong2",
    ]
)
_INLINE_TRIGGER = re.compile(r"[`\\\[<&*_]|  \n")


class PlainTextTreeprocessor(Treeprocessor):
    """Text in which no inline pattern can match is made atomic, so that the inline
    processor passes it by: the same HTML, without a dozen regex searches per paragraph
    (most paragraphs of a live blog are plain sentences). Only while the inline patterns
    are Python-Markdown's own: an extension's pattern may need other characters."""

    def run(self, root) -> None:
        patterns = self.md.inlinePatterns
        if sum(1 for name in _INLINE_PATTERNS if name in patterns) != len(patterns):
            return  # a pattern of another extension: it may match anything
        for element in root.iter():
            text = element.text
            if text and not isinstance(text, AtomicString) and not _INLINE_TRIGGER.search(text):
                element.text = AtomicString(text)


class LinkPolicyTreeprocessor(Treeprocessor):
    """Make links and images that break the policy inert, and record them."""

    def run(self, root) -> None:
        problems = self.md.liveblog_link_problems
        version = getattr(self.md, "liveblog_version", None)
        for element in root.iter():
            if element.tag == "a" and "href" in element.attrib:
                # An e-mail autolink's address is hidden in entities: read it as written.
                href = unescape(element.get("href", "").replace(AMP_SUBSTITUTE, "&"))
                why = link_problem(href)
                if why:
                    del element.attrib["href"]
                    problems.append((href, why))
                elif version and _SCHEME.match(href):  # http(s), as the policy allows
                    element.set("rel", "external nofollow noopener")
                    for name, value in robust_attributes(href, *version).items():
                        element.set(name, value)
            elif element.tag == "img":
                why = image_problem(element.get("src", ""))
                if why:
                    problems.append((element.get("src", ""), why))
                    alt = element.get("alt", "")
                    element.attrib.clear()
                    element.tag = "span"
                    element.text = alt


class LiveBlogExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "allow_html": [False, "Keep Markdown's raw HTML (off: entries are untrusted)"],
            "heading_offset": [2, "Levels to add to an entry's headings (## becomes h4)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        self.md = md
        md.liveblog_link_problems = []
        # (date, time known) of the entry being converted, set by the reader: the moment
        # outbound links are meant at (Robust Links). None: no version attributes.
        md.liveblog_version = None
        md.preprocessors.register(BlockPreprocessor(md), "liveblog_blocks", 26)
        # Before the inline patterns (20): plain text passes them by.
        md.treeprocessors.register(PlainTextTreeprocessor(md), "liveblog_plain_text", 21)
        # After the inline patterns (20) made the links and images.
        md.treeprocessors.register(LinkPolicyTreeprocessor(md), "liveblog_link_policy", 8)
        offset = int(self.getConfig("heading_offset"))
        if offset:
            md.treeprocessors.register(
                HeadingLevelTreeprocessor(md, offset), "liveblog_heading_level", 5
            )
        for char in (":", "=", "|", "~"):  # escapable, so that entries can start lines with them
            if char not in md.ESCAPED_CHARS:
                md.ESCAPED_CHARS.append(char)
        if not self.getConfig("allow_html"):
            if "html_block" in md.preprocessors:
                md.preprocessors.deregister("html_block")
            if "html" in md.inlinePatterns:
                md.inlinePatterns.deregister("html")

    def reset(self) -> None:
        self.md.liveblog_link_problems = []
        self.md.liveblog_version = None


def makeExtension(**kwargs: object) -> LiveBlogExtension:
    return LiveBlogExtension(**kwargs)
