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
from liveblog_archive.errors import ConvertError
from liveblog_archive.store.writer import render_entries

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


# Input an attacker (or an unlucky copy) can produce, next to the normal post: what took
# super-linear time before (a 40 KB line of `(@h)` groups took 32 s; 40,000 lowercase
# paragraphs 103 s for 1.4 MB).
HEAD = "Title\n\nUPDATE 1000 GMT:\n\n"
HOSTILE = {
    "a 40 KB line of (@h) groups": lambda: HEAD + "— " + "(@h)" * 10_000 + "\n",
    "40,000 paragraphs in lowercase": lambda: (
        HEAD + "Start of it\n\n" + "and more words\n\n" * 40_000
    ),
    "a 10 MB line": lambda: HEAD + "word " * 2_000_000 + "\n",
}


def measure_hostile(runs: int) -> list[dict[str, object]]:
    """Parse and render the entries (what convert does but writing) of each hostile input."""
    rows = []
    for name, make in HOSTILE.items():
        text = make()
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            try:
                blog = parse_live_blog(text, slug="bench", newest_date=NEWEST)
                render_entries(blog, text.encode())
            except ConvertError:
                pass  # a refusal is an answer too: what matters is how long it took
            seconds.append(time.perf_counter() - start)
        rows.append({"name": name, "bytes": len(text.encode()), "seconds": seconds})
    return rows


if __name__ == "__main__":
    if sys.argv[1] == "hostile":
        print(json.dumps(measure_hostile(int(sys.argv[2]))))
    else:
        size, runs, work = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
        print(json.dumps(measure(size, runs, work)))
