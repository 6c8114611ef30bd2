"""One Pelican process building an archive again after each edit, as `make regenerate` and
`make devserver` do (`pelican --autoreload`): what an editor reviewing entries waits for.

    python -m bench.regenerate CONTENT OUTPUT CACHE RUNS

Builds once (untimed: the output and cache brought up to date), then RUNS times: edits one
update of another live blog (`bench.run.edit_update`), runs the same Pelican again, checks
that the edited update's page shows the edit, and times that build alone (wall and CPU
time of this process; a build of one live blog never starts worker processes). Prints
the times as JSON. Without the search index: Pagefind cannot index in place.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from .run import edit_update

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    content, output, cache, runs = Path(argv[0]), Path(argv[1]), Path(argv[2]), int(argv[3])
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            "LIVEBLOG_SEARCH": False,
        },
    )
    pelican = Pelican(settings)
    pelican.run()
    blogs = sorted(p.name for p in content.iterdir() if (p / "updates").is_dir())
    wall, cpu = [], []
    for i in range(runs):
        slug = blogs[(len(blogs) // 2 + i) % len(blogs)]
        page = edit_update(content, slug, 1000 + i)
        start, start_cpu = time.perf_counter(), time.process_time()
        pelican.run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if f"Correction {1000 + i}" not in (output / page).read_text("utf-8"):
            print(f"the build did not update {page}", file=sys.stderr)
            return 1
    print(json.dumps({"wall": wall, "cpu": cpu}))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main(sys.argv[1:]))
