"""schema.org JSON-LD for a live blog page (LiveBlogPosting) and its updates.

Made when a template first shows it (`JsonLd.__html__`), in whichever process renders the
page, and serialised safe to sit inside a <script> element.
"""

from __future__ import annotations

import json
import re
from typing import Any


def absolute_url(settings: dict[str, Any], url: str) -> str:
    return f"{settings.get('SITEURL', '')}/{url}"


class JsonLd:
    """A live blog's `_json_ld`, made when a template first shows it (`|safe` reads
    `__html__`). Tags are stripped from the HTML it quotes, so it does not depend on the
    page's relative URLs, only on the live blog."""

    __slots__ = ("_args", "_text")

    def __init__(self, blog: Any, updates: list[Any], settings: dict[str, Any]) -> None:
        self._args = (blog, updates, settings)
        self._text: str | None = None

    def __html__(self) -> str:
        if self._text is None:
            self._text = _json_ld(*self._args)
        return self._text

    __str__ = __html__


def _json_ld(blog: Any, updates: list[Any], settings: dict[str, Any]) -> str:
    """schema.org LiveBlogPosting, serialised safe to sit inside a <script> element."""
    meta = blog.metadata
    blog_url = absolute_url(settings, blog.url)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": blog.title,
        "url": blog_url,
        "description": meta.get("standfirst") or _text(blog.content),
        "coverageStartTime": iso(meta.get("coverage-start")),
        "coverageEndTime": iso(meta.get("coverage-end")),
        "datePublished": updates[-1].datetime_attr if updates else None,
        "dateModified": updates[0].datetime_attr if updates else None,
        "publisher": {"@type": "Organization", "name": meta["publisher"]}
        if meta.get("publisher")
        else None,
        "isBasedOn": meta.get("source-url") or None,
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": u.title,
                "url": f"{blog_url}#{u.metadata['anchor']}",
                "datePublished": u.datetime_attr,
                "articleBody": _text(u.content),
            }
            for u in updates
        ],
    }
    data = {k: v for k, v in data.items() if v is not None}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


_TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    from html import unescape

    return " ".join(unescape(_TAG.sub(" ", html)).split())
