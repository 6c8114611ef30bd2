"""The Markdown extension rule by rule, as Python-Markdown tests its own extensions
(markdown.test_tools.TestCase.assertMarkdownRenders): entries in, HTML out."""

from __future__ import annotations

from typing import ClassVar

from liveblog_archive.site.markdown_ext import LiveBlogExtension
from markdown.test_tools import TestCase

EMBED = """Before the post.

::: embed
platform: bluesky
author: Qusay Noor
handle: qusaynoor.bsky.social
posted: 2024-12-07T16:42
printed-date: December 7, 2024 at 4:42 PM
url: https://bsky.app/profile/qusaynoor.bsky.social/post/3lcmxzb2
profile: https://bsky.app/profile/qusaynoor.bsky.social
media: [image or embed]

The post's text, with <b>tags</b> and *stars*.

A second paragraph.
:::

After the post."""


class TestLiveBlogExtension(TestCase):
    default_kwargs: ClassVar[dict] = {"extensions": [LiveBlogExtension()], "output_format": "html5"}

    def test_an_embed_becomes_an_inert_card(self):
        """Text escaped, never Markdown; links to the post and to the profile, said so."""
        self.assertMarkdownRenders(
            EMBED,
            "<p>Before the post.</p>\n"
            '<figure class="embed embed-bluesky"><figcaption class="embed-meta">'
            '<span class="embed-platform">Bluesky post</span> '
            '<span class="embed-author">Qusay Noor</span> '
            '<span class="embed-handle">@qusaynoor.bsky.social</span> '
            '<span class="embed-date"><time datetime="2024-12-07T16:42">'
            "December 7, 2024 at 4:42 PM</time></span></figcaption>"
            '<blockquote class="embed-text"><p>The post&#x27;s text, with &lt;b&gt;tags&lt;/b&gt; '
            "and *stars*.</p><p>A second paragraph.</p></blockquote>"
            '<p class="embed-footer"><span class="embed-media-note">The post’s image or link card '
            'was not preserved.</span> <a class="embed-post" '
            'href="https://bsky.app/profile/qusaynoor.bsky.social/post/3lcmxzb2" '
            'rel="external nofollow noopener">The original post</a> · <a class="embed-profile" '
            'href="https://bsky.app/profile/qusaynoor.bsky.social" '
            'rel="external nofollow noopener">Qusay Noor’s profile on Bluesky</a></p>'
            "</figure>\n"
            "<p>After the post.</p>",
        )

    def test_an_embed_url_that_is_not_http_is_no_link(self):
        self.assertMarkdownRenders(
            "::: embed\nplatform: x\nauthor: A\nhandle: a\nurl: javascript:alert(1)\n\nText\n:::",
            '<figure class="embed embed-x"><figcaption class="embed-meta">'
            '<span class="embed-platform">X (Twitter) post</span> '
            '<span class="embed-author">A</span> <span class="embed-handle">@a</span>'
            '</figcaption><blockquote class="embed-text"><p>Text</p></blockquote>'
            '<p class="embed-footer"><span class="embed-no-url">The post’s own address was not '
            "recorded.</span></p></figure>",
        )

    def test_a_post_kept_only_as_a_note_says_so(self):
        """A consent gate's card: no text of the post, its note says why."""
        self.assertMarkdownRenders(
            "::: embed\nplatform: instagram\nauthor: Instagram\n"
            "media: Skip instagram post / End of instagram post\n:::",
            '<figure class="embed embed-instagram"><figcaption class="embed-meta">'
            '<span class="embed-platform">Instagram post</span> '
            '<span class="embed-author">Instagram</span></figcaption>'
            '<p class="embed-footer"><span class="embed-media-note">The page showed this post '
            "only behind a consent notice: it was not preserved.</span> "
            '<span class="embed-no-url">The post’s own address was not recorded.</span></p>'
            "</figure>",
        )

    def test_lost_media_becomes_a_note(self):
        self.assertMarkdownRenders(
            "A snapshot from Hama:\n\n::: lost-media image\n"
            "An image appeared here in the original; it was lost when the page was copied.\n:::",
            "<p>A snapshot from Hama:</p>\n"
            '<figure class="lost-media lost-media-image">'
            '<span class="lost-media-icon" aria-hidden="true"></span>'
            "<figcaption>An image appeared here in the original; it was lost when the page "
            "was copied.</figcaption></figure>",
        )

    def test_an_unclosed_or_unknown_block_stays_text(self):
        self.assertMarkdownRenders(
            "::: embed\nplatform: x\n\nnever closed",
            "<p>::: embed\nplatform: x</p>\n<p>never closed</p>",
        )
        self.assertMarkdownRenders("::: poll\nQ\n:::", "<p>::: poll\nQ\n:::</p>")

    def test_raw_html_is_text(self):
        self.assertMarkdownRenders(
            "<script>alert(1)</script>\n\nA <b>bold</b> claim.",
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>A &lt;b&gt;bold&lt;/b&gt; claim.</p>",
        )

    def test_an_entry_heading_sits_below_the_page_headings(self):
        self.assertMarkdownRenders(
            "## Homs Liberated on Friday?", "<h4>Homs Liberated on Friday?</h4>"
        )
        self.assertMarkdownRenders("# Top", "<h3>Top</h3>")

    def test_links_lead_to_http_or_an_anchor_only(self):
        self.assertMarkdownRenders(
            "[a](https://example.org/) [b](#update-2024-12-07-1737) [c](javascript:alert(1)) "
            "[d](ftp://example.org/)",
            '<p><a href="https://example.org/">a</a> <a href="#update-2024-12-07-1737">b</a> '
            "<a>c</a> <a>d</a></p>",
        )

    def test_images_come_from_the_site_only(self):
        self.assertMarkdownRenders(
            "![map](https://tracker.example/p.png) ![up]({static}/../../etc/x.png) "
            "![rel](images/map.png) ![site]({static}/images/map.png)",
            "<p><span>map</span> <span>up</span> <span>rel</span> "
            '<img alt="site" src="{static}/images/map.png"></p>',
        )

    def test_links_to_pelican_files_are_not_links_in_an_entry(self):
        """Updates are not Pelican articles: `{filename}` would publish as written."""
        self.assertMarkdownRenders("[x]({filename}/other.md)", "<p><a>x</a></p>")

    def test_colons_and_pipes_can_be_escaped_at_line_start(self):
        self.assertMarkdownRenders("\\::: not a block", "<p>::: not a block</p>")


# ---------------------------------------------------------------------------- plain text

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from liveblog_archive.site.reader import entry_markdown  # noqa: E402

MARKUP = st.sampled_from(
    [
        "*",
        "_",
        "`",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "&",
        "!",
        "#",
        "-",
        "  \n",
        "\n",
        "\n\n",
        ":",
        "|",
    ]
)
WORDS = st.sampled_from(
    ["news", "Homs", "1737", "a.m.", "x_y", "it's", "“quoted”", "&amp;", "http://e.org"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKUP, WORDS, st.just(" ")), max_size=40))
def test_plain_text_skipping_the_inline_patterns_changes_nothing(pieces):
    """The shortcut for plain text (PlainTextTreeprocessor) gives Python-Markdown's HTML."""
    text = "".join(pieces)
    fast = entry_markdown()
    slow = entry_markdown()
    slow.treeprocessors.deregister("liveblog_plain_text")
    assert fast.convert(text) == slow.convert(text)
