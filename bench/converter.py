"""Converter throughput on one synthetic raw post: `python -m bench.converter SIZE RUNS DIR`.

Runs in its own process so that its peak memory is its own. Prints one JSON object:
the raw post's size, the seconds of each run of `parse` (decode + parse into the model)
and of `convert` (what `liveblog-archive convert` does: parse, render the entries and
write them), the peak of Python allocations during one convert (tracemalloc, in a run
of its own since tracing slows Python down) and the process's maximum resident set.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

from liveblog_archive.cli import run
from liveblog_archive.convert.parser import decode_source, parse_live_blog

from .synth import raw_of_size

NEWEST = date(2024, 12, 7)


def measure(size: int, runs: int, work: Path) -> dict[str, object]:
    work.mkdir(parents=True, exist_ok=True)
    raw = raw_of_size(size).encode()
    path = work / f"raw-{size}.txt"
    path.write_bytes(raw)
    out = work / f"content-{size}"
    args = [
        "convert",
        str(path),
        "--slug",
        "bench",
        "--date",
        NEWEST.isoformat(),
        "--archived",
        "2026-11-24",
        "--out",
        str(out),
        "--force",
    ]
    parse_s, convert_s = [], []
    updates = 0
    for _ in range(runs):
        start = time.perf_counter()
        blog = parse_live_blog(decode_source(path.read_bytes()), slug="bench", newest_date=NEWEST)
        parse_s.append(time.perf_counter() - start)
        updates = len(blog.updates)
        del blog
        start = time.perf_counter()
        if run(args) != 0:
            raise SystemExit(f"convert failed on {path}")
        convert_s.append(time.perf_counter() - start)
    written = sum(1 for _ in (out / "bench" / "updates").glob("*.md"))
    if written != updates:
        raise SystemExit(f"convert wrote {written} entries, the parser found {updates}")
    tracemalloc.start()
    run(args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "size": size,
        "bytes": len(raw),
        "updates": updates,
        "parse_s": parse_s,
        "convert_s": convert_s,
        "peak_traced": peak,
        "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


if __name__ == "__main__":
    size, runs, work = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    print(json.dumps(measure(size, runs, work)))
