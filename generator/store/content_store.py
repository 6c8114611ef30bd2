"""The content store: replace a live blog's folder so that nothing is ever lost.

`content/<slug>/` is the archive of one live blog: what the converter wrote and what
editors changed since. Replacing it must never leave it missing, half-written or with an
edit silently thrown away, whatever happens: a second convert at the same time, an edit
saved during the convert, a build reading it, a kill at any instant, a full disk.

- **One lock per content folder** (`flock` on `content/.liveblog-archive/lock`): a convert
  holds it exclusively, a build or `check` shares it, so a build never reads a folder in
  the middle of its replacement and two converts never interleave.
- **A transaction folder** `content/.liveblog-archive/tx-<id>/` holds the new folder
  (`new/`) and a journal naming the live blog, both written and fsynced before anything in
  `content/<slug>` moves. Hidden folders are never read as content.
- **The swap** exchanges `tx-<id>/new` and `content/<slug>` in one atomic step
  (`renameat2(RENAME_EXCHANGE)` on Linux), so `content/<slug>` is at every instant the
  complete old folder or the complete new one. Where the system cannot exchange (another
  OS, a file system without it), the old folder is first moved to `tx-<id>/old` and the
  new one into place: for that instant the live blog is missing, and the journal lets the
  next run put the old one back.
- **The guard** (edits, another live blog's source, a file where a folder should be) is
  run by the caller under the lock, just before the swap; the files it saw are fingerprinted
  and compared again after the swap: an edit saved in between swaps the old folder back
  and fails, naming the file.
- **Recovery**: any run of `convert`, `check` or the build takes the lock and finishes
  what an interrupted run left: a live blog moved out is put back, transaction folders
  (and the leftovers of earlier versions, `.<slug>.new-*`/`.<slug>.old-*`) are removed.

`checkpoint(step)` is called at every step of a replacement: tests inject kills and edits
there (never by timing).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from ..errors import ConvertError

STORE = ".liveblog-archive"  # inside content/: the lock and transactions, never content
LOCK = "lock"
JOURNAL = "journal.json"
NEW, OLD = "new", "old"
WAIT_SECONDS = 600.0

Guard = Callable[[Path], dict[str, str]]  # content/<slug> → {file: sha256} it checked


def checkpoint(step: str) -> None:
    """A named step of a replacement ("staged", "journaled", "checked", "swapped",
    "verified", "committed"): nothing happens here; tests inject failures."""


# ---------------------------------------------------------------------------- files


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(path: Path, data: bytes) -> None:
    """Write a file and make it reach the disk before anything refers to it."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@cache
def _syncfs() -> Callable[[int], int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    return function


def sync_filesystem(path: Path) -> bool:
    """Make everything written on `path`'s file system reach the disk in one call (Linux
    `syncfs`); False where the system cannot (the caller then syncs file by file)."""
    function = _syncfs()
    if function is None:
        return False
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        return function(fd) == 0
    finally:
        os.close(fd)


def files_below(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Every file below `folder` (hidden ones too, no links), by relative path, sorted:
    `os.scandir`, which a folder of 10,000 entries needs (pathlib took 0.36 s here)."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    pending = [(os.fspath(folder), "")]
    while pending:
        path, prefix = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file(follow_symlinks=False):
                    found.append((prefix + entry.name, entry))
    found.sort(key=lambda item: item[0])
    return found


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file below `folder`, relative path → SHA-256 (hidden ones too)."""
    return {rel: _sha256(entry.path) for rel, entry in files_below(folder)}


def _sha256(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def file_states(folder: Path) -> dict[str, tuple[int, int, int, int]]:
    """Every file below `folder`, relative path → (inode, size, mtime, ctime). Any write
    to a file, or a new file in its place, changes one of them (the kernel sets ctime on
    every change, and no tool can set it back)."""
    states = {}
    for rel, entry in files_below(folder):
        st = entry.stat(follow_symlinks=False)
        states[rel] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return states


@cache
def _renameat2() -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    return function


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


# ---------------------------------------------------------------------------- the lock


@contextmanager
def opened(
    content: Path,
    *,
    exclusive: bool,
    wait: float = WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
    on_recover: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold `content`'s lock (exclusive to write, shared to read) after recovering what an
    interrupted run left. A content folder that cannot be written to (a read-only
    checkout) is read without a lock: nothing can replace its folders either."""
    store = content / STORE
    try:
        store.mkdir(exist_ok=True)
        ignore = store / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# liveblog-archive's lock and transactions: never commit them\n*\n")
        fd = os.open(store / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        if exclusive or error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        yield
        return
    try:
        _acquire(fd, content, wait, on_wait)
        for message in recover(content):
            if on_recover is not None:
                on_recover(message)
        if not exclusive:
            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, content: Path, wait: float, on_wait: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if not told and on_wait is not None:
            on_wait(f"{content}: waiting for another convert or build to finish with it")
            told = True
        if time.monotonic() >= deadline:
            raise ConvertError(
                f"another convert or build has held its lock for {wait:.0f} s; try again "
                "when it has finished",
                path=content,
            )
        time.sleep(0.05)


# ---------------------------------------------------------------------------- recovery


def recover(content: Path) -> list[str]:
    """Finish what interrupted runs left (the exclusive lock is held): what was done."""
    done = []
    store = content / STORE
    for tx in sorted(store.glob("tx-*")) if store.is_dir() else []:
        done += _recover_transaction(content, tx)
    for leftover in sorted(content.glob(".*.new-*")) + sorted(content.glob(".*.old-*")):
        done += _recover_leftover(content, leftover)
    return done


def _recover_transaction(content: Path, tx: Path) -> list[str]:
    try:
        slug = json.loads((tx / JOURNAL).read_text("utf-8"))["slug"]
    except (OSError, ValueError, KeyError, TypeError):
        slug = None  # killed before its journal was written: nothing had moved
    done = []
    if slug and (tx / OLD).is_dir() and not (content / slug).exists():
        os.replace(tx / OLD, content / slug)
        fsync_dir(content)
        done.append(f"{content / slug}: put back as it was (a convert was interrupted)")
    shutil.rmtree(tx, ignore_errors=True)
    if slug:
        done.append(f"{content / slug}: cleaned up after an interrupted convert")
    return done


def _recover_leftover(content: Path, leftover: Path) -> list[str]:
    """Folders an earlier version's writer left: `.<slug>.old-*/<slug>` may be the only copy."""
    name = leftover.name[1:].rsplit(".", 1)[0]
    saved = leftover / name
    done = []
    if (
        leftover.name.startswith(f".{name}.old-")
        and saved.is_dir()
        and not (content / name).exists()
    ):
        os.replace(saved, content / name)
        done.append(f"{content / name}: put back as it was (a convert was interrupted)")
    shutil.rmtree(leftover, ignore_errors=True)
    done.append(f"{leftover}: removed (left by an interrupted convert)")
    return done


# ---------------------------------------------------------------------------- replacing


def replace_live_blog(content: Path, slug: str, files: dict[str, bytes], guard: Guard) -> Path:
    """Make `content/<slug>` hold exactly `files` (path → bytes), or leave it as it was.

    The caller holds the exclusive lock (`opened(content, exclusive=True)`). `guard` is
    called just before the swap with the folder as it is then; it raises ConvertError to
    refuse, else returns the fingerprints of the files it checked.
    """
    target = content / slug
    tx = content / STORE / f"tx-{uuid.uuid4().hex[:12]}"
    staged = tx / NEW
    state = "staging"
    try:
        staged.mkdir(parents=True)
        _stage(staged, files)
        checkpoint("staged")
        write_durably(tx / JOURNAL, json.dumps({"slug": slug}).encode() + b"\n")
        fsync_dir(tx)
        checkpoint("journaled")
        # Taken before the guard reads the files: a file whose state is the same after the
        # swap was not changed since, and need not be read again (`_verify`).
        before = file_states(target) if target.is_dir() and not target.is_symlink() else {}
        checked = guard(target)
        checkpoint("checked")
        if not target.exists():
            os.replace(staged, target)
            state = "placed"
        elif exchange(staged, target):
            state = "exchanged"
        else:  # no atomic exchange here: two renames, the journal covering the instant between
            os.replace(target, tx / OLD)
            state = "moved-out"
            checkpoint("moved-out")
            os.replace(staged, target)
            state = "replaced"
        fsync_dir(content)
        checkpoint("swapped")
        if state != "placed":
            _verify(target, staged if state == "exchanged" else tx / OLD, checked, before)
        checkpoint("verified")
    except BaseException:
        _undo(state, target, tx)
        raise
    shutil.rmtree(tx, ignore_errors=True)
    checkpoint("committed")
    return target


def write_staged(path: Path, data: bytes) -> None:
    """A file of the new folder, written; `_stage` makes them all durable at once."""
    path.write_bytes(data)


def _stage(staged: Path, files: dict[str, bytes]) -> None:
    """Write the new folder and make it reach the disk before the journal names it: one
    `syncfs` for all its files and folders (a live blog of 10,000 updates is 10,000
    files: one fsync each took 2.2 s of a 4.6 s convert here), else one fsync each."""
    folders = {staged}
    for rel, data in files.items():
        path = staged / rel
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        write_staged(path, data)
    if sync_filesystem(staged):
        return
    for rel in files:
        with (staged / rel).open("rb+") as handle:
            os.fsync(handle.fileno())
    for folder in sorted(folders, reverse=True):
        fsync_dir(folder)


def _verify(
    target: Path,
    old: Path,
    checked: dict[str, str],
    before: dict[str, tuple[int, int, int, int]],
) -> None:
    """The old folder as the guard saw it: an edit saved between the guard and the swap
    is in it now. Then it goes back into place, and the convert fails naming the file.
    A file in the state it had before the guard read it is as the guard saw it; the others
    are read again."""
    now = {
        rel: checked[rel] if rel in checked and state == before.get(rel) else _sha256(old / rel)
        for rel, state in file_states(old).items()
    }
    changed = sorted(rel for rel in set(now) | set(checked) if now.get(rel) != checked.get(rel))
    if changed:
        raise ConvertError(
            f"{', '.join(changed[:5])} changed while the convert ran; nothing was replaced "
            "(run it again)",
            path=target,
        )


def _undo(state: str, target: Path, tx: Path) -> None:
    """Put the old folder back where the swap had got to, then drop the transaction."""
    staged, old = tx / NEW, tx / OLD
    try:
        if state == "placed":
            os.replace(target, staged)
        elif state == "exchanged":
            exchange(staged, target)
        elif state == "moved-out":
            os.replace(old, target)
        elif state == "replaced":
            os.replace(target, staged)
            os.replace(old, target)
        if state != "staging":
            fsync_dir(target.parent)
    finally:
        shutil.rmtree(tx, ignore_errors=True)
