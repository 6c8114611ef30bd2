"""Pelican settings for publishing (`make publish`): absolute URLs from the environment.

SITEURL is the address the site is served from, e.g. https://user.github.io/repo
(GitHub Pages project sites live under a subpath; every link carries it). It must be an
absolute http(s) address: feeds, the sitemap, robots.txt and the 404 page (which GitHub
Pages serves at any depth) cannot work with relative links. Without it the build stops
with a one-line message rather than publishing a site whose links point nowhere.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
if not SITEURL.startswith(("http://", "https://")):
    raise SystemExit(
        "publishconf.py: set SITEURL to the absolute address the site is served from, "
        f"e.g. SITEURL=https://user.github.io/repo (got {SITEURL!r})"
    )
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
# A publish build renders again only what changed since the last one (in CI, the last
# deploy's output/ and cache/ are restored first): files are compared by their contents,
# since a fresh checkout gives every file a new modification time, and output/ is kept
# (the plugin removes the pages of live blogs and updates that no longer exist).
CHECK_MODIFIED_METHOD = "sha256"
DELETE_OUTPUT_DIRECTORY = False
