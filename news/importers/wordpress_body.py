"""A WordPress post's body as story blocks, from classic-editor or Gutenberg HTML.

WordPress stores what its editor wrote, not what readers saw: classic posts have no <p> tags
and [caption] or [embed] shortcodes, Gutenberg posts wrap their blocks in comments. This
makes the HTML the old site showed, then hands it to news.importers.story_body, answering
for the markup only WordPress has (figures, bare tweet addresses).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.core.exceptions import ValidationError

from news.importers.story_body import body_blocks, collapse, tweet_value
from news.tweets import TWEET_PATH, canonical_tweet_url

# Gutenberg saves its blocks as comments; a post without them is classic-editor HTML.
GUTENBERG_BLOCK = re.compile(r"<!--\s*wp:")
CAPTION_SHORTCODE = re.compile(r"\[caption[^\]]*\](?P<inner>.*?)\[/caption\]", re.DOTALL)
CAPTIONED_IMAGE = re.compile(
    r"^\s*(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?P<caption>.*)$", re.DOTALL
)
EMBED_SHORTCODE = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.DOTALL)
BLANK_LINE = re.compile(r"\n\s*\n")
# Tags WordPress's wpautop leaves alone instead of wrapping in a paragraph.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "div", "dl", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "iframe", "ol", "p", "pre", "script", "section", "style", "table", "ul",
}  # fmt: skip


@dataclass(frozen=True)
class ImageReference:
    """A picture in a post, until save_post finds its file among the uploads."""

    url: str
    alt: str
    caption: str


def post_blocks(content):
    """The story blocks for a post's content:encoded; image blocks hold ImageReferences."""
    return body_blocks(_story_html(content), embed_block=_embed_block)


def _story_html(content):
    """The post's HTML as the old site showed it: shortcodes expanded, paragraphs made, and
    every image in a figure of its own, where `_embed_block` finds it."""
    content = CAPTION_SHORTCODE.sub(_caption_figure, content)
    content = EMBED_SHORTCODE.sub(lambda match: match["url"], content)
    if not GUTENBERG_BLOCK.search(content):
        content = _paragraphs(content)
    soup = BeautifulSoup(content, "html.parser")
    for image in soup.find_all("img"):
        if image.find_parent("figure"):
            continue
        linked = image.parent.name == "a" and not image.parent.get_text(strip=True)
        held = image.parent if linked else image
        figure = soup.new_tag("figure")
        # An image inside a paragraph of text goes just before that paragraph.
        (held.find_parent("p") or held).insert_before(figure)
        figure.append(held.extract())
    return str(soup)


def _caption_figure(match):
    parts = CAPTIONED_IMAGE.match(match["inner"])
    if not parts:
        return match["inner"]
    return f"<figure>{parts['image']}<figcaption>{parts['caption'].strip()}</figcaption></figure>"


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
    """The block for WordPress markup the article format lacks: figures and bare tweet URLs."""
    if isinstance(node, Tag) and node.name == "figure":
        tweet = node.find("blockquote", class_="twitter-tweet")
        if tweet is not None:
            return {"type": "tweet", "value": tweet_value(tweet)}
        image = node.find("img", src=True)
        if image is not None:
            caption = node.find("figcaption")
            return {
                "type": "image",
                "value": ImageReference(
                    url=image["src"].strip(),
                    alt=collapse(image.get("alt", "")),
                    caption=collapse(caption.get_text()) if caption else "",
                ),
            }
        # A Gutenberg embed keeps just the URL; the old site fetched the tweet when shown.
        node = node.find(class_="wp-block-embed__wrapper") or node
    elif not (isinstance(node, NavigableString) or node.name == "p"):
        return None
    return _tweet_link_block(node.get_text() if isinstance(node, Tag) else str(node))


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
