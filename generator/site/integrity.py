"""A build that fails loudly: it publishes the archive whole, or stops and says why.

- While it reads the content folder, the build shares the content store's lock
  (`store/content_store.py`): it waits for a convert replacing a live blog to finish,
  and finishes first what an interrupted convert left. Hidden folders are never read.
- Pelican reads each entry with our reader, which raises on any problem in it; Pelican
  then logs "Could not process" without the reason and goes on without the entry. So
  once every article is read, every live blog folder on disk is compared with what was
  read: a missing entry, a file that would be published from inside a live blog's folder,
  an `Updates:` count that does not match, positions, dates or a raw post that do not
  agree: each is logged as `file:line: message` (the same problems `check` reports, from
  the same code) and the build stops with `ArchiveError`, whose exit status is 1.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..store.checker import check_live_blog, update_paths
from ..store.content_store import opened
from ..store.schema import (
    INDEX,
    Problem,
    live_blog_folders,
    live_blog_problems,
    read_source,
    stray_files,
)
from .reader import ENTRY, entry_markdown, markdown_problems

log = logging.getLogger(__name__)

HIDDEN = ".*"


class ArchiveError(Exception):
    """The archive would publish wrongly; the problems were logged one per line."""

    exitcode = 1


def ignore_hidden_files(pelican: Any) -> None:
    """On `initialized`: never read a hidden file or folder as content (the content store's
    transactions live in one; Pelican's default `**/.*` does not match folder names)."""
    ignores = pelican.settings.setdefault("IGNORE_FILES", [])
    if HIDDEN not in ignores:
        ignores.append(HIDDEN)


def open_store(generator: Any) -> None:
    """On `article_generator_init`: share the content folder's lock until the articles'
    pages are written (`close_store`), after recovering an interrupted convert."""
    content = Path(generator.settings["PATH"])
    stack = ExitStack()
    if content.is_dir():
        stack.enter_context(
            opened(content, exclusive=False, on_wait=log.warning, on_recover=log.warning)
        )
    generator.liveblog_store = stack


def close_store(generator: Any) -> None:
    stack = getattr(generator, "liveblog_store", None)
    if stack is not None:
        generator.liveblog_store = None
        stack.close()


def check_live_blogs(generator: Any) -> None:
    """Stop the build if any live blog on disk would not be published whole and right."""
    content = Path(generator.settings["PATH"])
    read = {
        Path(item.source_path): item
        for item in (*generator.articles, *generator.hidden_articles, *generator.drafts)
    }
    problems: list[Problem] = []
    for folder in live_blog_folders(content) if content.is_dir() else []:
        paths = [folder / INDEX, *update_paths(folder)]
        items = [read.get(path) for path in paths]
        entries = [item.metadata.get(ENTRY) if item is not None else None for item in items]
        if all(entry is not None for entry in entries):
            index = entries[0]
            source, found = read_source(index)
            problems += stray_files(folder) + found + live_blog_problems(index, entries[1:], source)
            continue
        # An entry was not read: the reader raised. Say why, as `check` would.
        md = entry_markdown(generator.settings)
        _, found = check_live_blog(folder, markdown_problems(md))
        problems += found or [
            Problem(path, 1, "was not read by Pelican: see ARTICLE_PATHS, ARTICLE_EXCLUDES")
            for path, entry in zip(paths, entries, strict=True)
            if entry is None
        ]
    if problems:
        for problem in sorted(set(problems)):
            log.error("%s", problem)
        raise ArchiveError(
            f"{len(set(problems))} problem(s) in {content}: nothing was published "
            "(`liveblog-archive check` lists them too)"
        )
