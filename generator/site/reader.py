"""Pelican's Markdown reader, with live blog entries read through the entry schema.

A live blog's entries (`<content>/<slug>/index.md`, `<content>/<slug>/updates/*.md`) are
not read with Python-Markdown's `meta` extension, as Pelican reads Markdown, but with
`store/schema.py`, the one header parser that `check` and the writer use too:
- a header problem (an unknown, duplicated, missing or mistyped field, a name that does
  not agree with the folder), a character feeds cannot hold, a `:::` block left open, a
  link to anything but http(s) or an image from another site raises `EntryError`, whose
  message is every problem as `file:line: message`; the plugin stops the build with them;
- the body alone is converted (a body line such as `Update: …` is never taken for
  metadata), always with our extension (raw HTML off, inert cards), by one `Markdown`
  instance for all entries, reset between them;
- the metadata Pelican gets is typed by the schema (`date` an aware datetime), plus the
  `Entry` itself as `liveblog_entry`, for the checks of the live blog as a whole and
  its JSON export.
Any other Markdown file is Pelican's, read as Pelican reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from ..store.checker import load_entry
from ..store.schema import INDEX, UPDATES, Entry, EntryError, Problem, is_live_blog_folder
from .markdown_ext import LiveBlogExtension

ENTRY = "liveblog_entry"  # metadata key: the schema's Entry, body left out
_META = "markdown.extensions.meta"
_OURS = "liveblog_archive.site.markdown_ext"


def entry_kind(path: Path, content: Path) -> tuple[Path, str] | None:
    """(live blog folder, "live blog" or "update") if `path` is one of a live blog's entries."""
    try:
        parts = path.relative_to(content).parts
    except ValueError:
        return None
    if len(parts) == 2 and parts[1] == INDEX:
        kind = "live blog"
    elif len(parts) == 3 and parts[1] == UPDATES and parts[2].endswith(".md"):
        kind = "update"
    else:
        return None
    folder = content / parts[0]
    return (folder, kind) if is_live_blog_folder(folder) else None


def entry_markdown(settings: dict[str, Any] | None = None) -> Markdown:
    """The Markdown instance for live blog entries: the site's extensions (but `meta`: the
    header is the schema's), and always ours."""
    config = dict((settings or {}).get("MARKDOWN", {}))
    configs = dict(config.get("extension_configs", {}))
    ours = configs.pop(_OURS, {})
    names = [
        e
        for e in dict.fromkeys([*config.get("extensions", []), *configs])
        if e not in (_META, _OURS)
    ]
    return Markdown(
        extensions=[*names, LiveBlogExtension(**ours)],
        extension_configs=configs,
        output_format=config.get("output_format", "html5"),
    )


def convert_body(md: Markdown, entry: Entry) -> tuple[str, list[Problem]]:
    """The body's HTML, and a problem for every link or image the policy refused."""
    md.reset()
    if "date" in entry.values:  # the moment its outbound links are meant at (Robust Links)
        md.liveblog_version = (entry.values["date"], entry.values.get("time-known", True))
    html = md.convert(entry.body)
    problems = []
    lines = entry.body.split("\n")
    for url, why in md.liveblog_link_problems:
        offset = next((i for i, line in enumerate(lines) if url and url in line), 0)
        problems.append(Problem(entry.path, entry.body_line + offset, f"{why}: {url!r}"))
    return html, problems


def markdown_problems(md: Markdown) -> Any:
    """For `check`: the problems the build's Markdown conversion would find in an entry."""

    def problems(entry: Entry) -> list[Problem]:
        return convert_body(md, entry)[1]

    return problems


def pelican_metadata(entry: Entry) -> dict[str, Any]:
    metadata: dict[str, Any] = dict(entry.values)
    when = entry.values["date"]
    metadata["date"] = SafeDatetime(
        when.year, when.month, when.day, when.hour, when.minute, when.second, tzinfo=when.tzinfo
    )
    metadata[ENTRY] = entry
    return metadata


class LiveBlogReader(MarkdownReader):
    """Markdown files: a live blog's entries through the schema, anything else as Pelican."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = Path(source_path)
        located = entry_kind(path, Path(self.settings["PATH"]))
        if located is None:
            return super().read(source_path)
        folder, kind = located
        entry, problems = load_entry(path, kind, folder.name)
        html = ""
        if entry is not None and not problems:
            md = getattr(self, "_entry_md", None)
            if md is None:
                md = self._entry_md = entry_markdown(self.settings)
            html, problems = convert_body(md, entry)
        if problems or entry is None:
            raise EntryError(problems)
        return html, pelican_metadata(entry)


def use_live_blog_reader(readers: Any) -> None:
    """On `readers_init`: our reader wherever Pelican's own Markdown reader would be used."""
    for ext, cls in list(readers.reader_classes.items()):
        if cls is MarkdownReader:
            readers.reader_classes[ext] = LiveBlogReader
