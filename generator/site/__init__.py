"""Pelican: the plugin, its reader, rebuilds, the Markdown extension, the sitemap."""
