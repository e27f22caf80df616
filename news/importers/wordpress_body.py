"""A WordPress post's body as story blocks, from classic-editor or Gutenberg HTML.

WordPress stores what its editor wrote, not what readers saw: classic posts have no <p> tags
and [caption] or [embed] shortcodes, Gutenberg posts wrap their blocks in comments. This
makes the HTML the old site showed (shortcodes expanded by
news.importers.wordpress_shortcodes), then hands it to news.importers.story_body, answering
for the markup only WordPress has (figures, quotations, tables, bare embed addresses) with
news.importers.wordpress_blocks.
"""

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.core.exceptions import ValidationError

from news.importers.story_body import body_blocks, tweet_value
from news.importers.wordpress_blocks import (
    ImageReference,
    bare_url_block,
    definitions_html,
    embed_block,
    figure_block,
    image_reference,
    quote_block,
    social_blockquote_block,
    table_block,
)
from news.importers.wordpress_shortcodes import ShortcodeExpander
from news.tweets import TWEET_PATH, canonical_tweet_url

# Gutenberg saves its blocks as comments; a post without them is classic-editor HTML.
GUTENBERG_BLOCK = re.compile(r"<!--\s*wp:")
BLANK_LINE = re.compile(r"\n\s*\n")
# Tags WordPress's wpautop leaves alone instead of wrapping in a paragraph.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "div", "dl", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "iframe", "ol", "p", "pre", "script", "section", "style", "table", "ul",
}  # fmt: skip


__all__ = ["ImageReference", "PostBody", "post_body"]


class PostBody(NamedTuple):
    blocks: list
    # What could not be kept as it was (plugins' shortcodes), for the importer's summary.
    warnings: list


def post_body(content, attachments=None, post_id=None):
    """The story blocks for a post's content:encoded, and warnings about what was dropped.

    Image and gallery blocks hold ImageReferences. `attachments` ({id: Attachment}, the
    export's media items) are the pictures a [gallery] shortcode lists.
    """
    shortcodes = ShortcodeExpander(attachments, post_id)
    blocks = body_blocks(_story_html(shortcodes.expand(content)), embed_block=_embed_block)
    return PostBody(blocks, shortcodes.warnings())


def _story_html(content):
    """The post's HTML as the old site showed it: paragraphs made, definition lists as
    paragraphs, and every image in a figure of its own, where `_embed_block` finds it."""
    if not GUTENBERG_BLOCK.search(content):
        content = _paragraphs(content)
    soup = BeautifulSoup(content, "html.parser")
    for frame in soup.find_all("iframe", src=True):
        # A player pasted as embed code: kept as the address it plays, if it is one we embed.
        if embed_block(frame["src"]) is not None:
            wrapper = soup.new_tag("div", attrs={"class": "wp-block-embed__wrapper"})
            wrapper.string = frame["src"]
            figure = soup.new_tag("figure", attrs={"class": "wp-block-embed"})
            figure.append(wrapper)
            frame.replace_with(figure)
    for definition_list in soup.find_all("dl"):
        definition_list.replace_with(*definitions_html(definition_list, soup))
    for image in soup.find_all("img"):
        if image.find_parent(["figure", "table", "blockquote"]):
            continue
        linked = image.parent.name == "a" and not image.parent.get_text(strip=True)
        held = image.parent if linked else image
        figure = soup.new_tag("figure")
        # An image inside a paragraph of text goes just before that paragraph.
        (held.find_parent("p") or held).insert_before(figure)
        figure.append(held.extract())
    return str(soup)


def _paragraphs(content):
    """Classic-editor text as WordPress shows it (wpautop): a blank line ends a paragraph and a
    single line break is a <br>; block elements such as a tweet's blockquote stay as they are."""
    soup = BeautifulSoup(content.replace("\r\n", "\n"), "html.parser")
    parts, run = [], []

    def end_run():
        for chunk in BLANK_LINE.split("".join(run)):
            if chunk.strip():
                lines = chunk.strip().replace("\n", "<br>")
                parts.append(f"<p>{lines}</p>")
        run.clear()

    for node in soup.contents:
        if isinstance(node, Comment) or (isinstance(node, Tag) and node.name in BLOCK_TAGS):
            end_run()
            parts.append(f"<!--{node}-->" if isinstance(node, Comment) else str(node))
        else:
            # Re-escaped, so that text such as "&lt;3" does not turn into markup.
            run.append(node.output_ready() if isinstance(node, NavigableString) else str(node))
    end_run()
    return "\n".join(parts)


def _embed_block(node):
    """The block for WordPress markup the article format lacks, or None for running text."""
    if isinstance(node, Tag) and node.name == "figure":
        tweet = node.find("blockquote", class_="twitter-tweet")
        if tweet is not None:
            return {"type": "tweet", "value": tweet_value(tweet)}
        block = figure_block(node)
        if block is not None:
            return block
        image = node.find("img", src=True)
        if image is not None:
            caption = node.find("figcaption")
            reference = image_reference(image, caption.get_text() if caption else "")
            return {"type": "image", "value": reference}
        # A Gutenberg embed keeps just the URL; the old site fetched the tweet when shown.
        node = node.find(class_="wp-block-embed__wrapper") or node
    elif isinstance(node, Tag) and node.name == "blockquote":
        if "twitter-tweet" in (node.get("class") or []):
            return None  # news.importers.story_body reads tweets for every importer
        return social_blockquote_block(node) or quote_block(node)
    elif isinstance(node, Tag) and node.name == "table":
        return table_block(node)
    elif not (isinstance(node, NavigableString) or node.name == "p"):
        return None
    text = node.get_text() if isinstance(node, Tag) else str(node)
    return _tweet_link_block(text) or bare_url_block(node)


def _tweet_link_block(text):
    """A tweet block for text that is nothing but a tweet's address, as WordPress embeds it."""
    try:
        url = canonical_tweet_url(text)
    except ValidationError:
        return None
    return {
        "type": "tweet",
        "value": {
            "url": url,
            "author_name": "",
            "author_handle": TWEET_PATH.match(urlsplit(url).path)["handle"],
            "text": "",
            "date": None,
        },
    }
