"""Editorial fields set without hand-editing: `liveblog-archive key SLUG ANCHOR…`.

An editor marks an update as a key event (`Key: yes`, with an optional `Key-Title:`) or
unmarks it. The header lines are changed in place, every other byte of the entry kept, so
that `check` still finds the entry as the converter wrote it (editorial fields are not an
edit: see `schema.edit_problems`). Each entry is replaced atomically (a temporary file,
fsynced, renamed over it) under the content folder's exclusive lock, and the result is
read back through the schema before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import ConvertError
from .content_store import fsync_dir, opened, write_durably
from .schema import UPDATES, decode_entry, format_header, read_entry, without_fields

KEY_FIELDS = frozenset({"key", "key-title"})


def with_key(data: bytes, *, key: bool, title: str | None) -> bytes:
    """An entry's bytes with its key-event lines replaced (appended to the header)."""
    data = without_fields(data, KEY_FIELDS)
    if not key:
        return data
    lines = format_header("update", {"key": "yes", "key-title": title}).encode()
    end = data.find(b"\n\n")
    if end < 0:
        return data.rstrip(b"\n") + b"\n" + lines
    return data[: end + 1] + lines + data[end + 1 :]


def set_key(
    content: Path,
    slug: str,
    anchors: list[str],
    *,
    key: bool = True,
    title: str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> list[Path]:
    """Mark (or unmark) the updates `anchors` of live blog `slug` as key events."""
    if title is not None and len(anchors) != 1:
        raise ConvertError("--title names one key event: give one anchor with it")
    if title is not None and not key:
        raise ConvertError("--title and --remove do not go together")
    folder = content / slug
    if not (folder / "index.md").is_file():
        raise ConvertError("no live blog here (a folder with an index.md)", path=folder)
    changed = []
    with opened(content, exclusive=True, on_wait=on_wait, on_recover=on_wait):
        planned = []
        for anchor in anchors:
            path = folder / UPDATES / f"{anchor}.md"
            if "/" in anchor or anchor.startswith(".") or not path.is_file():
                raise ConvertError(f"no update with the anchor {anchor!r}", path=folder / UPDATES)
            data = path.read_bytes()
            new = with_key(data, key=key, title=title)
            text, problems = decode_entry(path, new)
            if text is not None:
                _, problems = read_entry(path, text, "update")
            if problems:
                raise ConvertError(f"would not be a valid entry: {problems[0].message}", path=path)
            planned.append((path, data, new))
        for path, old, new in planned:  # all checked first: all written, or none
            if new == old:
                continue
            temporary = path.with_name(f".{path.name}.tmp")
            write_durably(temporary, new)
            os.replace(temporary, path)
            changed.append(path)
        if changed:
            fsync_dir(folder / UPDATES)
    return changed
