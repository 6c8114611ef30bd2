"""Model → Markdown entries under `content/<slug>/`, written atomically and never over an edit.

content/<slug>/index.md               the live blog (Template: liveblog)
content/<slug>/updates/<anchor>.md    one hidden entry per update
content/<slug>/source.txt             the raw post, byte for byte
content/<slug>/.liveblog-archive.json what the converter wrote (the overwrite guard)

Headers are formatted by the entry schema (`schema.py`); the folder is replaced by the
content store (`content_store.py`), under its lock, behind the overwrite guard.
"""

from __future__ import annotations

import errno
import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import __version__
from ..convert.model import Block, Embed, Heading, LiveBlog, LostMedia, Paragraph, Update
from ..convert.timeline import midnight
from ..errors import ConvertError
from .content_store import Guard, file_hashes, opened, replace_live_blog
from .entry_format import embed_block, escape_markdown, lost_media_block
from .schema import INDEX, MANIFEST, UPDATES, decode_entry, format_header, read_entry

SOURCE = "source.txt"
TITLE_CHARS = 90


# ---------------------------------------------------------------------------- rendering


def update_markdown(update: Update) -> str:
    """The body of an update's entry."""
    return "\n\n".join(_block_markdown(block) for block in update.blocks) + "\n"


def _block_markdown(block: Block) -> str:
    if isinstance(block, Paragraph):
        return escape_markdown(block.text)
    if isinstance(block, Heading):
        return "## " + escape_markdown(block.text, heading=True)
    if isinstance(block, Embed):
        return embed_block(
            {
                "platform": block.platform,
                "author": block.author,
                "handle": block.handle,
                "posted": posted_text(block.posted),
                "printed-date": block.posted_as_printed,
                "profile": block.url or "",  # the model's url is the profile a handle names
                "media": block.media_note,
            },
            block.text,
        )
    if isinstance(block, LostMedia):
        return lost_media_block(block.kind)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


def update_title(update: Update) -> str:
    """A headline for feeds and permalink pages: the first heading or the first sentence."""
    first = next((b for b in update.blocks if isinstance(b, Paragraph | Heading)), None)
    if first is None:
        embed = next(iter(update.embeds), None)
        text = f"Post by {embed.author}" if embed else update.label
    else:
        text = " ".join(first.text.split())
    sentence_end = min((text.find(p) + 1 for p in (". ", "? ", "! ") if p in text), default=0)
    if 0 < sentence_end <= TITLE_CHARS:
        return text[:sentence_end].strip()
    if len(text) <= TITLE_CHARS:
        return text
    return text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"


def moment(value: date | datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def posted_text(posted: date | datetime | None) -> str:
    """An embedded post's date as printed: with its time only if the copy printed one."""
    if isinstance(posted, datetime):
        return posted.isoformat(timespec="minutes")
    return posted.isoformat() if posted is not None else ""


def _pelican_date(blog: LiveBlog, update: Update) -> datetime:
    """`Date:` in the page's zone, with its offset. When the page printed no time, the rule
    is the start of its local day: Pelican and Atom need a time, and `Time-Known: false`
    keeps it from any reader."""
    if update.local is not None:
        return update.local
    return midnight(update.day, ZoneInfo(blog.timezone) if blog.timezone else None)


def update_entry(blog: LiveBlog, update: Update) -> str:
    repairs = "; ".join(
        f"{r.kind} “{r.before[0]}” + “{r.before[1]}” → “{r.after}”" for r in update.repairs
    )
    header = format_header(
        "update",
        {
            "title": update.title or update_title(update),
            "date": _pelican_date(blog, update),
            "slug": f"{blog.slug}--{update.anchor}",
            "liveblog": blog.slug,
            "anchor": update.anchor,
            "label": update.label,
            "kind": update.kind,
            "time-known": update.time_known,
            "position": update.position,
            "status": "hidden",
            "template": "update",
            "repairs": repairs,
        },
    )
    return header + "\n" + update_markdown(update)


def index_entry(blog: LiveBlog, source_sha256: str, archived: date | None) -> str:
    lead = blog.lead_image
    header = format_header(
        "live blog",
        {
            "title": blog.title,
            "date": _pelican_date(blog, blog.updates[0]),
            "slug": blog.slug,
            "liveblog": blog.slug,
            "template": "liveblog",
            "publisher": blog.publisher,
            "source-url": blog.source_url,
            "lead-caption": lead.caption if lead else None,
            "lead-credit": lead.credit if lead else None,
            "coverage-start": blog.coverage_start,
            "coverage-end": blog.coverage_end,
            "updates": len(blog.updates),
            "source-file": SOURCE,
            "source-sha256": source_sha256,
            "archived": archived,
            "converter": f"liveblog-archive {__version__}",
            "timezone": blog.timezone,
            "order": blog.order,
            "preamble": " ¶ ".join(line.text for line in blog.preamble),
        },
    )
    return header + "\n" + escape_markdown(blog.standfirst) + "\n"


def render_entries(blog: LiveBlog, raw: bytes, archived: date | None = None) -> dict[str, bytes]:
    """Every file of a live blog's folder, by path relative to it (deterministic), the
    manifest of what the converter wrote (the overwrite guard's record) included."""
    sha = _sha(raw)
    files = {INDEX: index_entry(blog, sha, archived).encode(), SOURCE: raw}
    for update in blog.updates:
        files[f"{UPDATES}/{update.anchor}.md"] = update_entry(blog, update).encode()
    manifest = {"files": {rel: _sha(data) for rel, data in sorted(files.items())}}
    files[MANIFEST] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    return dict(sorted(files.items()))


# ---------------------------------------------------------------------------- writing


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _archived(target: Path) -> tuple[dict[str, str], str | None, str]:
    """What the converter wrote into `target` (its manifest), and the live blog it archives:
    its source's SHA-256 and title, read with the schema."""
    try:
        written = json.loads((target / MANIFEST).read_text("utf-8"))["files"]
        written = written if isinstance(written, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        written = {}
    sha, title = written.get(SOURCE), target.name
    try:
        text, _ = decode_entry(target / INDEX, (target / INDEX).read_bytes())
    except OSError:
        text = None
    if text is not None:
        entry, _ = read_entry(target / INDEX, text, "live blog")
        sha = entry.values.get("source-sha256", sha)
        title = entry.values.get("title", title)
    return written, sha, title


def edited_files(target: Path, hashes: dict[str, str] | None = None) -> list[str]:
    """Files in a live blog's folder that the converter did not write as they are now."""
    written, _, _ = _archived(target)
    hashes = file_hashes(target) if hashes is None else hashes
    return sorted(
        rel
        for rel in set(hashes) | set(written)
        if rel != MANIFEST and hashes.get(rel) != written.get(rel)
    )


def overwrite_guard(raw: bytes, title: str, source: object, *, force: bool) -> Guard:
    """What may be replaced: a live blog's folder, unless an editor changed or added files
    there, or it archives another live blog (another source), without --force; never a
    file or a link where the folder should be."""

    def guard(target: Path) -> dict[str, str]:
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise ConvertError(
                "is not a live blog's folder but a file or a link: move it away or choose "
                "another --slug",
                path=target,
            )
        if not target.exists():
            return {}
        hashes = file_hashes(target)
        if force:
            return hashes
        _, archived_sha, archived_title = _archived(target)
        if archived_sha and archived_sha != _sha(raw):
            raise ConvertError(
                f"already archives another live blog, “{archived_title}” (source.txt "
                f"{archived_sha[:12]}…), and {source} (“{title}”, {_sha(raw)[:12]}…) is a "
                "different source: choose another --slug, or pass --force to replace it",
                path=target,
            )
        changed = edited_files(target, hashes)
        if changed:
            shown = ", ".join(changed[:5]) + (
                f" and {len(changed) - 5} more" if len(changed) > 5 else ""
            )
            raise ConvertError(
                f"has files the converter did not write or that were edited since ({shown}); "
                "pass --force to overwrite them",
                path=target,
            )
        return hashes

    return guard


def write_entries(
    files: dict[str, bytes],
    out: Path,
    slug: str,
    guard: Guard,
    *,
    on_wait: Callable[[str], None] | None = None,
    on_recover: Callable[[str], None] | None = None,
) -> Path:
    """Replace `out/<slug>` by `files` under the content folder's lock: all of it or,
    on any failure (a full disk, a kill), none of it (see content_store.py)."""
    target = out / slug
    if target.parent.resolve() != out.resolve() or slug.startswith("."):
        raise ConvertError(f"slug {slug!r} would write outside {out}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with opened(out, exclusive=True, on_wait=on_wait, on_recover=on_recover):
            return replace_live_blog(out, slug, files, guard)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise ConvertError(
                "no space left on device; nothing was changed", path=target
            ) from None
        raise


def write_live_blog(
    blog: LiveBlog,
    raw: bytes,
    out: Path,
    *,
    archived: date | None = None,
    force: bool = False,
    source: object = "<input>",
    on_wait: Callable[[str], None] | None = None,
    on_recover: Callable[[str], None] | None = None,
) -> Path:
    """Write a parsed live blog into `out/<slug>/`, behind the overwrite guard."""
    files = render_entries(blog, raw, archived)
    guard = overwrite_guard(raw, blog.title, source, force=force)
    return write_entries(files, out, blog.slug, guard, on_wait=on_wait, on_recover=on_recover)
