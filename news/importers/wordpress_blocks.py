"""The story blocks for what a WordPress body shows besides running text.

Figures (captioned images, galleries, audio and video players, embeds, tables, pull quotes),
quotations and definition lists, as classic posts (once their shortcodes are expanded,
news.importers.wordpress_shortcodes) and Gutenberg posts both save them. Each function takes
one top-level node of the post's HTML and returns its block, or None if the node is not its
kind.
"""

import re
from copy import copy
from dataclasses import dataclass

from bs4 import NavigableString, Tag
from django.core.exceptions import ValidationError

from news.embeds import recognise
from news.importers.story_body import collapse

# "… (Photo: AP)", "… Photo by Jane Doe", "… © Reuters": a caption's closing credit line.
CREDIT = re.compile(
    r"""\s*[(\[]?\s*(?:©|\(c\)|(?:photo(?:graph)?|image|picture|credit|source)s?"""
    r"""(?:\s+(?:by|credit))?\s*[:\-–—]|photo(?:graph)?s?\s+by)\s*(?P<credit>[^()\[\]]+?)"""
    r"""\s*[)\]]?\s*$""",
    re.IGNORECASE,
)
# A quotation's last line naming who said it: "— The mayor", "-- Ada Lovelace".
ATTRIBUTION_LINE = re.compile(r"^\s*(?:—|–|--?|~)\s*(?P<who>\S.*)$")
QUOTE_TEXT_LIMIT = 5000
LINE_BREAK = "\u2028"
# TableBlock's own names for which cells are headings.
HEADER_CHOICES = {
    (True, True): "both",
    (True, False): "row",
    (False, True): "column",
    (False, False): "neither",
}


@dataclass(frozen=True)
class ImageReference:
    """A picture in a post, until save_post finds its file among the uploads."""

    url: str
    alt: str
    caption: str
    credit: str = ""


def image_reference(image, caption_text=""):
    """The ImageReference for an <img>, its caption split from a closing credit."""
    caption, credit = collapse(caption_text), ""
    found = CREDIT.search(caption)
    if found:
        caption, credit = caption[: found.start()].rstrip(" ,.;–—-"), found["credit"].strip()
    return ImageReference(
        url=image["src"].strip(),
        alt=collapse(image.get("alt", "")),
        caption=caption,
        credit=credit,
    )


def figure_block(node):
    """A figure's block: gallery, audio or video, embed, table or pull quote."""
    classes = set(node.get("class") or [])
    if "wp-block-gallery" in classes or "gallery" in classes:
        return gallery_block(node)
    player = node.find(["audio", "video"])
    if player is not None:
        source = player.get("src") or (player.find("source") or {}).get("src")
        return embed_block(source, _caption(node)) if source else None
    if node.find("table") is not None:
        return table_block(node.find("table"), _caption(node))
    if node.find("blockquote") is not None and "wp-block-pullquote" in classes:
        return quote_block(node.find("blockquote"))
    wrapper = node.find(class_="wp-block-embed__wrapper")
    if wrapper is not None:
        return embed_block(wrapper.get_text(), _caption(node))
    return None


def gallery_block(node):
    images = []
    for image in node.find_all("img", src=True):
        holder = image.find_parent(["figure", "li"])
        caption = holder.find("figcaption") if holder is not None and holder is not node else None
        images.append(image_reference(image, caption.get_text() if caption else ""))
    if not images:
        return None
    own_caption = node.find("figcaption", recursive=False)
    return {
        "type": "gallery",
        "value": {
            "images": images,
            "caption": collapse(own_caption.get_text()) if own_caption else "",
        },
    }


def embed_block(url, title=""):
    """An embed block for a provider's address or a media file; None for any other address."""
    try:
        embed = recognise(collapse(url or ""))
    except ValidationError:
        return None
    return {
        "type": "embed",
        "value": {
            "url": embed.url,
            "provider": embed.provider,
            "title": collapse(title)[:255],
            "thumbnail": embed.thumbnail,
        },
    }


def bare_url_block(node):
    """A paragraph that is nothing but a provider's address, which WordPress shows embedded."""
    if isinstance(node, Tag) and (node.name != "p" or node.find(["img", "br"]) is not None):
        return None
    text = node.get_text() if isinstance(node, Tag) else str(node)
    if not text.strip().lower().startswith(("http://", "https://")) or " " in text.strip():
        return None
    return embed_block(text)


def social_blockquote_block(node):
    """Instagram's and TikTok's embed code: a blockquote naming the post, and their script."""
    classes = set(node.get("class") or [])
    if "instagram-media" in classes:
        return embed_block(node.get("data-instgrm-permalink", ""))
    if "tiktok-embed" in classes:
        return embed_block(node.get("cite", ""))
    return None


def quote_block(blockquote):
    """A quotation and who said it: a <cite>, or a last line starting with a dash."""
    blockquote = copy(blockquote)  # its <cite> is taken out of the copy only
    attribution = ""
    for cite in blockquote.find_all(["cite", "footer"]):
        attribution = attribution or collapse(cite.get_text())
        cite.decompose()
    for line_break in blockquote.find_all("br"):
        line_break.replace_with(LINE_BREAK)
    # Classic posts' quotations have no <p>: their lines are the lines of the text.
    paragraphs = blockquote.find_all("p")
    parts = [part.get_text() for part in paragraphs] or blockquote.get_text().split("\n")
    lines = [collapse(line) for part in parts for line in part.split(LINE_BREAK)]
    lines = [line for line in lines if line]
    if lines and not attribution:
        said_by = ATTRIBUTION_LINE.match(lines[-1])
        if said_by and len(lines) > 1:
            attribution, lines = said_by["who"], lines[:-1]
    if not lines:
        return None
    return {
        "type": "quote",
        "value": {
            "text": "\n".join(lines)[:QUOTE_TEXT_LIMIT],
            "attribution": attribution.lstrip("—–- ")[:255],
        },
    }


def table_block(table, caption=""):
    """A table of text: a header row if the first row is headings, a header column likewise."""
    own_caption = table.find("caption")
    caption = caption or (collapse(own_caption.get_text()) if own_caption else "")
    rows, header_cells = [], []
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a table inside a cell is read as that cell's text
        cells = []
        for cell in row.find_all(["td", "th"], recursive=False):
            cells.append(collapse(cell.get_text(" ")) or None)
            cells.extend([None] * (_span(cell) - 1))
        rows.append(cells)
        header_cells.append(
            [cell.name == "th" for cell in row.find_all(["td", "th"], recursive=False)]
        )
    if not any(any(row) for row in rows):
        return None
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]
    first_row_heads = bool(table.find("thead")) or (bool(header_cells[0]) and all(header_cells[0]))
    first_col_heads = len(rows) > 1 and all(heads and heads[0] for heads in header_cells[1:])
    return {
        "type": "table",
        "value": {
            "data": rows,
            "first_row_is_table_header": first_row_heads,
            "first_col_is_header": first_col_heads,
            "table_header_choice": HEADER_CHOICES[first_row_heads, first_col_heads],
            "table_caption": caption[:255],
        },
    }


def definitions_html(definition_list, soup):
    """A definition list as paragraphs, one a term: the term in bold, then its definitions,
    each on a line of its own, so the words of one never run into the next."""
    paragraphs, paragraph = [], None
    for child in definition_list.find_all(["dt", "dd"]):
        text = collapse(child.get_text(" "))
        if not text:
            continue
        if child.name == "dt" or paragraph is None:
            paragraph = soup.new_tag("p")
            paragraphs.append(paragraph)
        if child.name == "dt":
            term = soup.new_tag("strong")
            term.string = text
            paragraph.append(term)
        else:
            if paragraph.contents:
                paragraph.append(soup.new_tag("br"))
            paragraph.append(NavigableString(text))
    return paragraphs


def _caption(node):
    caption = node.find("figcaption", recursive=False) or node.find("figcaption")
    return collapse(caption.get_text()) if caption else ""


def _span(cell):
    span = str(cell.get("colspan", "1")).strip()
    return min(int(span), 50) if span.isdigit() and int(span) > 0 else 1
