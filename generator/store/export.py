"""A live blog as JSON, the open-data export: one format, `liveblog-archive/2`, described
by the JSON Schema beside this file (`liveblog-archive.schema.json`).

Both exports are made here, from entries read with the entry schema:
- the site's `<slug>/<slug>.json`, from the entries on disk (`entries_json`), with the
  address of every page;
- `liveblog-archive parse --json`, from the parsed model (`live_blog_json`): its entries
  are rendered as `convert` would write them and read back, so the two exports of one
  live blog are the same but for what only one of them knows (addresses, the archive
  date; the converter's `source_line`, `repairs` and review report).

A live blog: `slug`, `title`, `standfirst` (Markdown, as in index.md), `publisher`,
`source_url`, `source_sha256`, `archived`, `timezone`, `order`, `coverage_start`,
`coverage_end`, `lead_image`, `url`, and `updates`, newest first: `anchor`, `position`,
`kind`, `label`, `title`, `published` (ISO 8601 with offset, or a date when the page gave
no time), `time_known`, the editors' `author`, `key_event`, `key_title`, `edited`,
`edit_note`, `url`, `markdown` (the entry's body) and `embeds` (the embedded posts:
`platform`, `author`, `handle`, `posted`, `posted_as_printed`, `url` (the post's own
address), `profile`, `media`, `text`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .entry_format import read_blocks
from .schema import INDEX, UPDATES, Entry, read_entry

if TYPE_CHECKING:
    from ..convert.model import LiveBlog

FORMAT = "liveblog-archive/2"
SCHEMA = Path(__file__).with_name("liveblog-archive.schema.json")

Addresses = Callable[[str], str]  # a page's path in the site → its address


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _published(entry: Entry) -> str:
    """With the offset of the zone the page printed it in; the date alone when it printed
    no time (its Date: is then the stand-in midnight, never shown)."""
    when = entry.values["date"]
    return when.isoformat(timespec="seconds") if entry.values["time-known"] else f"{when:%Y-%m-%d}"


def embed_json(fields: dict[str, str], text: str) -> dict[str, Any]:
    """An embedded post: the fields of its `::: embed` block, under the export's names."""
    return {
        "platform": fields.get("platform"),
        "author": fields.get("author"),
        "handle": fields.get("handle"),
        "posted": fields.get("posted") or None,
        "posted_as_printed": fields.get("printed-date") or None,
        "url": fields.get("url") or None,
        "profile": fields.get("profile") or None,
        "media": fields.get("media") or None,
        "text": text,
    }


def update_json(entry: Entry, url: str | None) -> dict[str, Any]:
    v = entry.values
    blocks = read_blocks(entry.body.split("\n"))
    return {
        "anchor": v["anchor"],
        "position": v["position"],
        "kind": v["kind"],
        "label": v.get("label"),
        "title": v["title"],
        "published": _published(entry),
        "time_known": v["time-known"],
        "author": v.get("author"),
        "key_event": v.get("key") == "yes",
        "key_title": v.get("key-title"),
        "edited": _iso(v.get("edited")),
        "edit_note": v.get("edit-note"),
        "url": url,
        "markdown": entry.body,
        "embeds": [embed_json(b.fields, b.text) for _, _, b in blocks if b.name == "embed"],
    }


def entries_json(
    index: Entry, updates: list[Entry], address: Addresses | None = None
) -> dict[str, Any]:
    """The export of a live blog from its entries (updates newest first); `address` makes
    a page's path absolute (None: no addresses, as `parse` has none)."""
    v = index.values
    slug = v["liveblog"]

    def url(path: str) -> str | None:
        return address(path) if address is not None else None

    return {
        "format": FORMAT,
        "converter": v.get("converter", f"liveblog-archive {__version__}"),
        "slug": slug,
        "title": v["title"],
        "standfirst": index.body.strip("\n"),
        "url": url(f"{slug}/"),
        "publisher": v.get("publisher"),
        "source_url": v.get("source-url"),
        "source_sha256": v.get("source-sha256"),
        "archived": _iso(v.get("archived")),
        "timezone": v.get("timezone"),
        "order": v.get("order"),
        "coverage_start": _iso(v.get("coverage-start")),
        "coverage_end": _iso(v.get("coverage-end")),
        "lead_image": {"caption": v["lead-caption"], "credit": v.get("lead-credit")}
        if v.get("lead-caption")
        else None,
        "updates": [update_json(e, url(f"{slug}/{e.values['anchor']}/")) for e in updates],
    }


def live_blog_json(blog: LiveBlog, raw: bytes) -> dict[str, Any]:
    """`parse --json`: the model's entries as `convert` would write them, read back, with
    what only the converter knows of each update (its line, repairs, media, headings)."""
    from .writer import render_entries  # the converter's side: not loaded by the site

    files = render_entries(blog, raw)
    index, _ = read_entry(Path(INDEX), files[INDEX].decode(), "live blog")
    updates = [
        read_entry(
            Path(f"{UPDATES}/{u.anchor}.md"), files[f"{UPDATES}/{u.anchor}.md"].decode(), "update"
        )[0]
        for u in blog.updates
    ]
    data = entries_json(index, updates)
    for exported, update in zip(data["updates"], blog.updates, strict=True):
        exported["source_line"] = update.line
        exported["repairs"] = [
            {"kind": r.kind, "before": list(r.before), "after": r.after} for r in update.repairs
        ]
        exported["lost_media"] = [{"kind": m.kind, "after": m.after} for m in update.lost_media]
        exported["headings"] = [h.text for h in update.headings]
    return data


def dumps(data: dict[str, Any], *, indent: int | None = None) -> bytes:
    """As UTF-8 JSON: compact for the site (smaller, and the C encoder is 10× faster), or
    indented for a person reading `parse --json`."""
    separators = (",", ":") if indent is None else None
    return (
        json.dumps(data, ensure_ascii=False, indent=indent, separators=separators) + "\n"
    ).encode()
