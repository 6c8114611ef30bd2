"""A build that fails loudly: it publishes the archive whole, or stops and says why.

- While it reads and writes, the build shares the content store's lock
  (`store/content_store.py`): it waits for a convert replacing a live blog to finish,
  and first finishes what an interrupted convert left. Hidden files and folders are never
  read as content (Pelican's default `**/.*` does not match folder names).
- The live blogs' updates/ folders are left to our generator (`liveblogs.py`), which
  reads them through the entry schema, exactly as `check` does.
- Every problem (a live blog whose index.md Pelican could not read, an entry with a bad
  header, an `Updates:` count, positions, dates or a raw post that do not agree) is
  logged as `file:line: message` and the build stops with `ArchiveError`, exit status 1.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Any, NoReturn

from ..store.content_store import opened
from ..store.schema import UPDATES, Problem, live_blog_folders

log = logging.getLogger(__name__)

HIDDEN = ".*"


class ArchiveError(Exception):
    """The archive would publish wrongly; the problems were logged one per line."""

    exitcode = 1


def ignore_hidden_files(pelican: Any) -> None:
    """On `initialized`: never read a hidden file or folder as content (the content store's
    transactions live in one)."""
    ignores = pelican.settings.setdefault("IGNORE_FILES", [])
    if HIDDEN not in ignores:
        ignores.append(HIDDEN)


def exclude_updates(settings: dict[str, Any]) -> None:
    """Before Pelican looks for articles: each live blog's updates/ folder is ours."""
    content = Path(settings["PATH"])
    excludes = settings.setdefault("ARTICLE_EXCLUDES", [])
    for folder in live_blog_folders(content) if content.is_dir() else []:
        name = f"{folder.name}/{UPDATES}"
        if name not in excludes:
            excludes.append(name)


def open_store(content: Path) -> ExitStack:
    """Share the content folder's lock (after recovering an interrupted convert) until the
    returned stack is closed."""
    stack = ExitStack()
    if content.is_dir():
        stack.enter_context(
            opened(content, exclusive=False, on_wait=log.warning, on_recover=log.warning)
        )
    return stack


def fail(problems: list[Problem], content: Path) -> NoReturn:
    unique = sorted(set(problems))
    for problem in unique:
        log.error("%s", problem)
    raise ArchiveError(
        f"{len(unique)} problem(s) in {content}: nothing was published "
        "(`liveblog-archive check` lists them too)"
    )
