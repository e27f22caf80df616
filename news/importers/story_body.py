"""A story body from HTML: the StreamField blocks an importer saves, free of unsafe markup.

Shared by every importer: the article format's body is HTML, and a WordPress post's body is
made into HTML of the same shape before it comes here. A bold first paragraph is the lede,
tweets and "Also Read" links get their own blocks, and every paragraph is reduced to what the
story editor itself could have saved.
"""

import json
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.core.exceptions import ValidationError
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.whitelist import check_url

from news.blocks import LEDE_FEATURES, PARAGRAPH_FEATURES
from news.importers.errors import ArticleFormatError
from news.tweets import read_embed_code

WHITESPACE = re.compile(r"\s+")
ALSO_READ = re.compile(r"^also read\b", re.IGNORECASE)

# Their text is code or a fallback for plugins, never prose, so the text goes with the tag.
NON_CONTENT_TAGS = ["script", "style", "noscript", "template", "iframe", "object"]
# Wrappers around a copied body; their children are the body's real top level.
CONTAINER_TAGS = {"html", "body", "main", "article", "section", "div"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BOLD_TAGS = {"strong", "b"}


def body_blocks(body_html, embed_block=None):
    """The story body as raw StreamField data: a list of {"type", "value"} dicts.

    A bold first paragraph is the lede; tweets and "Also Read" links get their own blocks;
    each run of ordinary paragraphs between them becomes one paragraph block.
    `embed_block(node)`, if given, is asked first about each top-level node and may return
    the block for markup only its importer knows (a WordPress figure, say), or None.
    """
    soup = BeautifulSoup(body_html, "html.parser")
    for element in soup.find_all(NON_CONTENT_TAGS):
        element.decompose()

    blocks, run = [], []
    seen_text = False

    def end_run():
        html = sanitize_rich_text("".join(run), PARAGRAPH_FEATURES)
        if html:
            blocks.append({"type": "paragraph", "value": html})
        run.clear()

    for node in _top_level_nodes(soup):
        embedded = embed_block(node) if embed_block else None
        if embedded is not None:
            end_run()
            blocks.append(embedded)
        elif (
            isinstance(node, Tag)
            and node.name == "blockquote"
            and _has_class(node, "twitter-tweet")
        ):
            end_run()
            blocks.append({"type": "tweet", "value": tweet_value(node)})
        elif isinstance(node, Tag) and node.name == "p" and _also_read_link(node):
            end_run()
            link = _also_read_link(node)
            blocks.append(
                {
                    "type": "related_link",
                    "value": {"page": None, "url": link["href"].strip(), "title": _text(link)},
                }
            )
        elif isinstance(node, Tag) and node.name in HEADING_TAGS:
            end_run()
            if _text(node):
                blocks.append({"type": "heading", "value": _text(node)})
        elif not seen_text and isinstance(node, Tag) and node.name == "p" and _only_bold(node):
            # Only an opening bold paragraph is the lede; later ones are emphasis or subheads.
            lede = sanitize_rich_text(f"<p>{_only_bold(node).decode_contents()}</p>", LEDE_FEATURES)
            if lede:
                blocks.append({"type": "lede", "value": lede})
        else:
            run.append(str(node))
        seen_text = seen_text or bool(blocks) or bool(_text(node))
    end_run()
    return blocks


def tweet_value(blockquote):
    """The tweet block's value, read from the blockquote Twitter's embed code gives."""
    try:
        value = read_embed_code(blockquote)
    except ValidationError as error:  # the one thing read_embed_code refuses
        raise ArticleFormatError(
            "a twitter-tweet blockquote has no link to the post's status"
        ) from error
    return {**value, "date": value["date"].isoformat() if value["date"] else None}


def sanitize_rich_text(html, features):
    """HTML reduced to what Draftail, limited to `features`, would itself save; "" if no text.

    Round-tripping through Wagtail's own converter drops every element, attribute and URL
    scheme the editor cannot produce (event handlers, javascript: links, inline styles).
    """
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(NON_CONTENT_TAGS):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    # The converter keeps a link with a forbidden URL as a bare <a>; keep just its text.
    for link in soup.find_all("a"):
        if not link.get("href") or check_url(link["href"]) is None:
            link.unwrap()

    converter = ContentstateConverter(features)
    contentstate = json.loads(converter.from_database_format(str(soup)))
    contentstate["blocks"] = [
        block
        for block in contentstate["blocks"]
        if block["text"].strip() or block["type"] == "atomic"
    ]
    if not contentstate["blocks"]:
        return ""
    return converter.to_database_format(json.dumps(contentstate))


def _top_level_nodes(soup):
    for node in soup.children:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString) and not node.strip():
            continue
        if isinstance(node, Tag) and node.name in CONTAINER_TAGS:
            yield from _top_level_nodes(node)
        else:
            yield node


def _only_bold(paragraph):
    """The paragraph's bold element if it is all the paragraph holds and has text, else None."""
    children = [
        child
        for child in paragraph.children
        if not (isinstance(child, NavigableString) and not child.strip())
    ]
    if len(children) == 1 and isinstance(children[0], Tag) and children[0].name in BOLD_TAGS:
        return children[0] if _text(children[0]) else None
    return None


def _also_read_link(paragraph):
    if not ALSO_READ.match(_text(paragraph)):
        return None
    for link in paragraph.find_all("a", href=True):
        if link["href"].strip().lower().startswith(("http://", "https://")) and _text(link):
            return link
    return None


def _has_class(tag, name):
    return name in (tag.get("class") or [])


def _text(node):
    return collapse(node.get_text() if isinstance(node, Tag) else str(node))


def collapse(text):
    """Runs of whitespace as one space, trimmed, as a line copied from a page reads."""
    return WHITESPACE.sub(" ", text).strip()
