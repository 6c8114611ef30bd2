"""Any Pelican site can adopt the archive: install the package, add it to PLUGINS, use its
THEME. Tried as a user would: the project built as a wheel and installed apart from this
checkout, a new site made as `pelican-quickstart` makes one, a live blog imported, built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED, SEED_SLUG

# What pelican-quickstart writes (its answers: no URL prefix, no pagination change), plus
# the two lines the README tells a site to add.
QUICKSTART_CONF = """\
AUTHOR = 'A newsroom'
SITENAME = 'Our archive'
SITEURL = ''

PATH = 'content'

TIMEZONE = 'Europe/London'

DEFAULT_LANG = 'en'

# Feed generation is usually not desired when developing
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Blogroll
LINKS = (('Pelican', 'https://getpelican.com/'),)

DEFAULT_PAGINATION = 10

# Uncomment following line if you want document-relative URLs when developing
RELATIVE_URLS = True

import liveblog_archive

PLUGINS = ['liveblog_archive']
THEME = liveblog_archive.THEME
"""

OWN_ARTICLE = """Title: A note from the newsroom
Date: 2024-12-10 09:00

This site also keeps ordinary articles.
"""


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The project as a wheel, installed into a folder of its own (first on the path)."""
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(work / "dist"),
            str(ROOT),
        ],
        work,
        env,
    )
    (wheel,) = (work / "dist").glob("liveblog_archive-*.whl")
    target = work / "site-packages"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        work,
        env,
    )
    return target, {**env, "PYTHONPATH": str(target)}


def test_a_new_pelican_site_adopts_the_archive(installed, tmp_path):
    target, env = installed
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(QUICKSTART_CONF)
    (site / "content" / "note.md").write_text(OWN_ARTICLE)
    where = run(
        [sys.executable, "-c", "import liveblog_archive as l; print(l.__file__, l.THEME)"],
        site,
        env,
    )
    code, theme = where.stdout.split()
    assert code.startswith(str(target)) and theme.startswith(str(target)), where.stdout
    assert (Path(theme) / "templates" / "liveblog.html").is_file()

    run(
        [
            sys.executable,
            "-m",
            "liveblog_archive",
            "convert",
            str(SEED),
            "--slug",
            SEED_SLUG,
            "--publisher",
            "EA WorldView",
            "--out",
            "content",
        ],
        site,
        env,
    )
    run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        site,
        env,
    )
    output = site / "output"
    blog = (output / SEED_SLUG / "index.html").read_text()
    assert blog.count('<article class="update') == 27
    assert (output / SEED_SLUG / "chronological" / "index.html").is_file()
    assert (output / SEED_SLUG / "update-2024-12-07-1737" / "index.html").is_file()
    assert (output / SEED_SLUG / "feed.atom.xml").is_file()
    assert (output / "theme" / "css" / "style.css").is_file()
    # The site's own article is still published, as Pelican publishes it.
    assert (output / "a-note-from-the-newsroom.html").is_file()
    index = (output / "index.html").read_text()
    assert "A note from the newsroom" in index and "Axis of the Vulnerable" in index
