"""Lighthouse 12 (the npm package pinned in tests/lighthouse/, run with Debian's chromium)
on the live blog page and a permalink page, phone and desktop, in a publish build served
on loopback: 100 in performance, accessibility, best practices and SEO.

The four audits run once, in one module-scoped fixture (about 15 s each); their reports
(JSON and HTML) go to test-artifacts/lighthouse/. `make test` installs the package
(`npm ci`, from tests/lighthouse/package-lock.json); Lighthouse downloads no browser:
CHROME_PATH points it at /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ARTIFACTS, ROOT, SEED_SLUG, build_site, require_tool, serve

LIGHTHOUSE = ROOT / "tests" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "liveblog": f"/{SEED_SLUG}/",
    "permalink": f"/{SEED_SLUG}/update-2024-12-07-1737/",
    "search": "/search/?q=Erbin",  # Pagefind's UI, its index and a query's results
}
FORM_FACTORS = ("mobile", "desktop")
RUNS = [(page, form) for page in PAGES for form in FORM_FACTORS]


def lighthouse(url: str, form: str, out: Path, chromium: str) -> dict:
    """One Lighthouse run; its JSON report (an HTML one is written beside it)."""
    args = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output=html",
        f"--output-path={out}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        "--only-categories=" + ",".join(CATEGORIES),
        "--quiet",
    ]
    if form == "desktop":
        args.append("--preset=desktop")
    result = subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "CHROME_PATH": chromium},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(out.with_suffix(".report.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[tuple[str, str], dict]:
    chromium = require_tool(
        "chromium", "apt-get install chromium (Debian's; Lighthouse downloads no browser)"
    )
    require_tool("node", "apt-get install nodejs npm (then `make test` installs Lighthouse)")
    if not LIGHTHOUSE.exists():
        message = f"{LIGHTHOUSE} is missing: `make lighthouse` installs it (npm ci)"
        if os.environ.get("LIVEBLOG_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    content = tmp_path_factory.mktemp("lighthouse") / "content"
    shutil.copytree(ROOT / "content" / SEED_SLUG, content / SEED_SLUG)
    output = tmp_path_factory.mktemp("lighthouse-out")
    out = ARTIFACTS / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    found = {}
    with serve(output) as server:
        # A publish build for the address it is served from: absolute canonical links.
        siteurl = f"http://127.0.0.1:{server.server_address[1]}"
        saved = os.environ.get("SITEURL")
        os.environ["SITEURL"] = siteurl
        try:
            build_site(content, output, conf="publishconf.py")
        finally:
            if saved is None:
                del os.environ["SITEURL"]
            else:
                os.environ["SITEURL"] = saved
        for page, form in RUNS:
            found[page, form] = lighthouse(
                siteurl + PAGES[page], form, out / f"{page}-{form}", chromium
            )
    return found


def failing_audits(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']].get('displayValue') or audits[ref['id']]['title']}"
        for ref in refs
        if ref["weight"] > 0 and (audits[ref["id"]].get("score") or 0) < 1
    ]


@pytest.mark.parametrize(("page", "form"), RUNS)
def test_lighthouse_scores_100(reports, page, form):
    report = reports[page, form]
    assert report["lighthouseVersion"].startswith("12.2.")
    assert report["configSettings"]["formFactor"] == form
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    problems = {c: failing_audits(report, c) for c in CATEGORIES if scores[c] < 100}
    assert scores == dict.fromkeys(CATEGORIES, 100), problems
    # what the audits saw: the page itself, no error in the console, nothing from elsewhere
    assert report["finalDisplayedUrl"].endswith(PAGES[page])
    assert report["audits"]["errors-in-console"]["score"] == 1
    assert report["audits"]["canonical"]["score"] == 1
    # every request the page made went to the site itself: no third party (a data: image of
    # Pagefind's stylesheet leaves the page for nowhere)
    site = "/".join(report["finalDisplayedUrl"].split("/", 3)[:3]) + "/"
    requests = [i["url"] for i in report["audits"]["network-requests"]["details"]["items"]]
    assert requests and [u for u in requests if not u.startswith((site, "data:"))] == []
