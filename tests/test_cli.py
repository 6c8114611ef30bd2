"""The command line as a user meets it: bad input, the overwrite guard, atomic writes, check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import ROOT, SEED, SEED_SLUG, convert_seed, run_cli
from liveblog_archive.store.schema import editorial_keys, without_fields

GOOD = "Title\n\nUPDATE 1000 GMT:\n\nText of the update.\n"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_one_line_error(result, *needles: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0]


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "data", "needles"),
    [
        ("empty.txt", b"", ("empty",)),
        ("blank.txt", b"\n \n\t\n", ("empty",)),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary", "binary.txt:")),
        (
            "latin1.txt",
            "Title\n\nUPDATE 1000 GMT:\n\ncaf\xe9\n".encode("latin-1"),
            ("UTF-8", ":5:"),
        ),
        ("nomarkers.txt", b"Just a paragraph.\n\nAnd another.\n", ("no update markers",)),
        ("notitle.txt", b"UPDATE 1000 GMT:\n\ntext\n", ("no title",)),
        ("nodate.txt", GOOD.encode(), ("--date YYYY-MM-DD",)),
        ("badtime.txt", b"T\n\nUPDATE 2599 GMT:\n\nx\n", ("badtime.txt:3:", "HHMM")),
    ],
)
def test_bad_input_gets_a_one_line_error(tmp_path, name, data, needles):
    raw = tmp_path / name
    raw.write_bytes(data)
    out = tmp_path / "content"
    result = run_cli("convert", raw, "--out", out)
    assert_one_line_error(result, *needles)
    assert not out.exists() or not any(out.iterdir())  # nothing half-written


def test_missing_file(tmp_path):
    assert_one_line_error(run_cli("parse", tmp_path / "nope.txt", "--json"), "no such file")


def test_directory_instead_of_file(tmp_path):
    assert_one_line_error(run_cli("parse", tmp_path, "--json"), "not a regular file")


def test_fifty_megabyte_file_is_refused_quickly(tmp_path):
    raw = tmp_path / "huge.txt"
    with raw.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    assert_one_line_error(run_cli("convert", raw, "--out", tmp_path / "c"), "MB limit", "--max-mb")


def test_bom_and_crlf_input_converts(tmp_path):
    raw = tmp_path / "windows.txt"
    raw.write_bytes(("\ufeff" + GOOD).replace("\n", "\r\n").encode())
    result = run_cli("convert", raw, "--date", "2024-01-02", "--out", tmp_path / "c")
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "c/windows/updates/update-2024-01-02-1000.md").read_text()
    assert "Text of the update.\n" in entry and "\r" not in entry
    # source.txt is the raw post byte for byte, BOM and CRLF included
    assert (tmp_path / "c/windows/source.txt").read_bytes() == raw.read_bytes()


def test_bad_flags_are_usage_errors(tmp_path):
    assert_one_line_error(run_cli("convert", SEED, "--date", "7 Dec 2024"), "YYYY-MM-DD")
    assert_one_line_error(run_cli("convert"), "raw")


@pytest.mark.parametrize("slug", ["../escape", "a/b", "UPPER", "-x", ".hidden", "x" * 90])
def test_slugs_never_leave_content(tmp_path, slug):
    result = run_cli("convert", SEED, f"--slug={slug}", "--out", tmp_path / "content")
    assert_one_line_error(result, "slug")
    assert list(tmp_path.iterdir()) == [] or not any((tmp_path / "content").rglob("*"))


# ---------------------------------------------------------------------------- writing


def test_convert_is_deterministic(tmp_path):
    first = tree(convert_seed(tmp_path / "a"))
    second = tree(convert_seed(tmp_path / "b"))
    assert first == second
    assert len([p for p in first if p.startswith("updates/")]) == 27


def test_committed_seed_entries_are_what_the_converter_writes(tmp_path):
    """content/ is the converter's output for the seed (re-run it after changing the
    converter), plus the editor's key events: nothing else was edited by hand."""
    written = tree(convert_seed(tmp_path))
    committed = tree(ROOT / "content" / SEED_SLUG)
    assert sorted(written) == sorted(committed)
    editorial = editorial_keys("update")
    hand_edited = [rel for rel in written if written[rel] != committed[rel]]
    for rel in hand_edited:
        assert without_fields(committed[rel], editorial) == written[rel], rel
    # The seed's turning points, chosen by an editor (liveblog-archive key).
    assert len(hand_edited) == 7
    assert all(b"\nKey: yes\n" in committed[rel] for rel in hand_edited)


def test_source_txt_is_byte_for_byte_with_its_sha256(tmp_path):
    folder = convert_seed(tmp_path)
    raw = SEED.read_bytes()
    assert (folder / "source.txt").read_bytes() == raw
    index = (folder / "index.md").read_text()
    assert f"Source-Sha256: {hashlib.sha256(raw).hexdigest()}\n" in index


def test_rerun_over_own_output_is_allowed(tmp_path):
    convert_seed(tmp_path)
    convert_seed(tmp_path)  # asserts success


def test_edited_entry_is_not_overwritten_without_force(tmp_path):
    folder = convert_seed(tmp_path)
    entry = folder / "updates" / "update-2024-12-07-1737.md"
    edited = entry.read_text() + "\nAn editor's note.\n"
    entry.write_text(edited)
    before = tree(folder)

    result = run_cli("convert", SEED, "--slug", SEED_SLUG, "--out", tmp_path)
    assert_one_line_error(result, "--force", "updates/update-2024-12-07-1737.md")
    assert tree(folder) == before

    convert_seed(tmp_path, "--force")
    assert "An editor's note." not in entry.read_text()


def test_added_file_counts_as_an_edit(tmp_path):
    folder = convert_seed(tmp_path)
    (folder / "updates" / "update-2024-12-08-0900.md").write_text("Title: mine\n\nhand-written\n")
    result = run_cli("convert", SEED, "--slug", SEED_SLUG, "--out", tmp_path)
    assert_one_line_error(result, "update-2024-12-08-0900.md")


def test_existing_folder_not_written_by_converter_is_protected(tmp_path):
    (tmp_path / SEED_SLUG).mkdir()
    (tmp_path / SEED_SLUG / "notes.md").write_text("mine")
    result = run_cli("convert", SEED, "--slug", SEED_SLUG, "--out", tmp_path)
    assert_one_line_error(result, "notes.md")


# ---------------------------------------------------------------------------- check


def test_check_passes_on_the_committed_archive():
    result = run_cli("check", ROOT / "content")
    assert result.returncode == 0, result.stderr
    assert "0 problem(s)" in result.stderr


def test_check_reports_file_and_line(tmp_path):
    folder = convert_seed(tmp_path)
    updates = folder / "updates"
    a = updates / "update-2024-12-07-1647.md"
    a.write_text(
        a.read_text().replace("Anchor: update-2024-12-07-1647", "Anchor: update-2024-12-07-1737")
    )
    b = updates / "update-2024-12-07-1634.md"
    b.write_text(b.read_text().replace("Kind: update\n", ""))
    c = updates / "update-2024-12-07-1606.md"
    c.write_text(c.read_text().replace("Date: 2024-12-07T16:06", "Date: 2024-12-07T19:06"))
    with (folder / "source.txt").open("a") as source:
        source.write("tampered")
    d = updates / "update-2024-12-07-1121.md"
    d.write_text(d.read_text().replace("\n:::\n", "\n", 1))

    result = run_cli("check", tmp_path)
    assert result.returncode == 1
    err = result.stderr
    assert f"{a}:5: the anchor is the file's name: should be 'update-2024-12-07-1647'" in err
    assert ":5: duplicate anchor 'update-2024-12-07-1737' (also in " in err
    assert f"{b}:1: missing field 'Kind:'" in err
    assert f"{c}:2: dated after" in err
    assert f"{d}:" in err and "never closed" in err
    assert f"{folder / 'index.md'}:13: source.txt does not match Source-Sha256" in err
    assert "Traceback" not in err


def test_check_on_missing_folder(tmp_path):
    assert_one_line_error(run_cli("check", tmp_path / "nope"), "no such folder")


# ---------------------------------------------------------------------------- key events, edits


def test_key_marks_updates_without_touching_anything_else(tmp_path):
    folder = convert_seed(tmp_path)
    before = tree(folder)
    result = run_cli(
        "key", SEED_SLUG, "update-2024-12-07-1335", "--title", "Encircling Damascus",
        "--content", tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    result = run_cli("key", SEED_SLUG, "update-2024-12-07-1121", "original-entry",
                     "--content", tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    after = tree(folder)
    changed = sorted(rel for rel in after if after[rel] != before[rel])
    assert changed == [
        "updates/original-entry.md",
        "updates/update-2024-12-07-1121.md",
        "updates/update-2024-12-07-1335.md",
    ]
    text = after["updates/update-2024-12-07-1335.md"].decode()
    assert "\nKey: yes\nKey-Title: Encircling Damascus\n\n" in text
    assert run_cli("check", tmp_path).returncode == 0  # a key event is not an edit
    # and unmarked again: the converter's bytes, exactly
    result = run_cli("key", SEED_SLUG, "update-2024-12-07-1335", "--remove", "--content", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        tree(folder)["updates/update-2024-12-07-1335.md"]
        == before["updates/update-2024-12-07-1335.md"]
    )
    # the overwrite guard protects the editor's key events
    result = run_cli("convert", SEED, "--slug", SEED_SLUG, "--out", tmp_path)
    assert_one_line_error(result, "--force", "original-entry.md")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["update-2099-01-01-0000"], "no update with the anchor"),
        (["../index"], "no update with the anchor"),
        (["original-entry", "update-2024-12-07-1335", "--title", "x"], "one anchor"),
        (["original-entry", "--title", "bad\x07title"], "would not be a valid entry"),
    ],
)
def test_key_refuses_what_it_cannot_do(tmp_path, args, needle):
    folder = convert_seed(tmp_path)
    before = tree(folder)
    result = run_cli("key", SEED_SLUG, *args, "--content", tmp_path)
    assert_one_line_error(result, needle)
    assert tree(folder) == before


def test_an_edit_after_conversion_must_be_disclosed(tmp_path):
    folder = convert_seed(tmp_path)
    entry = folder / "updates" / "update-2024-12-07-1128.md"
    text = entry.read_text()
    entry.write_text(text.replace("military barracks", "military barracks."))
    result = run_cli("check", tmp_path)
    assert result.returncode == 1
    assert f"{entry}:1: was changed since the converter wrote the live blog" in result.stderr
    entry.write_text(
        text.replace("Template: update\n", "Template: update\nEdited: 2026-11-25\n").replace(
            "military barracks", "military barracks."
        )
    )
    result = run_cli("check", tmp_path)
    assert "'Edited:' and 'Edit-Note:' go together" in result.stderr
    entry.write_text(
        text.replace(
            "Template: update\n",
            "Template: update\nEdited: 2026-11-25\nEdit-Note: Full stop added.\n",
        ).replace("military barracks", "military barracks.")
    )
    result = run_cli("check", tmp_path)
    assert result.returncode == 0, result.stderr


def test_an_embed_url_that_is_a_profile_is_a_problem(tmp_path):
    folder = convert_seed(tmp_path)
    entry = folder / "updates" / "update-2024-12-07-1737.md"
    text = entry.read_text()
    assert "profile: https://bsky.app/profile/qusaynoor.bsky.social" in text
    entry.write_text(
        text.replace(
            "profile: https://bsky.app/profile/", "url: https://bsky.app/profile/"
        ).replace("Template: update\n", "Template: update\nEdited: 2026-11-25\nEdit-Note: x\n")
    )
    result = run_cli("check", tmp_path)
    assert result.returncode == 1
    assert "is the author's profile, not the post: write it as 'profile:'" in result.stderr


# ---------------------------------------------------------------------------- the import's report

OLDEST_FIRST = (
    "Storm live - Tuesday 8 March 2011\n\nAll times are UK\n\n"
    "8.40am: Good morning, and welcome.\n\n9.15am: The wind is rising.\n\n"
    "11.55pm: Late news.\n\n12.10am: It is now Wednesday.\n"
)


def test_convert_prints_a_review_report(tmp_path):
    raw = tmp_path / "storm.txt"
    raw.write_text(OLDEST_FIRST)
    result = run_cli("convert", raw, "--out", tmp_path / "c", "--archived", "2026-01-01")
    assert result.returncode == 0, result.stderr
    report = result.stderr
    assert "4 update(s), from 8 March 2011 08:40 GMT to 9 March 2011 00:10 GMT" in report
    assert "order: oldest first (detected" in report
    assert "zone: Europe/London (the page says so (line 3))" in report
    assert "new day at line 11: 12.10am, a new day, Wednesday 9 March 2011" in report
    assert "title: 'Storm live - Tuesday 8 March 2011' (line 1, which names itself" in report
    # what dated the updates, quoted, so that a wrong dateline is seen before publishing
    assert (
        "days: the page's date (line 1), the oldest update's day: "
        "'Storm live - Tuesday 8 March 2011'"
    ) in report
    assert "wrote 4 updates to" in report
    index = (tmp_path / "c/storm/index.md").read_text()
    assert "Timezone: Europe/London\nOrder: oldest\n" in index
    entry = (tmp_path / "c/storm/updates/update-2011-03-09-0010.md").read_text()
    assert "Date: 2011-03-09T00:10:00+00:00\n" in entry


def test_updates_dated_after_the_copy_are_refused(tmp_path):
    # MDR's photo caption above the posts printed '17.2.2105' (for 2015): taken for the
    # page's date, it dated every update 80 years after the page was copied.
    raw = tmp_path / "carnival.txt"
    raw.write_text(
        "Carnival live ticker\n\nThe parade on 17.2.2105 in the old town\n\n"
        "22:25: The last float is in.\n\n21:50: Rain stops.\n",
        encoding="utf-8",
    )
    told = ("--timezone", "Europe/Berlin", "--out", tmp_path / "c", "--archived", "2026-01-01")
    result = run_cli("convert", raw, *told)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: {raw}:3: the updates are dated up to 17 February 2105, after the page was "
        "copied (1 January 2026); what dated them: the page's date (line 3)"
    )
    assert "\n" not in result.stderr.strip()
    assert not (tmp_path / "c").exists()
    result = run_cli("convert", raw, *told, "--date", "2015-02-17")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "c/carnival/updates/update-2015-02-17-2225.md").exists()


def test_dry_run_writes_nothing(tmp_path):
    raw = tmp_path / "storm.txt"
    raw.write_text(OLDEST_FIRST)
    result = run_cli("convert", raw, "--out", tmp_path / "c", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "dry run: 4 update(s) found, nothing written" in result.stderr
    assert not (tmp_path / "c").exists()


def test_parse_json_carries_the_report(tmp_path):
    raw = tmp_path / "storm.txt"
    raw.write_text(OLDEST_FIRST)
    result = run_cli("parse", raw, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["report"]["order"] == "oldest"
    assert data["report"]["timezone"] == "Europe/London"
    assert [r["line"] for r in data["report"]["rollovers"]] == [11]
    assert data["updates"][0]["anchor"] == "update-2011-03-09-0010"  # newest first


def test_order_flag_overrides_detection(tmp_path):
    raw = tmp_path / "storm.txt"
    raw.write_text(OLDEST_FIRST)
    result = run_cli("parse", raw, "--json", "--order", "newest", "--date", "2011-03-08")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["report"]["order_source"] == "--order"


def test_title_and_standfirst_flags(tmp_path):
    raw = tmp_path / "storm.txt"
    raw.write_text(OLDEST_FIRST)
    result = run_cli("parse", raw, "--json", "--title", "Mine", "--standfirst", "Also mine")
    data = json.loads(result.stdout)
    assert (data["title"], data["standfirst"]) == ("Mine", "Also mine")


# ---------------------------------------------------------------------------- refusals

AMBIGUOUS = "Show final\n\n10.15am: First result.\n\n10.15am: Second result.\n"


@pytest.mark.parametrize(
    ("name", "data", "flags", "needles"),
    [
        (
            "ambiguous.txt",
            AMBIGUOUS.encode(),
            ["--timezone", "UTC"],
            ("ambiguous.txt:3:", "--order"),
        ),
        ("nozone.txt", AMBIGUOUS.encode(), ["--order", "newest"], ("nozone.txt:3:", "--timezone")),
        ("utf16.txt", GOOD.encode("utf-16"), [], ("UTF-16", "save it as UTF-8")),
        ("utf16le.txt", GOOD.encode("utf-16-le"), [], ("UTF-16",)),
        (
            "early.txt",
            b"T\n\nUPDATE 0005 GMT:\n\na\n\nUPDATE 2350 GMT:\n\nb\n",
            ["--date", "0001-01-01"],
            ("outside",),
        ),
        (
            "late.txt",
            b"T\n\n11.55pm: Late news.\n",
            ["--date", "9999-12-31", "--timezone", "America/New_York"],
            ("outside",),
        ),
    ],
)
def test_refusals_are_one_line_and_write_nothing(tmp_path, name, data, flags, needles):
    raw = tmp_path / name
    raw.write_bytes(data)
    out = tmp_path / "content"
    result = run_cli("convert", raw, "--out", out, *flags)
    assert_one_line_error(result, *needles)
    assert not out.exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "lots"])
def test_max_mb_must_be_a_positive_number(tmp_path, value):
    assert_one_line_error(run_cli("convert", SEED, "--max-mb", value), "--max-mb", "positive")


def test_unknown_zone_is_one_line(tmp_path):
    result = run_cli("convert", SEED, "--timezone", "Mars/Olympus_Mons", "--out", tmp_path / "c")
    assert_one_line_error(result, "not a time zone", "Europe/London")
    assert not (tmp_path / "c").exists()


# ---------------------------------------------------------------------------- style files


def test_a_style_file_sets_markers_and_order(tmp_path):
    style = tmp_path / "house.toml"
    style.write_text(
        'name = "House"\norder = "oldest"\nzone = "Europe/London"\n\n'
        '[[marker]]\nlabel = ""\ntime = ["12h"]\n'
    )
    raw = tmp_path / "storm.txt"
    raw.write_text(AMBIGUOUS)
    result = run_cli("parse", raw, "--json", "--style", style, "--date", "2024-05-05")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["report"]
    assert (report["order"], report["timezone"], report["style"]) == (
        "oldest",
        "Europe/London",
        "House",
    )


@pytest.mark.parametrize(
    ("content", "line", "needles"),
    [
        ('name = "X"\nordr = "newest"\n', 2, ("unknown setting 'ordr'", "order")),
        ('name = "X"\norder = "sideways"\n', 2, ("newest, oldest or detect",)),
        ('name = "X"\nzone = "Mars/Base"\n', 2, ("IANA",)),
        ('name = "X"\n\n[[marker]]\nlabel = "UPDATE"\ntime = ["hh:mm"]\n', 5, ("hhmm",)),
        ('name = "X"\n\n[[marker]]\nkind = "headline"\n', 4, ("update or original",)),
        ('name = "X\norder = "newest"\n', 1, ("not valid TOML",)),
    ],
)
def test_a_bad_style_file_is_one_line_with_its_line(tmp_path, content, line, needles):
    style = tmp_path / "bad.toml"
    style.write_text(content)
    out = tmp_path / "c"
    result = run_cli("convert", SEED, "--style", style, "--out", out)
    assert_one_line_error(result, f"bad.toml:{line}:", *needles)
    assert not out.exists()


# ---------------------------------------------------------------------------- batches


def test_several_files_one_bad_does_not_stop_the_others(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    bad = tmp_path / "bad.txt"
    bad.write_text("no markers at all\n")
    result = run_cli("convert", bad, good, "--date", "2024-01-02", "--out", tmp_path / "c")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"error: {bad}: no update markers")
    assert lines[1].startswith(f"{good}: wrote 1 updates to")
    assert lines[2] == "1 of 2 converted"
    assert (tmp_path / "c/good/index.md").exists()


@pytest.mark.parametrize("kind", ["csv", "toml"])
def test_a_folder_with_a_manifest(tmp_path, kind):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "one.txt").write_text(GOOD)
    (folder / "two.txt").write_text(OLDEST_FIRST)
    if kind == "csv":
        manifest = tmp_path / "manifest.csv"
        manifest.write_text(
            "file,slug,date,timezone,order,publisher\n"
            "one.txt,first-blog,2024-01-02,,,EA WorldView\n"
            "two.txt,second-blog,,,oldest,\n"
            "three.txt,missing,,,,\n"
        )
    else:
        manifest = tmp_path / "manifest.toml"
        manifest.write_text(
            '[[blog]]\nfile = "one.txt"\nslug = "first-blog"\ndate = "2024-01-02"\n'
            'publisher = "EA WorldView"\n\n'
            '[[blog]]\nfile = "two.txt"\nslug = "second-blog"\norder = "oldest"\n\n'
            '[[blog]]\nfile = "three.txt"\nslug = "missing"\n'
        )
    result = run_cli("convert", folder, "--manifest", manifest, "--out", tmp_path / "c")
    assert result.returncode == 2
    assert "2 of 3 converted" in result.stderr
    assert "three.txt: no such file" in result.stderr
    assert "Publisher: EA WorldView" in (tmp_path / "c/first-blog/index.md").read_text()
    assert "Order: oldest" in (tmp_path / "c/second-blog/index.md").read_text()


def test_a_bad_manifest_row_names_its_line(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,date\none.txt,7 Dec\n")
    result = run_cli("convert", tmp_path, "--manifest", manifest, "--out", tmp_path / "c")
    assert_one_line_error(result, "m.csv:2:", "YYYY-MM-DD")
