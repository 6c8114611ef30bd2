"""Pelican settings for publishing (`make publish`): absolute URLs from the environment.

SITEURL is the address the site is served from, e.g. https://user.github.io/repo
(GitHub Pages project sites live under a subpath; every link carries it).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
