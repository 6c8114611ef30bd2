"""The content store and the build, tried as an attacker and a careless user would.

One test per way an archive was lost, injected into or published wrongly: a second
import of another live blog, an edit during a convert, a kill at each step of the swap
(injected at the step, never by timing), leftovers, a build during a convert, hostile
URLs and characters, bad headers. Every one must either keep the archive whole or stop
with `file:line: message` and a non-zero exit, and `check` must agree with the build.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, build_site, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from liveblog_archive.cli import main
from liveblog_archive.site.integrity import ArchiveError
from liveblog_archive.store import content_store
from liveblog_archive.store.content_store import STORE

SLUG = "storm"
FIRST = """The storm live blog

UPDATE 1200 GMT:

The wind has dropped along the coast.

UPDATE 1000 GMT:

Ferries are cancelled for the day.
"""
SECOND = FIRST.replace(
    "UPDATE 1200 GMT:",
    "UPDATE 1400 GMT:\n\nPower is back in the harbour district.\n\nUPDATE 1200 GMT:",
)
OTHER = """A different live blog: the election count

UPDATE 2300 GMT:

The first result is declared.
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def raw_file(tmp_path: Path, text: str, name: str = "liveblog.txt") -> Path:
    folder = tmp_path / f"raw-{abs(hash(text)) % 10**8}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def convert(raw: Path, content: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("convert", raw, "--slug", SLUG, "--date", "2024-05-01", "--out", content, *extra)


def converted(tmp_path: Path, text: str = FIRST) -> tuple[Path, dict[str, bytes]]:
    content = tmp_path / "content"
    result = convert(raw_file(tmp_path, text), content)
    assert result.returncode == 0, result.stderr
    return content, tree(content / SLUG)


def leftovers(content: Path) -> list[str]:
    store = content / STORE
    found = [p.name for p in store.iterdir() if p.name.startswith("tx-")] if store.is_dir() else []
    return found + [p.name for p in content.iterdir() if p.name.startswith(".") and p != store]


def one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------------------- data loss


def test_another_live_blog_with_the_same_file_name_is_refused(tmp_path):
    content, before = converted(tmp_path)
    other = raw_file(tmp_path, OTHER)  # also called liveblog.txt: the same slug
    line = one_line_error(convert(other, content), "another live blog", "--force")
    assert "The storm live blog" in line and "the election count" in line
    assert tree(content / SLUG) == before
    assert convert(other, content, "--force").returncode == 0
    assert b"election count" in (content / SLUG / "index.md").read_bytes()


def test_a_file_where_the_folder_should_be_is_never_replaced(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / SLUG).write_text("my notes")
    for extra in ((), ("--force",)):
        one_line_error(
            convert(raw_file(tmp_path, FIRST), content, *extra), "not a live blog's folder"
        )
        assert (content / SLUG).read_text() == "my notes"


def run_in_process(args: list[str], capsys) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def convert_second(tmp_path: Path, content: Path, capsys) -> tuple[int, str]:
    """In this process: the live blog with one more update, over the first (--force)."""
    raw = raw_file(tmp_path, SECOND)
    args = ["convert", raw, "--slug", SLUG, "--date", "2024-05-01", "--out", content, "--force"]
    return run_in_process(args, capsys)


@pytest.mark.parametrize("step", ["staged", "journaled", "checked", "swapped", "verified"])
def test_an_edit_during_a_convert_survives_or_the_convert_names_it(
    tmp_path, monkeypatch, capsys, step
):
    content, _ = converted(tmp_path)
    entry = content / SLUG / "updates" / "update-2024-05-01-1200.md"
    note = "\nAn editor's note, saved while the convert ran.\n"

    def edit(at: str) -> None:
        if at == step:
            with entry.open("a") as handle:
                handle.write(note)

    monkeypatch.setattr(content_store, "checkpoint", edit)
    raw = raw_file(tmp_path, FIRST)  # the same live blog, converted again with a new detail
    args = ["convert", raw, "--slug", SLUG, "--date", "2024-05-01", "--publisher", "Coast News"]
    code, err = run_in_process([*args, "--out", content], capsys)
    survived = note in entry.read_text()
    assert survived or (code == 2 and "update-2024-05-01-1200.md" in err), (code, err)
    if code == 2:  # refused: the folder is the old one, with the edit
        assert survived and "Traceback" not in err
    assert leftovers(content) == []


@pytest.mark.parametrize("step", ["checked", "swapped"])
def test_an_edit_that_keeps_size_and_time_is_still_seen(tmp_path, monkeypatch, capsys, step):
    """The check after the swap reads again only files whose state (inode, size, times)
    changed since before the guard: an edit that keeps the size and puts the modification
    time back (`touch -r`) still changes the file's ctime, and is named."""
    content, _ = converted(tmp_path)
    entry = content / SLUG / "updates" / "update-2024-05-01-1200.md"
    text = entry.read_text()
    edited = text.replace("The wind", "THE WIND", 1)
    assert edited != text and len(edited) == len(text)
    folder = {"checked": content / SLUG, "swapped": None}

    def edit(at: str) -> None:
        if at != step:
            return
        # after an exchange, the old folder (with the file) is the transaction's staged one
        path = entry if folder[step] else next((content / STORE).glob("tx-*/new/updates"))
        target = path if path.is_file() else path / entry.name
        st = target.stat()
        target.write_text(edited)
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))

    monkeypatch.setattr(content_store, "checkpoint", edit)
    raw = raw_file(tmp_path, FIRST)
    args = ["convert", raw, "--slug", SLUG, "--date", "2024-05-01", "--publisher", "Coast News"]
    code, err = run_in_process([*args, "--out", content, "--force"], capsys)
    assert code == 2 and "update-2024-05-01-1200.md" in err, (code, err)
    assert entry.read_text() == edited and leftovers(content) == []


STEPS = ["staged", "journaled", "checked", "swapped", "verified", "committed"]
KILL = """
import os, signal, sys
from liveblog_archive.store import content_store
from liveblog_archive.cli import main
step, number, fallback = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "fallback"
def kill(at):
    if at == step:
        os.kill(os.getpid(), number)
content_store.checkpoint = kill
if fallback:
    content_store.exchange = lambda a, b: False
sys.exit(main(sys.argv[4:]))
"""


# An atomic exchange has no step between moving the old folder out and the new one in.
WHERE = [(step, "exchange") for step in STEPS] + [(s, "fallback") for s in [*STEPS, "moved-out"]]


@pytest.mark.parametrize("number", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
@pytest.mark.parametrize(("step", "mode"), WHERE)
def test_a_kill_at_any_step_leaves_the_old_or_the_new_live_blog(tmp_path, step, mode, number):
    content, old = converted(tmp_path)
    raw = raw_file(tmp_path, SECOND)
    args = ["convert", raw, "--slug", SLUG, "--date", "2024-05-01", "--out", content, "--force"]
    killed = subprocess.run(
        [sys.executable, "-c", KILL, step, str(int(number)), mode, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert killed.returncode == -number, killed.stderr
    folder = content / SLUG
    if folder.exists():
        now = tree(folder)
        assert now == old or b"harbour district" in now["updates/update-2024-05-01-1400.md"]
        if now != old:
            _, new = converted(tmp_path / "again", SECOND)
            assert now == new
    else:
        assert step == "moved-out", "only the instant between two renames may miss the folder"
    # The next command finishes what the kill left: the live blog is back, nothing is left.
    checked = run_cli("check", content)
    assert checked.returncode == 0, checked.stderr
    assert tree(folder) in (old, converted(tmp_path / "new", SECOND)[1])
    assert leftovers(content) == []


def test_leftovers_of_earlier_versions_are_put_back_or_removed(tmp_path):
    """What the old writer left when killed: `.<slug>.old-*/<slug>` may be the only copy."""
    content, old = converted(tmp_path)
    saved = content / f".{SLUG}.old-k2j3"
    saved.mkdir()
    os.replace(content / SLUG, saved / SLUG)
    half = content / f".{SLUG}.new-x8y9" / "updates"
    half.mkdir(parents=True)
    (half / "update-2024-05-01-1400.md").write_text("Title: half\n")
    site = build_site(content, tmp_path / "out")  # the build recovers first, reads no hidden folder
    assert tree(content / SLUG) == old
    assert leftovers(content) == []
    assert (site / SLUG / "update-2024-05-01-1200" / "index.html").exists()


def test_a_build_during_a_convert_waits_for_it(tmp_path, monkeypatch, capsys):
    content, _ = converted(tmp_path)
    out = tmp_path / "out"
    builds: list[subprocess.Popen[str]] = []

    def start_a_build(at: str) -> None:
        if at != "journaled":
            return
        build = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "liveblog_archive",
                "build",
                content,
                "-o",
                out,
                "-s",
                "pelicanconf.py",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        builds.append(build)
        for line in build.stdout:  # it says it waits, then does (never by timing)
            if "waiting for another convert or build" in line:
                return
        pytest.fail("the build did not wait for the convert")

    monkeypatch.setattr(content_store, "checkpoint", start_a_build)
    code, err = convert_second(tmp_path, content, capsys)
    assert code == 0, err
    (build,) = builds
    rest = build.communicate(timeout=300)[0]
    assert build.returncode == 0, rest
    assert (out / SLUG / "update-2024-05-01-1400" / "index.html").exists()


def test_a_full_disk_is_one_line_and_changes_nothing(tmp_path, monkeypatch, capsys):
    content, old = converted(tmp_path)
    real = content_store.write_staged

    def full(path: Path, data: bytes) -> None:
        if path.name == "update-2024-05-01-1400.md":
            raise OSError(28, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(content_store, "write_staged", full)
    code, err = convert_second(tmp_path, content, capsys)
    assert code == 2
    assert err.strip() == f"error: {content / SLUG}: no space left on device; nothing was changed"
    assert tree(content / SLUG) == old and leftovers(content) == []


@pytest.mark.parametrize("syncfs", [True, False], ids=["syncfs", "fsync each file"])
def test_the_new_folder_reaches_the_disk_before_the_swap(tmp_path, monkeypatch, capsys, syncfs):
    """The staged files are synced before the journal names them: with one `syncfs` where
    Linux has it, else with an fsync of every file and folder. Both ways give the same
    live blog."""
    synced: list[str] = []
    if syncfs:
        real = content_store.sync_filesystem

        def spy(path: Path) -> bool:
            synced.append(path.name)
            result = real(path)
            assert result, "syncfs failed on a Linux file system"
            return result

        monkeypatch.setattr(content_store, "sync_filesystem", spy)
    else:
        monkeypatch.setattr(content_store, "_syncfs", lambda: None)
        real_fsync = os.fsync
        monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    content, first = converted(tmp_path)  # another process: the reference
    code, err = convert_second(tmp_path, content, capsys)  # this one, spied on
    assert code == 0, err
    assert synced, "nothing was synced"
    if not syncfs:  # every staged file and folder: 4 entries, the source, index.md, folders
        assert len(synced) >= len(first) + 1 + 2
    assert converted(tmp_path / "reference", SECOND)[1] == tree(content / SLUG)


# ---------------------------------------------------------------------------- injection


def edit_entry(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def build_fails(content: Path, out: Path, *needles: str) -> str:
    result = run_cli("build", content, "-o", out, "-s", ROOT / "pelicanconf.py")
    text = result.stdout + result.stderr
    assert result.returncode == 1, text
    assert "Traceback" not in text
    for needle in needles:
        assert needle in text, text
    return text


def check_fails(content: Path, *needles: str) -> str:
    result = run_cli("check", content)
    assert result.returncode == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    return result.stderr


def test_a_javascript_source_url_is_refused(tmp_path):
    one_line_error(
        convert(raw_file(tmp_path, FIRST), tmp_path / "c", "--source-url", "javascript:alert(1)"),
        "--source-url",
        "http",
    )
    content, _ = converted(tmp_path)
    index = content / SLUG / "index.md"
    edit_entry(index, "Updates:", "Source-Url: javascript:alert(1)\nUpdates:")
    where = f"{index}:8: 'Source-Url:' 'javascript:alert(1)' must be an http:// or https:// address"
    check_fails(content, where)
    build_fails(content, tmp_path / "out", where)


LINK = "link must be an http:// or https:// address"
IMAGE = "image must be a file of this site"


@pytest.mark.parametrize(
    ("markdown", "line", "message"),
    [
        ("[x](javascript:alert(1))", 15, LINK),
        ("[x](JaVaScRiPt:alert(1))", 15, LINK),
        ("[x][ref]\n\n[ref]: data:text/html,hi", 17, LINK),
        ("<mailto:someone@example.org>", 15, LINK),
        ("![](https://third-party.example/pixel.png)", 15, IMAGE),
        ("![a](//third-party.example/p.png)", 15, IMAGE),
    ],
)
def test_hostile_links_and_images_in_an_entry_are_refused(tmp_path, markdown, line, message):
    content, _ = converted(tmp_path)
    entry = content / SLUG / "updates" / "update-2024-05-01-1000.md"
    edit_entry(entry, "\n\nFerries are cancelled", f"\n\nFerries are cancelled.\n\n{markdown}\n\n")
    where = f"{entry}:{line}: {message}"
    check_fails(content, where)
    build_fails(content, tmp_path / "out", where)


def test_the_markdown_extension_makes_hostile_links_inert():
    from liveblog_archive.site.reader import entry_markdown

    md = entry_markdown()
    html = md.convert(
        "[x](javascript:alert(1)) ![](https://t.example/p.png) [ok](https://a.example/)"
    )
    assert "javascript" not in html and "t.example" not in html
    assert '<a href="https://a.example/">ok</a>' in html
    assert [why for _, why in md.liveblog_link_problems] == [
        "link must be an http:// or https:// address",
        "image must be a file of this site, written {static}/path/to/image.png",
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Source-File: /etc/passwd", "'Source-File:' '/etc/passwd' must be the name of a file"),
        ("Source-File: ../x/source.txt", "must be the name of a file in the live blog's folder"),
    ],
)
def test_the_source_file_must_be_a_file_of_the_live_blog(tmp_path, header, message):
    content, _ = converted(tmp_path)
    index = content / SLUG / "index.md"
    text = index.read_text()
    text = "".join(
        line
        for line in text.splitlines(True)
        if not line.startswith(("Source-File:", "Source-Sha256:"))
    )
    index.write_text(text.replace("Updates:", f"{header}\nUpdates:"))
    check_fails(content, message)
    build_fails(content, tmp_path / "out", message)


def test_a_source_file_that_is_a_link_is_refused(tmp_path):
    content, _ = converted(tmp_path)
    source = content / SLUG / "source.txt"
    source.unlink()
    source.symlink_to("/etc/passwd")
    check_fails(content, "source.txt is a link")
    build_fails(content, tmp_path / "out", "source.txt is a link")


@pytest.mark.parametrize("which", ["index.md", "update", "updates/"])
def test_an_entry_that_is_a_link_is_refused_and_never_read(tmp_path, which):
    # An entry linked to a file elsewhere (a key, say) would be read from outside the
    # store, and a problem would quote its lines.
    content, _ = converted(tmp_path)
    folder = content / SLUG
    secret = tmp_path / "secret"
    secret.mkdir()
    if which == "updates/":
        link = folder / "updates"
        link.rename(secret / "updates")
        link.symlink_to(secret / "updates")
        said = f"{link}:1: is a link: a live blog's updates/ is a folder of its own"
    else:
        link = folder / "index.md" if which == "index.md" else sorted(folder.glob("updates/*"))[0]
        (secret / "key").write_text("SECRET-KEY-MATERIAL\n")
        link.unlink()
        link.symlink_to(secret / "key")
        said = f"{link}:1: is a link: an entry is a file of its live blog's folder"
    for text in (check_fails(content, said), build_fails(content, tmp_path / "out", said)):
        assert "SECRET" not in text


def test_a_pipe_where_an_entry_should_be_is_refused_without_waiting(tmp_path):
    content, _ = converted(tmp_path)
    pipe = content / SLUG / "updates" / "update-2024-05-01-2359.md"
    os.mkfifo(pipe)
    check_fails(content, f"{pipe}:1: is not a file")  # run_cli's timeout: it once hung
    build_fails(content, tmp_path / "out", f"{pipe}:1: is not a file")


def test_building_a_content_folder_that_is_not_one_is_one_line(tmp_path):
    not_a_folder = tmp_path / "content"
    not_a_folder.write_text("a file")
    build_fails(not_a_folder, tmp_path / "out", f"error: {not_a_folder}: no such folder")


# ---------------------------------------------------------------------------- output


def test_files_pelican_would_publish_from_a_live_blog_folder_are_refused(tmp_path):
    content, _ = converted(tmp_path)
    folder = content / SLUG
    (folder / "notes.md").write_text("Title: Notes\n\nA page of its own.\n")
    (folder / "updates" / "draft.HTML").write_text("<p>draft</p>")
    (folder / "extra").mkdir()
    update = sorted((folder / "updates").glob("*.md"))[0]
    (folder / "extra" / "old.md").symlink_to(update)  # a linked file counts
    # Hidden files and folders, and what is not content, are left alone.
    (folder / ".notes.md").write_text("hidden")
    (folder / ".drafts").mkdir()
    (folder / ".drafts" / "a.md").write_text("hidden")
    (folder / "updates" / "photo.jpg").write_bytes(b"\xff\xd8")
    stray = [folder / "extra" / "old.md", folder / "notes.md", folder / "updates" / "draft.HTML"]
    said = check_fails(content, *(f"{path}:1: is not an entry" for path in stray))
    assert said.count("is not an entry") == 3, said
    build_fails(content, tmp_path / "out", f"{stray[0]}:1: is not an entry")


@pytest.mark.parametrize("where", ["storm/extra/index.md", "misc/copy.md", "pages/old.md"])
def test_a_copy_of_a_live_blogs_index_elsewhere_is_refused(tmp_path, where):
    # Pelican reads any Markdown file; one with a live blog's header outside its place
    # was a traceback (or stood in for the live blog in the build's list of them).
    content, _ = converted(tmp_path)
    copy = content / where
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes((content / SLUG / "index.md").read_bytes())
    line = (content / SLUG / "index.md").read_text().splitlines().index("Template: liveblog") + 1
    said = f"{copy}:{line}: has a live blog's header (Template: liveblog) but is not"
    build_fails(content, tmp_path / "out", said)
    assert not (tmp_path / "out" / SLUG).exists()
    if where.startswith(SLUG):  # check names it as a file of the live blog's folder
        check_fails(content, f"{copy}:1: is not an entry of the live blog")
    else:
        check_fails(content, said)


def test_control_characters_of_a_page_never_reach_a_feed(tmp_path):
    text = FIRST.replace("The wind", "The\x0c wind\x1b[31m has\u0085 dropped\x07")
    content, _ = converted(tmp_path, text)
    assert (content / SLUG / "source.txt").read_text() == text  # the raw post, as it was
    out = build_site(content, tmp_path / "out")
    feed = (out / SLUG / "feed.atom.xml").read_bytes()
    ET.fromstring(feed)  # parses: no character XML forbids
    assert b"wind" in feed and b"\x1b" not in feed


def test_a_hand_edit_with_a_control_character_is_refused(tmp_path):
    content, _ = converted(tmp_path)
    entry = content / SLUG / "updates" / "update-2024-05-01-1000.md"
    edit_entry(entry, "\n\nFerries are", "\n\nFerries\x0c are")
    where = f"{entry}:13: U+000C (FORM FEED) at column 8"
    check_fails(content, where)
    build_fails(content, tmp_path / "out", where)


def test_pages_of_deleted_updates_leave_the_output(tmp_path):
    content, _ = converted(tmp_path, SECOND)
    out = build_site(content, tmp_path / "out")
    gone = out / SLUG / "update-2024-05-01-1400" / "index.html"
    assert gone.exists()
    assert convert(raw_file(tmp_path, FIRST), content, "--force").returncode == 0
    build_site(content, out)
    assert not gone.exists() and not gone.parent.exists()
    assert (out / SLUG / "update-2024-05-01-1200" / "index.html").exists()


def test_a_failed_build_never_keeps_the_store_locked(tmp_path, monkeypatch):
    """A build that fails (its content, or a template another generator renders) gives
    the lock back: the next convert or build of the same process (`pelican --autoreload`,
    a test suite) never waits for it."""
    from functools import partial

    from liveblog_archive.site import integrity

    content, _ = converted(tmp_path, SECOND)
    monkeypatch.setattr(integrity, "opened", partial(content_store.opened, wait=2))
    update = content / SLUG / "updates" / "update-2024-05-01-1200.md"
    good = update.read_text()
    update.write_text(good.replace("Date: ", "Date: 2024-13-45 ", 1))
    with pytest.raises(ArchiveError):
        build_site(content, tmp_path / "out")
    with content_store.opened(content, exclusive=True, wait=0):
        pass  # our own generator failed: the lock is free at once
    update.write_text(good)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text("{{ no_such_function() }}")
    with pytest.raises(Exception, match="no_such_function"):
        build_site(content, tmp_path / "out", THEME_TEMPLATES_OVERRIDES=[str(templates)])
    out = build_site(content, tmp_path / "out")  # would wait 2 s and fail if still held
    assert (out / SLUG / "update-2024-05-01-1400" / "index.html").exists()


# ---------------------------------------------------------------------------- bad headers


BAD_INDEX = [
    (
        "Date: 2024-05-01T12:00:00+00:00",
        "Date: 2024-13-45",
        2,
        "'Date:' '2024-13-45' must be an ISO 8601 date",
    ),
    ("Template: liveblog\n", "", 1, "missing field 'Template:'"),
    ("Liveblog: storm\n", "", 1, "missing field 'Liveblog:'"),
    ("Liveblog: storm", "Liveblog: ../../x", 4, "'Liveblog:' '../../x' must be lowercase letters"),
    (
        "Template: liveblog",
        "Template: liveblog\nthis line is not a field",
        6,
        "header line is not 'Key: value'",
    ),
    ("Updates: 2", "Updates: 3", 8, "'Updates: 3' but updates/ holds 2 entries"),
    ("Updates: 2", "Updates: 2\nUpdates: 2", 9, "duplicate field 'Updates:' (also on line 8)"),
    ("Title:", "Titel:", 1, "unknown field 'Titel:'"),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), BAD_INDEX)
def test_a_bad_index_header_is_caught_by_check_and_stops_the_build(
    tmp_path, old, new, line, message
):
    content, _ = converted(tmp_path)
    index = content / SLUG / "index.md"
    edit_entry(index, old, new)
    where = f"{index}:{line}: {message}"
    check_fails(content, where)
    build_fails(content, tmp_path / "out", where)


BAD_UPDATE = [
    ("Position: 2", "Position: 2\nPosition: 1", 10, "duplicate field 'Position:' (also on line 9)"),
    ("Position: 2", "Position: two", 9, "'Position:' 'two' must be a whole number"),
    ("Time-Known: true", "Time-Known: yes", 8, "'Time-Known:' 'yes' must be true or false"),
    (
        "Kind: update",
        "Kind: rumour",
        7,
        "'Kind:' 'rumour' must be update or day-opener or original",
    ),
    ("Status: hidden", "Status: published", 10, "'Status:' 'published' must be hidden"),
    (
        "Date: 2024-05-01T10:00:00+00:00",
        "Date: 0001-01-01T00:00:00+01:00",
        2,
        "'Date:' '0001-01-01T00:00:00+01:00' is out of range",
    ),
    (
        "Date: 2024-05-01T10:00:00+00:00",
        "Date: 2024-05-01T10:00",
        2,
        "'Date:' '2024-05-01T10:00' must be an ISO 8601 date and time with its offset",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), BAD_UPDATE)
def test_a_bad_update_header_is_caught_by_check_and_stops_the_build(
    tmp_path, old, new, line, message
):
    content, _ = converted(tmp_path)
    entry = content / SLUG / "updates" / "update-2024-05-01-1000.md"
    edit_entry(entry, old, new)
    where = f"{entry}:{line}: {message}"
    check_fails(content, where)
    build_fails(content, tmp_path / "out", where)


def test_invalid_utf8_in_an_entry_is_a_problem_not_a_crash(tmp_path):
    content, _ = converted(tmp_path)
    entry = content / SLUG / "updates" / "update-2024-05-01-1000.md"
    entry.write_bytes(entry.read_bytes().replace(b"\n\nFerries", b"\n\nFerr\xe9s"))
    where = f"{entry}:13: is not valid UTF-8"
    check_fails(content, where)
    build_fails(content, tmp_path / "out", where)


def test_check_on_an_empty_folder_says_it_checked_nothing(tmp_path):
    result = run_cli("check", tmp_path)
    assert result.returncode == 1
    assert "nothing checked: no live blog here" in result.stderr


# ---------------------------------------------------------------------------- check == build


FIELDS = st.sampled_from(
    [
        "Title",
        "Date",
        "Slug",
        "Liveblog",
        "Anchor",
        "Label",
        "Kind",
        "Time-Known",
        "Position",
        "Status",
        "Template",
        "Updates",
    ]
)
VALUES = st.one_of(
    st.sampled_from(
        ["", "2", "-1", "true", "yes", "storm", "../x", "2024-05-01", "update", "hidden", "nan"]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
)
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "set", "add"]), st.integers(0, 2), FIELDS, VALUES
    ),
    min_size=1,
    max_size=3,
)


def apply_edit(folder: Path, edit: tuple[str, int, str, str]) -> None:
    action, which, name, value = edit
    files = [folder / "index.md", *sorted((folder / "updates").glob("*.md"))]
    path = files[which % len(files)]
    head, sep, body = path.read_text("utf-8").partition("\n\n")
    lines = head.split("\n")
    found = [i for i, line in enumerate(lines) if line.startswith(f"{name}:")]
    value = value.replace("\n", " ").replace("\r", " ")
    if action == "delete" and found:
        del lines[found[0]]
    elif action == "duplicate" and found:
        lines.insert(found[0], lines[found[0]])
    elif action == "set" and found:
        lines[found[0]] = f"{name}: {value}"
    else:
        lines.append(f"{name}: {value}")
    path.write_text("\n".join(lines) + sep + body, "utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    content, _ = converted(tmp_path_factory.mktemp("pristine"))
    return content


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_check_passes_exactly_when_the_build_succeeds(pristine, tmp_path_factory, edits):
    import shutil

    work = tmp_path_factory.mktemp("edit")
    content = work / "content"
    shutil.copytree(pristine, content)
    for edit in edits:
        apply_edit(content / SLUG, edit)
    checked = run_cli("check", content)
    assert checked.returncode in (0, 1), checked.stderr
    assert "Traceback" not in checked.stderr
    try:
        build_site(content, work / "out")
        built = True
    except ArchiveError:
        built = False
    assert built == (checked.returncode == 0), (edits, checked.stderr)


def test_the_committed_archive_is_what_check_and_the_build_accept():
    result = run_cli("check", ROOT / "content")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(
        (ROOT / "content" / "syria-axis-cracking-2024-12-07" / ".liveblog-archive.json").read_text()
    )
    assert "index.md" in manifest["files"]


def test_the_store_folder_is_ignored_by_git(tmp_path):
    content, _ = converted(tmp_path)
    ignore = (content / STORE / ".gitignore").read_text()
    assert textwrap.dedent(ignore).strip().endswith("*")
