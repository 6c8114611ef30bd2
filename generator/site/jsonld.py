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
import re
from collections.abc import Callable
from html import unescape
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
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
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


def update_posting(update: Any, page_url: str, body: bool = True) -> dict[str, Any]:
    """One update as a BlogPosting, `page_url#anchor` (with its text as `articleBody`)."""
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
            "articleBody": update_text(update) if body else None,
        }
    )


def live_blog_posting(
    blog: Any,
    updates: list[Any],
    settings: dict[str, Any],
    shown: list[Any] | None = None,
    page_url: str | None = None,
) -> dict[str, Any]:
    """The live blog page's LiveBlogPosting: its coverage from all its `updates`, the
    updates the page shows (`shown`, at `page_url`: a page of a long live blog; default
    all, at the live blog's address) in it, each at that page's address + #anchor."""
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
            "liveBlogUpdate": [
                update_posting(u, absolute_url(settings, page_url) if page_url else blog_url)
                for u in (shown or updates)
            ],
        }
    )


def permalink_posting(update: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """A permalink page's update: part of its live blog, based on the original."""
    blog = update.liveblog_article
    blog_url = absolute_url(settings, blog.url)
    page_url = absolute_url(settings, update.url)
    # Its text is the page itself, and the live blog's JSON-LD carries it: not a third copy.
    data = update_posting(update, blog_url, body=False)
    data.update(
        {
            "@id": page_url,
            "url": page_url,
            "sameAs": f"{blog_url}#{update.metadata['anchor']}",
            "publisher": _publisher(blog),
            "isPartOf": _pruned(
                {
                    "@type": "LiveBlogPosting",
                    "@id": blog_url,
                    "url": blog_url,
                    "headline": blog.title,
                }
            ),
            "isBasedOn": based_on(blog, settings),
            "archivedAt": page_url,
        }
    )
    return {"@context": "https://schema.org", **_pruned(data)}


# ---------------------------------------------------------------------------- plain text

# The HTML is ours (raw HTML is off in entries): the interface around an embedded post (its
# label line and the links under it) and the notes on lost media are elements of known
# shape, never nested in one another.
_INTERFACE = re.compile(
    r'<figcaption class="embed-meta">.*?</figcaption>'
    r'|<p class="embed-footer">.*?</p>'
    r'|<figure class="lost-media[^"]*">.*?</figure>',
    re.DOTALL,
)
_BLOCK_END = re.compile(r"</(?:p|blockquote|h[1-6]|li|figure|pre)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def article_body(html: str) -> str:
    """An update's HTML as plain text, paragraphs apart, without interface text."""
    html = _INTERFACE.sub(" ", html)
    paragraphs = (
        " ".join(unescape(_TAG.sub(" ", part)).split()) for part in _BLOCK_END.split(html)
    )
    return "\n\n".join(p for p in paragraphs if p)


def update_text(update: Any) -> str:
    """`article_body` of an update, worked out once (the live blog's JSON-LD, its permalink
    page's JSON-LD and description all use it)."""
    text = update.__dict__.get("_liveblog_text")
    if text is None:
        text = update._liveblog_text = article_body(update.content)
    return text


def plain_text(content: Any, limit: int = 0) -> str:
    """For descriptions: an update's (or any HTML's) text on one line, cut at a word."""
    body = update_text(content) if hasattr(content, "content") else article_body(str(content))
    text = " ".join(body.split())
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"
    return text
