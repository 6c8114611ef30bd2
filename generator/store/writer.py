"""Model → Markdown entries under `content/<slug>/`, written atomically and never over an edit.

content/<slug>/index.md               the live blog (Template: liveblog)
content/<slug>/updates/<anchor>.md    one hidden entry per update
content/<slug>/source.txt             the raw post, byte for byte
content/<slug>/.liveblog-archive.json what the converter wrote (the overwrite guard)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import __version__
from ..convert.model import Block, Embed, Heading, LiveBlog, LostMedia, Paragraph, Update
from ..convert.timeline import midnight
from ..errors import ConvertError
from .entry_format import embed_block, escape_markdown, lost_media_block

MANIFEST = ".liveblog-archive.json"
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
                "url": block.url or "",
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


def _pelican_date(blog: LiveBlog, update: Update) -> str:
    """`Date:` in the page's zone, with its offset. An update with no printed time gets the
    documented stand-in, the start of its local day (never shown as a time)."""
    if update.local is not None:
        return update.local.isoformat()
    zone = ZoneInfo(blog.timezone) if blog.timezone else None
    return midnight(update.day, zone).isoformat()


def _header(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{name}: {' '.join(value.split())}\n" for name, value in fields if value)


def update_entry(blog: LiveBlog, update: Update) -> str:
    repairs = "; ".join(
        f"{r.kind} “{r.before[0]}” + “{r.before[1]}” → “{r.after}”" for r in update.repairs
    )
    header = _header(
        [
            ("Title", update.title or update_title(update)),
            ("Date", _pelican_date(blog, update)),
            ("Slug", f"{blog.slug}--{update.anchor}"),
            ("Liveblog", blog.slug),
            ("Anchor", update.anchor),
            ("Label", update.label),
            ("Kind", update.kind),
            ("Time-Known", "true" if update.time_known else "false"),
            ("Position", str(update.position)),
            ("Status", "hidden"),
            ("Template", "update"),
            ("Repairs", repairs),
        ]
    )
    return header + "\n" + update_markdown(update)


def index_entry(blog: LiveBlog, source_sha256: str, archived: date | None) -> str:
    lead = blog.lead_image
    header = _header(
        [
            ("Title", blog.title),
            ("Date", _pelican_date(blog, blog.updates[0])),
            ("Slug", blog.slug),
            ("Liveblog", blog.slug),
            ("Template", "liveblog"),
            ("Timezone", blog.timezone or ""),
            ("Order", blog.order),
            ("Publisher", blog.publisher or ""),
            ("Source-Url", blog.source_url or ""),
            ("Lead-Caption", lead.caption if lead else ""),
            ("Lead-Credit", lead.credit if lead else ""),
            ("Preamble", " ¶ ".join(line.text for line in blog.preamble)),
            ("Coverage-Start", moment(blog.coverage_start)),
            ("Coverage-End", moment(blog.coverage_end)),
            ("Updates", str(len(blog.updates))),
            ("Source-File", "source.txt"),
            ("Source-Sha256", source_sha256),
            ("Archived", archived.isoformat() if archived else ""),
            ("Converter", f"liveblog-archive {__version__}"),
        ]
    )
    return header + "\n" + escape_markdown(blog.standfirst) + "\n"


def render_entries(blog: LiveBlog, raw: bytes, archived: date | None = None) -> dict[str, bytes]:
    """Every file of a live blog's folder, by path relative to it (deterministic)."""
    sha = hashlib.sha256(raw).hexdigest()
    files = {"index.md": index_entry(blog, sha, archived).encode(), "source.txt": raw}
    for update in blog.updates:
        files[f"updates/{update.anchor}.md"] = update_entry(blog, update).encode()
    return dict(sorted(files.items()))


# ---------------------------------------------------------------------------- writing


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def edited_files(target: Path) -> list[str]:
    """Files in a live blog's folder that the converter did not write as they are now."""
    manifest_path = target / MANIFEST
    try:
        written = json.loads(manifest_path.read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        written = {}
    changed = []
    for path in sorted(p for p in target.rglob("*") if p.is_file() and p != manifest_path):
        rel = path.relative_to(target).as_posix()
        if written.get(rel) != _sha(path.read_bytes()):
            changed.append(rel)
    return changed


def write_entries(files: dict[str, bytes], out: Path, slug: str, *, force: bool = False) -> Path:
    """Write a live blog's folder into `out` at once: all of it, or (on failure) none of it."""
    target = out / slug
    if target.resolve().parent != out.resolve():
        raise ConvertError(f"slug {slug!r} would write outside {out}")
    if target.exists() and not force:
        changed = edited_files(target)
        if changed:
            shown = ", ".join(changed[:5]) + (
                f" and {len(changed) - 5} more" if len(changed) > 5 else ""
            )
            raise ConvertError(
                f"{target} has files the converter did not write or that were edited since "
                f"({shown}); pass --force to overwrite them",
            )
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.new-", dir=out))
    retired = None
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        manifest = {"files": {rel: _sha(data) for rel, data in files.items()}}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{slug}.old-", dir=out))
            os.replace(target, retired / slug)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None and not target.exists():
            os.replace(retired / slug, target)
        raise
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    return target
