"""`make bench-scale`: our build from 10,000 to 150,000 updates, and one live blog of 20,000.

    python -m bench.scale [--sizes 200,1000,3000] [--updates 50] [--long 20000]
                          [--runs 1] [--work DIR] [--markdown BENCHMARKS.md] [--json FILE]

For each size (live blogs × UPDATES; the default 200, 1,000 and 3,000 × 50 are 10,000,
50,000 and 150,000 updates) a synthetic archive is written with our own converter
(`bench/synth.py`, as `make bench` writes its own), and the largest is built once more
with one live blog of LONG updates added (3,000 × 50 + 20,000 = 170,000 updates). Each
archive is timed:
1. a cold build (`make html`'s build: no cache, no output; the search index included);
2. a rebuild after one update was edited (as `make bench`: a paragraph appended);
3. Pagefind alone on the cold build's output (`search.SearchIndex`, every shard, in a
   process of its own), so that the index's own time and memory are seen apart from the
   build's.
Each measured command runs in its own session; the memory of the build is the peak, over
its run, of the resident memory of every process of that session added up (sampled from
/proc every 50 ms: Pelican's process, its worker processes and their forkserver, the
Pagefind command), beside the largest single process (`ru_maxrss` of the reaped tree).
Pages shared by forked processes are counted once per process, so the sum is an upper
bound. Then the sizes: the whole site, the search index (output/pagefind/), and the
biggest page. Trends are given as ratios per update from the smallest archive to each
larger one (1.00× is linear). The tables go between the `bench-scale:` markers of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from liveblog_archive.store.schema import ANCHOR

from .run import (
    ROOT,
    BenchError,
    _expect,
    _fresh,
    _reap,
    adopt_orphans,
    count_ours,
    edit_update,
    ours_command,
    versions,
    write_markdown,
)
from .synth import ArchiveSpec, convert, raw_post, write_archive

START = "<!-- bench-scale:start -->"
END = "<!-- bench-scale:end -->"
LONG_SLUG = "synthetic-long"
LIMIT = 2_000_000_000  # peak memory budget of a build: 2 GB (decimal, the stricter reading)


# ---------------------------------------------------------------------------- memory


def _session_rss(sid: int) -> dict[str, int]:
    """Resident bytes of the processes in session `sid`, added up by kind: the build's
    main process (the session's leader), Pagefind's, and the others (worker processes,
    their forkserver and resource tracker)."""
    parts = {"main": 0, "workers": 0, "pagefind": 0}
    page = os.sysconf("SC_PAGE_SIZE")
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
            # Fields after the command's closing parenthesis: state ppid pgrp session …
            fields = stat[stat.rindex(b")") + 2 :].split()
            if int(fields[3]) != sid:
                continue
            command = stat[stat.index(b"(") + 1 : stat.rindex(b")")]
            with open(f"/proc/{name}/statm", "rb") as f:
                rss = int(f.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
        kind = "main" if int(name) == sid else "pagefind" if b"pagefind" in command else "workers"
        parts[kind] += rss
    return parts


@dataclass
class Measure:
    wall: float
    cpu: float  # user + system of every process of the command
    peak_tree: int  # bytes: the most the session held at once (sampled)
    max_process: int  # bytes: the largest single process (ru_maxrss)
    at_peak: dict[str, int] = field(default_factory=dict)  # peak_tree by kind of process


def measured(cmd: list[str], cwd: Path, every: float = 0.05) -> Measure:
    """Run `cmd` in a session of its own; its time, CPU and memory (see the docstring)."""
    _reap()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    peak: dict[str, int] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            parts = _session_rss(proc.pid)
            if sum(parts.values()) > sum(peak.values()):
                peak = parts
            done.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    _reap()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Measure(elapsed, cpu, sum(peak.values()), after.ru_maxrss * 1024, peak)


# ---------------------------------------------------------------------------- one archive


@dataclass
class Scale:
    name: str
    blogs: int
    updates: int  # in all
    cold: list[Measure] = field(default_factory=list)
    edit: list[Measure] = field(default_factory=list)
    index: list[Measure] = field(default_factory=list)
    site_bytes: int = 0
    site_files: int = 0
    search_bytes: int = 0
    search_files: int = 0
    biggest: tuple[str, int] = ("", 0)
    biggest_update_page: tuple[str, int] = ("", 0)


def write_long(out: Path, updates: int) -> None:
    """One live blog of `updates` updates (a year and more of a daily rolling page)."""
    raw = raw_post(7, updates, date(2024, 12, 7), per_day=40)
    convert(raw, LONG_SLUG, out, date(2024, 12, 7))


def sizes_of(output: Path) -> dict[str, object]:
    site = files = search = search_files = 0
    biggest = ("", 0)
    biggest_update = ("", 0)
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(output).as_posix()
        site += size
        files += 1
        if rel.startswith("pagefind/"):
            search += size
            search_files += 1
        elif rel.endswith(".html"):
            if size > biggest[1]:
                biggest = (rel, size)
            parts = rel.split("/")  # <slug>/<anchor>/index.html
            if len(parts) == 3 and ANCHOR.match(parts[1]) and size > biggest_update[1]:
                biggest_update = (rel, size)
    return {
        "site_bytes": site,
        "site_files": files,
        "search_bytes": search,
        "search_files": search_files,
        "biggest": biggest,
        "biggest_update_page": biggest_update,
    }


def index_command(content: Path, output: Path, cache: Path) -> list[str]:
    """Pagefind alone on a built site, every shard, as the build runs it (without the
    build's record: it builds everything)."""
    code = (
        "import sys; from pathlib import Path; "
        "from liveblog_archive.site.search import SearchIndex; "
        "from liveblog_archive.store.schema import live_blog_folders; "
        "slugs = [f.name for f in live_blog_folders(Path(sys.argv[1]))]; "
        "SearchIndex({'CACHE_PATH': sys.argv[3]}, sys.argv[2]).update(slugs)"
    )
    return [sys.executable, "-c", code, str(content), str(output), str(cache)]


def bench_archive(scale: Scale, work: Path, runs: int, log) -> None:
    content, output, cache = work / "content", work / "output", work / "cache"
    cmd = ours_command(content, output, cache)
    for i in range(runs):
        _fresh(output, cache)
        scale.cold.append(measured(cmd, ROOT))
        m = scale.cold[-1]
        log(f"  {scale.name}: cold {i + 1}/{runs}: {m.wall:.1f} s, {m.peak_tree / 1e6:.0f} MB")
    long = 1 if (content / LONG_SLUG).is_dir() else 0
    _expect("our cold build", count_ours(output), scale.blogs, scale.updates)
    for key, value in sizes_of(output).items():
        setattr(scale, key, value)
    for i in range(runs):
        page = edit_update(content, ArchiveSpec().slug(i % (scale.blogs - long)), i)
        scale.edit.append(measured(cmd, ROOT))
        m = scale.edit[-1]
        log(f"  {scale.name}: rebuild {i + 1}/{runs}: {m.wall:.1f} s, {m.peak_tree / 1e6:.0f} MB")
        if f"Correction {i}" not in (output / page).read_text("utf-8"):
            raise BenchError(f"the rebuild did not update {page}")
    for i in range(runs):
        scale.index.append(measured(index_command(content, output, work / "index-cache"), ROOT))
        m = scale.index[-1]
        log(f"  {scale.name}: search index {i + 1}/{runs}: {m.wall:.1f} s")


# ---------------------------------------------------------------------------- report


def _med(ms: list[Measure], key: str) -> float:
    return statistics.median(getattr(m, key) for m in ms)


def _mb(n: float) -> str:
    if n < 1e6:
        return f"{n / 1e3:.0f} KB"
    return f"{n / 1e6:,.0f} MB" if n >= 10e6 else f"{n / 1e6:.1f} MB"


def table(scales: list[Scale], runs: int) -> list[str]:
    each = "one run" if runs == 1 else f"median of {runs} runs"
    lines = [
        f"| Archive | Updates | Cold build ({each}) | CPU | Peak memory, all processes |"
        " Largest process | Rebuild after one edit | Its peak memory |"
        " Search index alone (Pagefind) | Pagefind's memory |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scales:
        lines.append(
            f"| {s.name} | {s.updates:,} | {_med(s.cold, 'wall'):.1f} s"
            f" | {_med(s.cold, 'cpu'):.1f} s | {_mb(_med(s.cold, 'peak_tree'))}"
            f" | {_mb(_med(s.cold, 'max_process'))} | {_med(s.edit, 'wall'):.1f} s"
            f" | {_mb(_med(s.edit, 'peak_tree'))} | {_med(s.index, 'wall'):.1f} s"
            f" | {_mb(_med(s.index, 'peak_tree'))} |"
        )
    lines += [
        "",
        "| Archive | Site | Files | KB per update | Search index | Its files |"
        " Search index per 10,000 updates | Biggest page | Biggest permalink page |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for s in scales:
        lines.append(
            f"| {s.name} | {_mb(s.site_bytes)} | {s.site_files:,}"
            f" | {s.site_bytes / s.updates / 1e3:.1f} | {_mb(s.search_bytes)}"
            f" | {s.search_files:,} | {_mb(s.search_bytes / s.updates * 10_000)}"
            f" | `{s.biggest[0]}` {_mb(s.biggest[1])}"
            f" | `{s.biggest_update_page[0]}` {s.biggest_update_page[1] / 1e3:.0f} KB |"
        )
    base = scales[0]
    trend = []
    for s in scales[1:]:
        per = s.updates / base.updates

        def ratio(a: float, b: float, per: float = per) -> str:
            return f"{a / b / per:.2f}×"

        trend.append(
            f"- {base.name} → {s.name} ({per:.0f}× the updates): cold build"
            f" {ratio(_med(s.cold, 'wall'), _med(base.cold, 'wall'))} per update,"
            f" CPU {ratio(_med(s.cold, 'cpu'), _med(base.cold, 'cpu'))},"
            f" rebuild after one edit {ratio(_med(s.edit, 'wall'), _med(base.edit, 'wall'))},"
            f" search index {ratio(_med(s.index, 'wall'), _med(base.index, 'wall'))},"
            f" site size {ratio(s.site_bytes, base.site_bytes)},"
            f" index size {ratio(s.search_bytes, base.search_bytes)},"
            f" peak memory {ratio(_med(s.cold, 'peak_tree'), _med(base.cold, 'peak_tree'))}"
            f" ({_mb(_med(s.cold, 'peak_tree'))} against {_mb(_med(base.cold, 'peak_tree'))})."
        )
    lines += ["", "At the peak of each cold build, by process (MB):", ""]
    for s in scales:
        m = max(s.cold, key=lambda m: m.peak_tree)
        parts = ", ".join(f"{k} {v / 1e6:,.0f}" for k, v in m.at_peak.items())
        lines.append(f"- {s.name}: {parts}.")
    peak = max(max(m.peak_tree for m in s.cold + s.edit + s.index) for s in scales)
    verdict = "under" if peak < LIMIT else "**over**"  # 2 GB: 2,000 MB
    lines += [
        "",
        "Trend, per update, from the smallest archive (1.00× is linear; above 1 grows faster):",
        "",
        *trend,
        "",
        f"Peak memory of any build or index above: {_mb(peak)}, {verdict} the 2 GB budget.",
    ]
    return lines


def report(scales: list[Scale], runs: int, argv: list[str], info: dict[str, str]) -> str:
    command = "make bench-scale" if not argv else "python -m bench.scale " + " ".join(argv)
    lines = [
        START,
        f"Reproduce: `{command}` (all figures from one run).",
        "",
        f"Machine: {info['nproc']} cores, {info['cpu']}; Python {info['python']},"
        f" Pelican {info['pelican']}; {info['date']}.",
        "",
        *table(scales, runs),
        END,
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="200,1000,3000", help="numbers of live blogs")
    p.add_argument("--updates", type=int, default=50, help="updates per live blog")
    p.add_argument("--long", type=int, default=20_000, help="updates of the one long live blog")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    p.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    p.add_argument("--no-markdown", action="store_true")
    p.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if not sizes or min(sizes) < args.runs or args.updates < 3 or args.runs < 1:
        p.error("need sizes ≥ --runs ≥ 1 and --updates ≥ 3")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    own_work = args.work is None
    shm = Path("/dev/shm")
    where = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    work = Path(tempfile.mkdtemp(prefix="liveblog-scale-", dir=where)) if own_work else args.work
    scales: list[Scale] = []
    try:
        _fresh(work)
        work.mkdir(parents=True)
        adopt_orphans()
        plan = [(n, False) for n in sizes] + ([(sizes[-1], True)] if args.long else [])
        for blogs, long in plan:
            spec = ArchiveSpec(blogs, args.updates)
            folder = work / f"{blogs}{'-long' if long else ''}"
            log(f"writing {blogs} × {args.updates} updates{' + one long' if long else ''}")
            total = write_archive(spec, folder / "content")
            name = f"{blogs:,} × {args.updates}"
            if long:
                write_long(folder / "content", args.long)
                total += args.long
                name += f" + 1 × {args.long:,}"
            scale = Scale(name, blogs + long, total)
            bench_archive(scale, folder, args.runs, log)
            scales.append(scale)
            shutil.rmtree(folder, ignore_errors=True)  # a 150,000-update site is gigabytes
    except BenchError as exc:
        log(f"error: {exc}")
        return 1
    finally:
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    section = report(scales, args.runs, argv, versions())
    print(section.replace(START + "\n", "").replace(END + "\n", ""))
    if not args.no_markdown:
        write_markdown(args.markdown, section, START, END)
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in scales], indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
