"""liveblog-archive: live blogs copied as plain text → Markdown entries → a Pelican archive.

The folders follow the data: `convert/` (raw text → model), `store/` (model ↔ entries on
disk), `site/` (entries → Pelican pages). Installed, the package is `liveblog_archive`;
a Pelican site adds it with `PLUGINS = ["liveblog_archive"]`.
"""

__version__ = "0.1.0"


def register() -> None:
    """Pelican's plugin entry point: the live blog plugin and the sitemap."""
    from .site import feeds, plugin, sitemap

    plugin.register()
    sitemap.register()
    feeds.register()
