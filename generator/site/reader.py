"""Pelican's Markdown reader, made cheaper per file for archives of thousands of entries.

Pelican builds a new `Markdown` instance for every file (a third of the time it spends
reading an update entry) and parses every `Date:` with dateutil (another sixth). Same
output, less work:
- one `Markdown` instance for all files, `reset()` between them as Python-Markdown
  documents; Pelican's reader unregisters the `meta` preprocessor after each file's
  header, so it is registered again before the next;
- a `Date:` the way our converter writes it (`2024-12-07T17:37:00+00:00`) is read with
  `datetime.fromisoformat`, giving the value dateutil gives (UTC as `tzutc()`); any
  other date is left to Pelican;
- on a cold build (not a rebuild from Pelican's cache), a second process converts the
  entries' Markdown (`prefetch`, see `parallel.py`): a pool of one forked worker takes
  chunks of files from the last backwards while Pelican's reader goes from the first; a
  chunk the worker has not started when the reader reaches it is cancelled and converted
  here, so each file is converted once. Metadata is still parsed here, by Pelican's code.
  A file the worker could not convert is converted here again, so its error is reported
  as in a serial build; a worker that died leaves every remaining file to this process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from dateutil.tz import tzutc
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, file_suffix, pelican_open

from . import parallel

log = logging.getLogger(__name__)

_UTC_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")
_META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


CHUNK = 50  # files per task given to the worker

Converted = tuple[str, dict[str, list[str]] | None]


def convert_file(md: Markdown, path: str) -> Converted:
    """One file's HTML and `Meta` (its metadata header), with a reused Markdown instance."""
    md.reset()
    with pelican_open(path) as text:
        return md.convert(text), getattr(md, "Meta", None)


def convert_files(markdown: dict[str, Any], paths: list[str]) -> list[Converted | None]:
    """In the worker: each file as `read` would convert it; None if it failed (the reader
    converts that file again and reports the error)."""
    md = Markdown(**markdown)
    converted: list[Converted | None] = []
    for path in paths:
        try:
            converted.append(convert_file(md, path))
        except Exception:
            converted.append(None)
    return converted


class SharedMarkdownReader(MarkdownReader):
    """MarkdownReader with one Markdown instance and a fast path for our dates."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        md = getattr(self, "_shared", None)
        if md is None:
            md = self._shared = Markdown(**self.settings["MARKDOWN"])
            self._meta = md.preprocessors["meta"]
        elif "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta, "meta", _META_PRIORITY)
        self._md = md
        content, meta = self._prefetched(source_path) or convert_file(md, source_path)
        metadata = self._parse_metadata(meta) if meta is not None else {}
        return content, metadata

    # ------------------------------------------------------------------ second process

    def prefetch(self, paths: list[str]) -> None:
        """Start converting `paths` (absolute, in the order Pelican will read them)."""
        self.stop_prefetch()
        if not parallel.allowed(self.settings, len(paths)):
            return
        chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
        markdown = self.settings["MARKDOWN"]
        with parallel.fork_guard():  # the executor forks its worker on the first submit
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            try:
                futures = [pool.submit(convert_files, markdown, c) for c in reversed(chunks)]
            except OSError as error:  # no process to be had: Pelican's reader does it all
                pool.shutdown(wait=True, cancel_futures=True)
                log.warning("liveblog: could not start a second process (%s); reading on", error)
                return
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        futures.reverse()
        self._pool = pool
        self._chunk_of = {p: (i, j) for i, chunk in enumerate(chunks) for j, p in enumerate(chunk)}
        self._futures: list[Future[list[Converted | None]] | None] = list(futures)
        self._results: dict[int, list[Converted | None]] = {}
        self._left = len(paths)
        log.debug("liveblog: converting %d files in a second process", len(paths))

    def _prefetched(self, source_path: str) -> Converted | None:
        """The worker's result for this file, or None: convert it here."""
        where = getattr(self, "_chunk_of", {}).pop(source_path, None)
        if where is None:
            return None
        index, position = where
        self._left -= 1
        results = self._results.get(index)
        if results is None:
            future = self._futures[index]
            self._futures[index] = None
            results = []
            if future is not None and not future.cancel():  # started or done: wait for it
                try:
                    results = future.result()
                except Exception as error:  # the worker died: this process goes on alone
                    log.warning("liveblog: the second process failed (%s); reading on", error)
                    self.stop_prefetch()
                    return None
            self._results[index] = results
        converted = results[position] if position < len(results) else None
        if self._left == 0:
            self.stop_prefetch()
        return converted

    def stop_prefetch(self) -> None:
        """Shut the worker down (after the last file, or when Pelican has read them all)."""
        pool = getattr(self, "_pool", None)
        self._pool = None
        self._chunk_of = {}
        self._futures = []
        self._results = {}
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def process_metadata(self, name: str, value: Any) -> Any:
        if name == "date" and isinstance(value, str) and _UTC_ISO.match(value):
            return SafeDatetime.fromisoformat(value[:-6]).replace(tzinfo=tzutc())
        return super().process_metadata(name, value)


def use_shared_markdown(readers: Any) -> None:
    """On `readers_init`: our reader wherever Pelican's own Markdown reader would be used."""
    for ext, cls in list(readers.reader_classes.items()):
        if cls is MarkdownReader:
            readers.reader_classes[ext] = SharedMarkdownReader


def start_prefetch(generator: Any) -> None:
    """On `article_generator_init`: on a cold build (no cache loaded), convert the articles
    Pelican will read in a second process, in the order it reads them (the same walk into
    the same set, so the same order)."""
    by_reader: dict[int, tuple[SharedMarkdownReader, list[str]]] = {}
    readers = generator.readers
    settings = generator.settings
    if settings.get(parallel.SETTING) is False:
        return
    if getattr(readers, "_cache", None) or getattr(generator, "_cache", None):
        # A rebuild: Pelican's cache is loaded and most files are served from it. Which
        # changed is known only by a stat() per file, more than the few it reads cost.
        return
    for name in generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
    ):
        reader = readers.readers.get(file_suffix(name))
        if isinstance(reader, SharedMarkdownReader):
            path = os.path.abspath(os.path.join(generator.path, name))
            by_reader.setdefault(id(reader), (reader, []))[1].append(path)
    for reader, paths in by_reader.values():
        reader.prefetch(paths)


def stop_prefetch(generator: Any) -> None:
    """On `article_generator_pretaxonomy` (Pelican has read every article): no worker left."""
    for reader in generator.readers.readers.values():
        if isinstance(reader, SharedMarkdownReader):
            reader.stop_prefetch()
