"""Pelican settings for building the archive locally (`make html`)."""

AUTHOR = "liveblog-archive"
SITENAME = "Live Blog Archive"
SITESUBTITLE = "Rolling news coverage, kept as it was published"
SITEURL = ""
RELATIVE_URLS = True  # local browsing only; publishconf.py turns it off

PATH = "content"
THEME = "theme"
TIMEZONE = "Etc/UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PLUGINS = ["liveblog_archive"]

# Entries are text from untrusted pages: Markdown with raw HTML switched off, plus our blocks.
MARKDOWN = {
    "extension_configs": {"liveblog_archive.site.markdown_ext": {}},
    "output_format": "html5",
}
# (The plugin keeps compiled templates in CACHE_PATH/jinja between builds.) Templates are
# not checked for changes at every use (auto_reload): each build, `make regenerate`'s
# too, starts with new template environments, and 10,000 pages × their includes asked
# for the files' times.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
}

# Live blogs are articles at /<slug>/; each update's permalink page is /<slug>/<anchor>/
# (set by the plugin). Nothing else: no author, category or tag pages.
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "live-blogs"
DIRECT_TEMPLATES = ["index", "404", "about"]
ABOUT_SAVE_AS = "about/index.html"  # "About this archive", linked from every page
ABOUT_URL = "about/"
PAGE_SAVE_AS = ""
PAGE_URL = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DEFAULT_PAGINATION = False
SUMMARY_MAX_LENGTH = 40

# Site feed: one entry per live blog (updates are hidden articles, so never listed here);
# each live blog has its own feed of updates. The plugin writes both (site/feeds.py), with
# ids that are tag URIs in every build: Pelican's FEED_ALL_ATOM would write `tag:None,…`
# ids in a local build.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = None
LIVEBLOG_SITE_FEED = "feeds/all.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Rebuilds: Pelican's content cache, and the plugin renders again only the live blogs whose
# files changed (generator/incremental.py). `pelican --ignore-cache` renders everything.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
GZIP_CACHE = False  # compressing the cache costs more time than reading it uncompressed
# No translations: Pelican's search for them is quadratic in the number of articles
# (10,000 updates: a third of a second per build).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
