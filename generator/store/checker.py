"""`check content/`: everything the build would refuse, as `file:line: message` problems.

It reads every live blog's folder with the entry schema (`schema.py`), exactly as the
Pelican reader does, then checks each live blog as a whole, exactly as the plugin does:
so `check` passes when, and only when, the build of the same folder succeeds. What needs
the build's Markdown conversion (links and images in entries) is passed in as
`body_check` by the command line, which has the site's Markdown at hand.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .schema import (
    INDEX,
    UPDATES,
    Entry,
    Problem,
    decode_entry,
    entry_problems,
    live_blog_folders,
    live_blog_problems,
    misplaced_live_blogs,
    read_entry,
    read_source,
    stray_files,
)

BodyCheck = Callable[[Entry], list[Problem]]


@dataclass
class CheckResult:
    live_blogs: int = 0
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)


LINKED = "is a link: an entry is a file of its live blog's folder, never a link to another"
LINKED_UPDATES = "is a link: a live blog's updates/ is a folder of its own, never a link"


def _entry_opener(path: str, flags: int) -> int:
    """Never through a link (an entry's text would come from outside the content store,
    and a problem would quote it), never waiting (a named pipe where an entry should be)."""
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def load_entry(path: Path, kind: str, folder: str) -> tuple[Entry | None, list[Problem]]:
    """Read one entry from disk against the schema: the entry (if it could be read at all)
    and its problems, including those that tie it to its folder."""
    try:
        with open(path, "rb", opener=_entry_opener) as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None, [Problem(path, 1, "is not a file (a pipe or a device?)")]
            data = file.read()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, [Problem(path, 1, LINKED)]
        return None, [Problem(path, 1, f"cannot be read ({error.strerror})")]
    text, problems = decode_entry(path, data)
    if text is None:
        return None, problems
    entry, problems = read_entry(path, text, kind)
    return entry, problems + entry_problems(entry, folder)


def update_names(folder: str | Path) -> list[str]:
    """The file names of a live blog's update entries (`*.md` in updates/, not hidden),
    sorted: one listing of the folder (every rebuild lists every live blog's)."""
    updates = os.path.join(folder, UPDATES)
    if not os.path.isdir(updates) or os.path.islink(updates):  # `check_live_blog` says why
        return []
    with os.scandir(updates) as found:
        return sorted(e.name for e in found if e.name.endswith(".md") and e.name[0] != ".")


def update_paths(folder: Path) -> list[Path]:
    updates = folder / UPDATES
    return [updates / name for name in update_names(folder)]


@dataclass
class CheckedLiveBlog:
    """A live blog's folder as read and checked: its entries (every one that could be
    read, even with problems), the raw post's bytes and every problem."""

    index: Entry | None = None
    updates: list[Entry] = field(default_factory=list)
    source: bytes | None = None
    problems: list[Problem] = field(default_factory=list)
    read: int = 0  # entries read


def check_live_blog(folder: Path, body_check: BodyCheck | None = None) -> CheckedLiveBlog:
    """One live blog's folder, as `check` and the build read it."""
    checked = CheckedLiveBlog(problems=stray_files(folder))
    if (folder / UPDATES).is_symlink():
        checked.problems.append(Problem(folder / UPDATES, 1, LINKED_UPDATES))
    if not (folder / INDEX).exists():
        return checked
    for path in [folder / INDEX, *update_paths(folder)]:
        kind = "live blog" if path.name == INDEX and path.parent == folder else "update"
        entry, found = load_entry(path, kind, folder.name)
        if entry is not None and body_check is not None and not found:
            found = body_check(entry)
        checked.problems += found
        checked.read += 1
        if entry is None:
            continue
        if kind == "live blog":
            checked.index = entry
        else:
            checked.updates.append(entry)
    if checked.index is not None:
        checked.source, found = read_source(checked.index)
        checked.problems += found
        checked.problems += live_blog_problems(checked.index, checked.updates, checked.source)
    return checked


def check_content(content: Path, body_check: BodyCheck | None = None) -> CheckResult:
    result = CheckResult()
    for folder in live_blog_folders(content):
        checked = check_live_blog(folder, body_check)
        result.live_blogs += 1
        result.entries += checked.read
        result.problems += checked.problems
    result.problems += misplaced_live_blogs(content)
    result.problems.sort()
    return result
