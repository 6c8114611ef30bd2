"""liveblog-archive: live blogs copied as plain text → Markdown entries → a Pelican archive.

The folders follow the data: `convert/` (raw text → model), `store/` (model ↔ entries on
disk), `site/` (entries → Pelican pages). Installed, the package is `liveblog_archive`;
a Pelican site adds it with `PLUGINS = ["liveblog_archive"]`.
"""

from pathlib import Path

__version__ = "0.1.0"


def _theme() -> str:
    """The theme the plugin's pages need: inside the installed package, or beside the
    code in a checkout (an editable install)."""
    here = Path(__file__).resolve().parent
    installed, checkout = here / "theme", here.parent / "theme"
    return str(installed if (installed / "templates").is_dir() else checkout)


# For a Pelican site's settings: `THEME = liveblog_archive.THEME`.
THEME = _theme()


def register() -> None:
    """Pelican's plugin entry point: the live blog plugin and the sitemap."""
    from .site import feeds, plugin, sitemap

    plugin.register()
    sitemap.register()
    feeds.register()
