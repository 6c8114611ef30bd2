"""The build engine (generator/site/): our generator's logic on generators built the way
Pelican's own tests build them (pelican.tests.support), one `content_written` per file
written, the same bytes from one process or several, render once, no private parts of
Pelican."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, build_site, files, pelican_signals_restored, stable_files
from liveblog_archive.site import liveblogs, plugin, shard
from liveblog_archive.site.integrity import ArchiveError
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.tests.support import get_context, get_settings

from bench.synth import ArchiveSpec, write_archive

SPEC = ArchiveSpec(blogs=4, updates=6)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("engine") / "content"
    write_archive(SPEC, content)
    return content


def generators(content: Path, output: Path, **overrides):
    """ArticlesGenerator and our LiveBlogGenerator, made as Pelican.run makes them."""
    settings = get_settings(
        PATH=str(content),
        OUTPUT_PATH=str(output),
        THEME=str(ROOT / "theme"),
        CACHE_PATH=str(output.parent / "cache"),
        CACHE_CONTENT=False,
        ARTICLE_TRANSLATION_ID=None,
        **overrides,
    )
    plugin.register()
    signals.initialized.send(type("Pelican", (), {"settings": settings})())
    context = get_context(settings)
    args = dict(context=context, settings=settings, path=str(content), theme=settings["THEME"])
    articles = ArticlesGenerator(output_path=str(output), **args)
    ours = liveblogs.LiveBlogGenerator(output_path=str(output), **args)
    return articles, ours


def test_generate_context_attaches_updates_without_writing(archive, tmp_path):
    with pelican_signals_restored():
        articles, ours = generators(archive, tmp_path / "out")
        articles.generate_context()
        ours.generate_context()
        ours.store.close()
    blogs = sorted(articles.articles, key=lambda a: a.slug)
    assert [b.slug for b in blogs] == [SPEC.slug(i) for i in range(SPEC.blogs)]
    # Pelican read only the index.md files: the updates are ours, not hidden articles.
    assert articles.hidden_articles == []
    for blog in blogs:
        assert len(blog.updates) == SPEC.updates
        dates = [u.date for u in blog.updates]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert blog.save_as == "" and blog.url == f"{blog.slug}/"
    assert not (tmp_path / "out").exists()  # nothing written before generate_output


def test_a_bad_update_stops_generate_context_with_its_line(archive, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(archive, content)
    entry = sorted((content / SPEC.slug(2) / "updates").glob("*.md"))[1]
    entry.write_text(entry.read_text().replace("Kind: update", "Kind: rumour"))
    with pelican_signals_restored():
        articles, ours = generators(content, tmp_path / "out")
        articles.generate_context()
        with pytest.raises(ArchiveError, match="problem"):
            ours.generate_context()


def written_by(content: Path, output: Path, **settings) -> list[str]:
    """Build, recording every `content_written` (relative to the output folder) and every
    `feed_written` (Pelican's own feeds)."""
    heard: list[str] = []

    def hear(path: str, context: dict, **_: object) -> None:
        heard.append(Path(path).relative_to(output).as_posix())

    signals.content_written.connect(hear)
    signals.feed_written.connect(hear)
    try:
        build_site(content, output, **settings)
    finally:
        signals.content_written.disconnect(hear)
        signals.feed_written.disconnect(hear)
    return heard


def test_one_content_written_per_file_written(archive, tmp_path):
    output = tmp_path / "out"
    heard = written_by(archive, output)
    on_disk = sorted(name for name in files(output) if not name.startswith("theme/"))
    assert len(heard) == len(set(heard)), "a file announced twice"
    # Every file the build wrote, once (Pelican copies the theme's static files itself).
    assert sorted(heard) == on_disk
    per_blog = 2 + SPEC.updates + 3  # two views, the updates, feed, JSON, source.txt
    assert sum(1 for name in heard if name.startswith("synthetic-")) == SPEC.blogs * per_blog


def test_several_processes_write_the_bytes_of_one(archive, tmp_path, monkeypatch):
    one = written_by(archive, tmp_path / "one", LIVEBLOG_PROCESSES=1)
    started: list[int] = []
    pool = shard._pool

    def spy(args):
        started.append(1)
        return pool(args)

    monkeypatch.setattr(shard, "MIN_UPDATES", 1)  # a small archive, in worker processes
    monkeypatch.setattr(shard, "_pool", spy)
    two = written_by(archive, tmp_path / "two", LIVEBLOG_PROCESSES=2)
    assert len(started) == 2, "two worker processes built the live blogs"
    assert sorted(stable_files(dict.fromkeys(one))) == sorted(stable_files(dict.fromkeys(two)))
    assert stable_files(files(tmp_path / "one")) == stable_files(files(tmp_path / "two"))


def test_each_update_article_is_rendered_once(archive, tmp_path, monkeypatch):
    import jinja2

    rendered: list[str] = []
    real = jinja2.Template.render

    def render(template, *args, **kwargs):
        if template.name == "update_article.html":
            rendered.append(kwargs["update"].url)
        return real(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", render)
    output = build_site(archive, tmp_path / "out", LIVEBLOG_PROCESSES=1)
    assert len(rendered) == len(set(rendered)) == SPEC.blogs * SPEC.updates
    # ...and that one rendering is in all three pages that show the update.
    slug = SPEC.slug(0)
    anchor = sorted((archive / slug / "updates").glob("*.md"))[0].stem
    pattern = re.compile(rf'<article class="update[^"]*" id="{anchor}">.*?</article>', re.S)
    pages = [
        f"{slug}/index.html",
        f"{slug}/chronological/index.html",
        f"{slug}/{anchor}/index.html",
    ]
    shown = {pattern.search((output / page).read_text()).group(0) for page in pages}
    # The same HTML but for each page's own way to the site's root (relative links).
    assert len({re.sub(r'"(?:\.\./)+', '"', html) for html in shown}) == 1


def test_no_fork_and_no_private_part_of_pelican_or_rich():
    code = "\n".join(p.read_text() for p in (ROOT / "generator").rglob("*.py"))
    for forbidden in ("os.fork", "_RefreshThread", "._lock", "._cache", "._content", "._context"):
        assert forbidden not in code, forbidden
