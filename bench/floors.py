"""What the libraries a build stands on cost by themselves, on the bench's archive: the
floor under our build's time, whatever our own code does (BENCHMARKS.md, issue 10's
targets).

    python -m bench.floors [--blogs 200] [--updates 50] [--runs 5]

1. Python-Markdown converting every entry's body, with our extension (one instance,
   reset between entries, as the build does), without it, and markdown-it-py
   (CommonMark; installed with rich) for comparison: one process, the median of RUNS;
2. Jinja rendering every update's permalink page (`update.html`), in one process, as
   the build renders it (the live blogs read and checked first, untimed);
3. Pelican's own start: `import pelican`, and `pelican` on an empty site with our
   settings, plugin and theme (fresh processes, the median of RUNS).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import markdown
from liveblog_archive.site.plugin import add_filters
from liveblog_archive.site.reader import LiveBlogReader, convert_body, entry_markdown
from liveblog_archive.site.shard import LiveBlogView, PageWriter, Shard, attach_renderers, unpack
from liveblog_archive.store.checker import load_entry, update_paths
from liveblog_archive.store.schema import INDEX, live_blog_folders
from markdown_it import MarkdownIt
from pelican.settings import read_settings

from .synth import ArchiveSpec, write_archive

ROOT = Path(__file__).resolve().parent.parent


def _median(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def markdown_floor(content: Path, runs: int) -> dict[str, float]:
    entries = []
    for folder in sorted(p for p in content.iterdir() if p.is_dir()):
        for path in update_paths(folder):
            entry, _ = load_entry(path, "update", folder.name)
            if entry is not None:
                entries.append(entry)
    ours = entry_markdown(read_settings(str(ROOT / "pelicanconf.py")))
    plain = markdown.Markdown(output_format="html5")
    commonmark = MarkdownIt("commonmark", {"html": False})

    def without() -> None:
        for entry in entries:
            plain.reset()
            plain.convert(entry.body)

    return {
        "entries": len(entries),
        "ours": _median(runs, lambda: [convert_body(ours, e) for e in entries]),
        "python-markdown": _median(runs, without),
        "markdown-it-py": _median(runs, lambda: [commonmark.render(e.body) for e in entries]),
    }


def template_floor(content: Path, work: Path) -> dict[str, float]:
    """Every live blog read by a shard, then each update's permalink page rendered with the
    template the build's page writer uses (its archive band rendered first, as it does)."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(work / "out"), "LIVEBLOG_SEARCH": False},
    )
    add_filters(SimpleNamespace(settings=settings))  # as the plugin does on `initialized`
    reader = LiveBlogReader(settings)
    shard = Shard(settings, str(content), settings["THEME"], str(work / "out"))
    writer = PageWriter(shard.generator, None, work / "out")
    views = []
    for folder in live_blog_folders(content):
        html, meta = reader.read(str(folder / INDEX))
        views.append(
            LiveBlogView(
                folder=str(folder),
                title=meta["title"],
                content=html,
                summary="",
                metadata=meta,
                date=meta["date"],
                url=f"{folder.name}/",
            )
        )
    shard.read(views)
    rendered, pages = 0.0, 0
    for kept in shard.blogs:
        blog = unpack(kept, settings) if isinstance(kept, bytes) else kept
        attach_renderers(blog, settings)
        writer.render_band(blog)
        for update in blog.updates:
            start = time.perf_counter()
            html = writer.update_page.render(
                {**writer.context, "article": update, "url": update.url}
            )
            rendered += time.perf_counter() - start
            if 'id="cite-title"' not in html or update.title not in unescape(html):
                raise SystemExit(f"{update.url}: not the permalink page the build writes")
            pages += 1
    return {"pages": pages, "update.html": rendered}


def start_floor(runs: int, work: Path) -> dict[str, float]:
    python = sys.executable
    empty = work / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    build = [
        *(python, "-m", "pelican", str(empty), "-o", str(work / "empty-out")),
        *("-s", str(ROOT / "pelicanconf.py"), "-q"),
        *("-e", f'CACHE_PATH="{work / "empty-cache"}"', "LIVEBLOG_SEARCH=false"),
    ]

    def run(cmd: list[str]) -> None:
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)

    return {
        "python": _median(runs, lambda: run([python, "-c", "pass"])),
        "import pelican": _median(runs, lambda: run([python, "-c", "import pelican"])),
        "pelican, empty site": _median(runs, lambda: run(build)),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.floors", description=__doc__.split("\n")[0])
    p.add_argument("--blogs", type=int, default=200)
    p.add_argument("--updates", type=int, default=50)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="liveblog-floors-"))
    try:
        content = work / "content"
        write_archive(ArchiveSpec(args.blogs, args.updates), content)
        md = markdown_floor(content, args.runs)
        print(f"Markdown, {md['entries']:,} update bodies, one process (median of {args.runs}):")
        for name in ("ours", "python-markdown", "markdown-it-py"):
            label = {
                "ours": "Python-Markdown with our extension (the build's)",
                "python-markdown": "Python-Markdown alone",
                "markdown-it-py": "markdown-it-py (CommonMark)",
            }[name]
            print(f"  {label}: {md[name]:.2f} s")
        tpl = template_floor(content, work)
        pages, seconds = tpl["pages"], tpl["update.html"]
        print(f"Jinja, update.html for {pages:,} permalink pages: {seconds:.2f} s")
        start = start_floor(args.runs, work)
        print(f"Start (fresh processes, median of {args.runs}):")
        for name, seconds in start.items():
            print(f"  {name}: {seconds:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
