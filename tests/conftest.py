"""Shared fixtures: the seed, real Pelican builds in temporary folders, tool requirements."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import blinker
import hypothesis
import pytest
from pelican import Pelican, signals
from pelican.settings import read_settings

# Property tests explore new examples on every local run; in CI (LIVEBLOG_REQUIRE_TOOLS)
# they run a fixed set, so that a commit's verdict does not depend on the draw. A failure
# found locally is kept in .hypothesis/ and replayed until it is fixed.
hypothesis.settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("LIVEBLOG_REQUIRE_TOOLS"):
    hypothesis.settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "syria-axis-cracking-2024-12-07"
# The seed's raw post as committed beside its entries: a lone clone has everything it tests.
SEED = ROOT / "content" / SEED_SLUG / "source.txt"
ARTIFACTS = ROOT / "test-artifacts"


# Pagefind's search bundle is the same for the same pages but for the order of entries in
# its metadata and filter files (hash-map order, pagefind issue #638; the fragment files,
# one per page and nearly all of the bundle, are stable). Byte-for-byte comparisons of two
# builds leave those files out.
UNSTABLE_SEARCH_FILE = re.compile(
    r"^pagefind/(shard-[^/]+/)?(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|filter/)"
)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path there: its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def stable_files(files: dict[str, Any]) -> dict[str, Any]:
    """`files` (by path in the output) without the search bundle's order-unstable files."""
    return {name: v for name, v in files.items() if not UNSTABLE_SEARCH_FILE.match(name)}


def require_tool(name: str, how: str) -> str:
    """The path of a command the test needs; skip (locally) or fail (in CI) without it."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed: {how}"
    if os.environ.get("LIVEBLOG_REQUIRE_TOOLS"):
        pytest.fail(message + " (LIVEBLOG_REQUIRE_TOOLS is set: CI must run this test)")
    pytest.skip(message)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder without logging every request into pytest's output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler):
    """`directory` served on a free loopback port (chosen by the OS) while in the block."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the converter as a user does: `python -m liveblog_archive …`."""
    return subprocess.run(
        [sys.executable, "-m", "liveblog_archive", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=300,
    )


def convert_seed(out: Path, *extra: str) -> Path:
    result = run_cli(
        "convert",
        SEED,
        "--slug",
        SEED_SLUG,
        "--publisher",
        "EA WorldView",
        "--archived",
        "2026-11-24",
        "--out",
        out,
        *extra,
    )
    assert result.returncode == 0, result.stderr
    return out / SEED_SLUG


@contextmanager
def pelican_signals_restored() -> Iterator[None]:
    """Pelican's signals are global: put their receivers back as they were after a build."""
    saved = {
        name: dict(sig.receivers)
        for name in dir(signals)
        if isinstance(sig := getattr(signals, name), blinker.base.NamedSignal)
    }
    try:
        yield
    finally:
        for name, receivers in saved.items():
            sig = getattr(signals, name)
            sig.receivers.clear()
            sig.receivers.update(receivers)


def build_site(content: Path, output: Path, conf: str = "pelicanconf.py", **overrides) -> Path:
    """Build `content` into `output` with the project's settings, as `make html` does."""
    cwd = Path.cwd()
    os.chdir(ROOT)  # settings name the theme and plugin relative to the project
    try:
        settings = read_settings(
            str(ROOT / conf),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(output),
                "THEME": str(ROOT / "theme"),
                # Pelican's content cache beside the output, not in the checkout: every
                # build a test makes starts cold and cannot see another test's cache.
                "CACHE_PATH": str(output.parent / f"{output.name}.cache"),
                **overrides,
            },
        )
        with pelican_signals_restored():
            Pelican(settings).run()
    finally:
        os.chdir(cwd)
    return output


@pytest.fixture(scope="session")
def seed_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed converted into a fresh content/ folder."""
    content = tmp_path_factory.mktemp("content")
    convert_seed(content)
    return content


@pytest.fixture(scope="session")
def seed_site(seed_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed archive built by Pelican (local settings, relative URLs)."""
    return build_site(seed_content, tmp_path_factory.mktemp("output"))


@pytest.fixture(scope="session")
def committed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive as committed in content/ (the seed with its editor's key events), built
    by Pelican with the local settings, from a copy (a build takes the content's lock)."""
    content = tmp_path_factory.mktemp("committed") / "content"
    shutil.copytree(ROOT / "content" / SEED_SLUG, content / SEED_SLUG)
    return build_site(content, tmp_path_factory.mktemp("committed-out"))


def append_paragraph(entry: Path, paragraph: str, note: str = "A paragraph added.") -> None:
    """An editor's change after conversion: a paragraph appended to an entry, disclosed
    (`Edited:`, `Edit-Note:`) as the build requires of any changed entry."""
    text = entry.read_text(encoding="utf-8")
    text = text.replace("\n\n", f"\nEdited: 2026-11-25\nEdit-Note: {note}\n\n", 1)
    entry.write_text(f"{text.rstrip()}\n\n{paragraph}\n", encoding="utf-8")


def rebuilt(content: Path, tmp_path: Path, **settings) -> Path:
    """`content` built into `tmp_path/out` with its cache in `tmp_path/cache`: called again,
    a rebuild that uses the state of the build before (as `make html` twice)."""
    return build_site(content, tmp_path / "out", CACHE_PATH=str(tmp_path / "cache"), **settings)
