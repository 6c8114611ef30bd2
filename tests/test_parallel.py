"""A cold build on two cores (generator/parallel.py): the same bytes as a serial build, and
a failure in the second process stops the build with its traceback."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import build_site
from liveblog_archive.site import parallel

from bench.synth import ArchiveSpec, write_archive

SPEC = ArchiveSpec(blogs=4, updates=6)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_parallel_build_writes_the_bytes_of_a_serial_one(tmp_path, monkeypatch):
    content = tmp_path / "content"
    write_archive(SPEC, content)
    serial = files(build_site(content, tmp_path / "serial", LIVEBLOG_PARALLEL=False))

    decisions: list[bool] = []
    waited: list[int] = []
    allowed, wait = parallel.allowed, parallel.Child.wait

    def spy_allowed(settings, n):
        decisions.append(allowed(settings, n))
        return decisions[-1]

    def spy_wait(child):
        waited.append(child.pid)
        return wait(child)

    monkeypatch.setattr(parallel, "allowed", spy_allowed)
    monkeypatch.setattr(parallel.Child, "wait", spy_wait)
    both = files(build_site(content, tmp_path / "parallel", LIVEBLOG_PARALLEL=True))
    assert decisions == [True], "the writer used a second process"
    assert len(waited) == 1
    assert sorted(both) == sorted(serial)
    for name in serial:
        assert both[name] == serial[name], name


def test_a_failure_in_the_second_process_is_an_error_with_its_traceback():
    parallel.Child(lambda: None).wait()
    child = parallel.Child(lambda: 1 / 0)
    with pytest.raises(parallel.ParallelError, match="ZeroDivisionError"):
        child.wait()


def test_a_failing_second_writer_stops_the_build(tmp_path, monkeypatch):
    content = tmp_path / "content"
    write_archive(SPEC, content)
    start = parallel.Child.__init__

    def failing(child, work):
        def then_fail():
            work()
            raise RuntimeError("the second writer broke")

        start(child, then_fail)

    monkeypatch.setattr(parallel.Child, "__init__", failing)
    with pytest.raises(parallel.ParallelError, match="the second writer broke"):
        build_site(content, tmp_path / "out", LIVEBLOG_PARALLEL=True)
    # Nothing recorded: the next build renders every page again.
    assert not (tmp_path / "out.cache" / "liveblog-pages.json").exists()


def test_no_second_process_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.allowed({"LIVEBLOG_PARALLEL": True}, 1000)
        with pytest.raises(parallel.ParallelError), parallel.fork_guard():
            pass
    finally:
        stop.set()
        thread.join()
    assert parallel.allowed({"LIVEBLOG_PARALLEL": True}, 1000)
    assert not parallel.allowed({"LIVEBLOG_PARALLEL": False}, 1000)
