"""liveblog-archive: live blogs copied as plain text → Markdown entries → a Pelican archive."""

__version__ = "0.1.0"
