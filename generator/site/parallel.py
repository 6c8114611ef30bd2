"""A cold build on two cores: Pelican reads and writes on one, this puts a second to work.

Two parts of a build are CPU-bound and independent per file:
- converting the entries' Markdown (`reader.py`): a pool of one forked worker converts the
  files from the last backwards while Pelican's reader works from the first; where they
  meet, each file is converted once, by whichever gets to it first;
- rendering pages (`pelican_plugin.split_writing`): a forked process renders the live
  blog and permalink pages of some of the live blogs while this one renders the rest,
  the chronological views, feeds and JSON exports, and waits for it before recording what
  the next build can trust.

Pages are byte-for-byte what a serial build writes: the same code renders them from the
same (copied) objects. Both are switched on and off by one setting, `LIVEBLOG_PARALLEL`:
unset, only on Linux with two usable CPUs, no other thread running (forking a process
with threads is unsafe: `pelican --listen` serves from one; the one exception is the
thread refreshing the spinner of Pelican's command line, paused across the fork, see
`fork_guard`) and enough files to be worth a process; `False`, never; `True`, whenever
it is safe (tests use it on small archives).
Nothing survives the build: the pool is shut down when Pelican has read its files, the
second writer is waited for at the end of the articles' output (and killed if the build
is abandoned). A failure in the second process stops the build with its traceback.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import traceback
import weakref
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import Any

log = logging.getLogger(__name__)

SETTING = "LIVEBLOG_PARALLEL"
MIN_FILES = 200  # fewer than this: a second process costs more than it saves


class ParallelError(RuntimeError):
    """The second process failed; the message carries its traceback."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _spinner_threads() -> list[Any] | None:
    """Threads other than this one: rich's spinner refreshers, or None if any other."""
    found = []
    for thread in threading.enumerate():
        if thread is threading.current_thread():
            continue
        if type(thread).__name__ != "_RefreshThread" or not hasattr(thread, "live"):
            return None
        found.append(thread)
    return found


def allowed(settings: dict[str, Any], files: int) -> bool:
    """Whether to put a second process to work on `files` files or pages."""
    choice = settings.get(SETTING)
    if choice is False or files < 1:
        return False
    # fork() is only safe on Linux, and only without other threads (but see fork_guard).
    if not sys.platform.startswith("linux") or _spinner_threads() is None:
        return False
    return choice is True or (usable_cpus() >= 2 and files >= MIN_FILES)


@contextmanager
def fork_guard() -> Iterator[None]:
    """Around a fork: no other thread may hold a lock the child would need.

    `pelican` shows a rich spinner while it builds, refreshed by a thread that writes to
    the terminal holding the spinner's lock (and then the console's and stdout's). Holding
    the spinner's lock across the fork keeps that thread out of all of them; the child
    (whose only thread is this one, the lock's owner) releases it as the parent does.
    Any other thread: `allowed` said no, and this raises rather than fork.
    """
    threads = _spinner_threads()
    if threads is None:
        raise ParallelError("liveblog: not forking a process that runs other threads")
    with ExitStack() as held:
        for thread in threads:
            held.enter_context(thread.live._lock)
        yield


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, OSError, ValueError):
            stream.flush()


def _abandon(pid: int, fd: int) -> None:
    """The build ended without waiting for the child: stop it and reap it."""
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass
    with suppress(OSError):
        os.close(fd)


class Child:
    """`work()` run in a forked copy of this process; `wait()` raises if it failed."""

    def __init__(self, work: Callable[[], None]) -> None:
        read_end, write_end = os.pipe()
        try:
            with fork_guard():
                _flush()  # or the child would write this process's buffered output again
                pid = os.fork()
        except BaseException:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:  # the child: never returns to the caller
            code = 0
            try:
                os.close(read_end)
                work()
            except BaseException:
                code = 1
                try:
                    message = traceback.format_exc()[-30000:].encode("utf-8", "replace")
                    os.write(write_end, message)
                except BaseException:
                    pass
            finally:
                logging.shutdown()
                _flush()
                os._exit(code)
        os.close(write_end)
        self.pid = pid
        self._read = read_end
        self._finalizer = weakref.finalize(self, _abandon, pid, read_end)

    def wait(self) -> None:
        self._finalizer.detach()
        with os.fdopen(self._read, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")  # until the child exits
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise ParallelError(
                f"liveblog: the second process writing pages failed (exit status {code})"
                + (f":\n{message}" if message else "")
            )
