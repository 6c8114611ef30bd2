"""schema.org JSON-LD: a live blog page's LiveBlogPosting, and a permalink page's update.

Built the way the BBC builds its live pages (bbc/simorgh `getLiveBlogPostingSchema`): each
update in `liveBlogUpdate` is a BlogPosting whose `@id` and `url` are the page's URL plus
its `#anchor`, with its own `headline`, its full text as plain text in `articleBody`, and
`datePublished` with the offset (the date alone when the page printed no time: no time is
invented). The text is the update's own: the interface around an embedded post (its
platform label, the links under it) and the notes on lost media are left out; the post's
text is kept, since the update quoted it.

A permalink page carries its update as a BlogPosting that `isPartOf` the live blog, is
`isBasedOn` the original live blog (when its address was recorded) and the raw text the
archive was made from, and is `archivedAt` the permalink.

Made when a template first shows it (`JsonLd.__html__`), in whichever process renders the
page, and serialised safe to sit inside a <script> element.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from .times import moment_bounds


def absolute_url(settings: dict[str, Any], url: str) -> str:
    return f"{settings.get('SITEURL', '')}/{url}"


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class JsonLd:
    """JSON-LD made when a template first shows it (`|safe` reads `__html__`)."""

    __slots__ = ("_args", "_make", "_text")

    def __init__(self, make: Callable[..., dict[str, Any]], *args: Any) -> None:
        self._make = make
        self._args = args
        self._text: str | None = None

    def __html__(self) -> str:
        if self._text is None:
            self._text = serialise(self._make(*self._args))
        return self._text

    __str__ = __html__


def serialise(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no `<`, `>` or `&` that could close or confuse it."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _pruned(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _publisher(blog: Any) -> dict[str, Any] | None:
    name = blog.metadata.get("publisher")
    return {"@type": "Organization", "name": name} if name else None


def based_on(blog: Any, settings: dict[str, Any]) -> list[str]:
    """What the archive copy is based on: the original's address, if recorded, and the
    raw text it was converted from."""
    sources = [blog.metadata.get("source-url")]
    if blog.metadata.get("source-file"):
        sources.append(absolute_url(settings, blog.source_url_local))
    return [s for s in sources if s]


def update_posting(update: Any, page_url: str) -> dict[str, Any]:
    """One update as a BlogPosting, `page_url#anchor`."""
    address = f"{page_url}#{update.metadata['anchor']}"
    author = update.metadata.get("author")
    return _pruned(
        {
            "@type": "BlogPosting",
            "@id": address,
            "url": address,
            "headline": update.title,
            "datePublished": update.when.iso,
            "author": {"@type": "Person", "name": author} if author else None,
            "articleBody": article_body(update.content),
        }
    )


def live_blog_posting(blog: Any, updates: list[Any], settings: dict[str, Any]) -> dict[str, Any]:
    """The live blog page's LiveBlogPosting, every update in it."""
    meta = blog.metadata
    blog_url = absolute_url(settings, blog.url)
    start, end = moment_bounds(updates)
    return _pruned(
        {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "@id": blog_url,
            "url": blog_url,
            "headline": blog.title,
            "description": meta.get("standfirst") or article_body(blog.content),
            "coverageStartTime": start,
            "coverageEndTime": end,
            "datePublished": start,
            "dateModified": end,
            "publisher": _publisher(blog),
            "isBasedOn": based_on(blog, settings),
            "liveBlogUpdate": [update_posting(u, blog_url) for u in updates],
        }
    )


def permalink_posting(update: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """A permalink page's update: part of its live blog, based on the original."""
    blog = update.liveblog_article
    blog_url = absolute_url(settings, blog.url)
    page_url = absolute_url(settings, update.url)
    data = update_posting(update, blog_url)
    data.update(
        {
            "@id": page_url,
            "url": page_url,
            "mainEntityOfPage": page_url,
            "sameAs": f"{blog_url}#{update.metadata['anchor']}",
            "publisher": _publisher(blog),
            "isPartOf": _pruned(
                {
                    "@type": "LiveBlogPosting",
                    "@id": blog_url,
                    "url": blog_url,
                    "headline": blog.title,
                    "publisher": _publisher(blog),
                }
            ),
            "isBasedOn": based_on(blog, settings),
            "archivedAt": page_url,
        }
    )
    return {"@context": "https://schema.org", **_pruned(data)}


# ---------------------------------------------------------------------------- plain text

# Elements whose text is the archive's interface, not the update's: an embed card's label
# and links, a lost-media note.
_INTERFACE_CLASSES = frozenset({"embed-meta", "embed-footer", "lost-media"})
_BLOCKS = frozenset({"p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figure"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source"})


class _BodyText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skip: list[str] = []  # tags opened inside an interface element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self._skip:
                self._current.append(" ")
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self._skip or classes & _INTERFACE_CLASSES or tag == "figcaption":
            self._skip.append(tag)
            return
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._skip:
            self._skip.pop()
            return
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []


def article_body(html: str) -> str:
    """An update's HTML as plain text, paragraphs apart, without interface text."""
    parser = _BodyText()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n\n".join(parser.paragraphs)


def plain_text(html: str, limit: int = 0) -> str:
    """For descriptions: the text on one line, cut at a word to `limit` characters."""
    text = " ".join(article_body(str(html)).split())
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"
    return text
