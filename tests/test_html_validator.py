"""Every page of the built seed site passes the Nu HTML checker (vnu.jar 26.9, pinned in
tests/lighthouse/package-lock.json: `make test` installs it with npm; it runs on Java).

Warnings count as errors (`--Werror`): "Article lacks heading" is an accessibility
problem, not noise. The checker's messages on the Content-Security-Policy are left out
(`--filterpattern`): it applies the policy to the files' `file:` addresses, whose origin
is opaque, so that every stylesheet and script of 'self' reads as blocked; over http, as
the site is served, the browser tests check that no page breaks its policy
(tests/test_browser.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEED_SLUG, build_site, require_tool

VNU = ROOT / "tests" / "lighthouse" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CSP_ON_FILE_ADDRESSES = r".*(violates|blocked by) .*Content Security Policy.*"


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    java = require_tool(
        "java", "apt-get install default-jre-headless (the Nu checker runs on Java)"
    )
    if not VNU.exists():
        message = f"{VNU} is missing: `make lighthouse` installs it (npm ci)"
        if os.environ.get("LIVEBLOG_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--skip-non-html",
            "--Werror",
            "--format",
            "gnu",
            "--filterpattern",
            CSP_ON_FILE_ADDRESSES,
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_page_of_the_seed_site_is_valid(seed_site):
    pages = list(seed_site.rglob("*.html"))
    assert len(pages) >= 27 + 4  # permalink pages, live blog, chronological, index, 404
    result = validate(seed_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_page_of_the_committed_archive_is_valid(tmp_path):
    """The archive as committed (key events), built for publishing, with one disclosed edit."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / SEED_SLUG, content / SEED_SLUG)
    entry = content / SEED_SLUG / "updates" / "update-2024-12-07-1128.md"
    entry.write_text(
        entry.read_text().replace(
            "Template: update\n", "Template: update\nEdited: 2026-11-25\nEdit-Note: Checked.\n"
        )
    )
    site = build_site(
        content,
        tmp_path / "out",
        SITEURL="https://example.github.io/archive",
        RELATIVE_URLS=False,
    )
    assert "Corrected on" in (site / SEED_SLUG / "index.html").read_text()
    result = validate(site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checker_does_find_errors(tmp_path):
    """The check above can fail: an invalid page is reported."""
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html lang=en><title>x</title><p><div>block in p</p></span>"
    )
    result = validate(tmp_path)
    assert result.returncode != 0
    assert "bad.html" in result.stdout + result.stderr
