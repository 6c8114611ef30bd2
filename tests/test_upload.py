"""Publishing beyond GitHub Pages: `make rsync_upload` and `make s3_upload` (the targets
of Pelican's quickstart Makefile), run for real against local folders and as dry runs.
Nothing here contacts another host: rsync's destination is a local folder, and the S3
command is printed (`make -n`) or echoed (`AWS=echo`), never run against a bucket."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEED_SLUG

SITEURL = "https://archive.example.org"


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args, f"SITEURL={SITEURL}"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def rsync() -> str:
    found = shutil.which("rsync")
    if not found:
        pytest.fail("rsync is not installed: apt-get install rsync (.ci/run installs it)")
    return found


def test_rsync_upload_dry_run_lists_the_site_and_changes_nothing(tmp_path, rsync):
    out, dest = tmp_path / "out", tmp_path / "dest"
    dest.mkdir()
    result = make("rsync_upload", f"OUTPUTDIR={out}", f"RSYNC_DEST={dest}/", "RSYNC_OPTS=--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(DRY RUN)" in result.stdout
    listed = set(result.stdout.split())
    for page in (
        "index.html",
        "search/index.html",
        "pagefind/pagefind-entry.json",
        "pagefind/shards.json",
        f"{SEED_SLUG}/update-2024-12-07-1737/index.html",
        "archive/2024/index.html",
    ):
        assert page in listed, page
    assert list(dest.iterdir()) == []  # a dry run changes nothing
    assert (out / "index.html").is_file()  # it did publish first


def test_rsync_upload_to_a_folder_mirrors_the_site(tmp_path, rsync):
    out, dest = tmp_path / "out", tmp_path / "dest"
    (dest / "gone").mkdir(parents=True)
    (dest / "gone" / "index.html").write_text("a page of a deleted live blog")
    result = make("rsync_upload", f"OUTPUTDIR={out}", f"RSYNC_DEST={dest}/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree(dest) == tree(out)  # every file, and nothing else
    assert f'href="{SITEURL}/{SEED_SLUG}/"' in (dest / "index.html").read_text()


def test_s3_upload_is_one_sync_of_the_output_folder(tmp_path):
    out = tmp_path / "out"
    printed = make("-n", "s3_upload", f"OUTPUTDIR={out}", "S3_BUCKET=my-archive")
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.strip().splitlines()
    assert "publishconf.py" in lines[0]  # publish first
    assert lines[-1].split() == [
        "aws",
        "s3",
        "sync",
        f'"{out}"/',
        '"s3://my-archive"',
        "--acl",
        "public-read",
        "--delete",
    ]
    assert not out.exists()  # make -n ran nothing

    other = make(
        "-n", "s3_upload", f"OUTPUTDIR={out}", "S3_BUCKET=b", "S3_OPTS=--dryrun --endpoint-url=x"
    )
    assert other.stdout.strip().splitlines()[-1].endswith("--delete --dryrun --endpoint-url=x")


def test_s3_upload_publishes_then_runs_the_aws_command(tmp_path):
    out = tmp_path / "out"
    result = make("s3_upload", f"OUTPUTDIR={out}", "S3_BUCKET=my-archive", "AWS=echo aws")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"aws s3 sync {out}/ s3://my-archive --acl public-read --delete" in result.stdout
    assert (out / "pagefind" / "shards.json").is_file()
