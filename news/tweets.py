"""A post from X/Twitter as a story keeps it: read from the embed code X gives, with nothing
fetched, and its archival copy reduced to text, line breaks and plain web links.

The embed code is `<blockquote class="twitter-tweet"><p>text with links</p>&mdash; Name
(@handle) <a href="…/status/…">Month D, YYYY</a></blockquote><script …></script>`. The importers
read it from old stories' HTML and the tweet block from what a reporter pastes, the same way.
"""

import re
from datetime import datetime
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from news.formatting import plain_text

TWEET_HOSTS = {"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"}
TWEET_PATH = re.compile(r"^/(?P<handle>[A-Za-z0-9_]{1,15})/status(?:es)?/(?P<id>\d+)/?$")
TWEET_BYLINE = re.compile(r"^[\s—–-]*(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)")
TWEET_DATE_FORMAT = "%B %d, %Y"
LINK_SCHEMES = {"http", "https"}


def canonical_tweet_url(url):
    """Return the tweet's status URL without tracking parameters, or raise ValidationError.

    Only the URL is checked: nothing is fetched, so saving and rendering never touch the network.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or parts.hostname not in TWEET_HOSTS:
        raise ValidationError(
            "Enter the address of a post on twitter.com or x.com, "
            "such as https://x.com/handle/status/123, or paste the embed code X gives.",
            code="not_a_tweet_host",
        )
    match = TWEET_PATH.match(parts.path)
    if not match:
        raise ValidationError(
            "This is not the address of a single post: it should end in /handle/status/number.",
            code="not_a_tweet_status",
        )
    return f"https://{parts.hostname}/{match['handle']}/status/{match['id']}"


def looks_like_embed_code(pasted):
    return "<" in (pasted or "")


def read_pasted_post(pasted):
    """The tweet block's value from pasted embed code; raises ValidationError if it is not."""
    blockquote = BeautifulSoup(pasted, "html.parser").find("blockquote")
    if blockquote is None:
        raise ValidationError(
            'This is not X\'s embed code: it should start with <blockquote class="twitter-tweet">.',
            code="not_embed_code",
        )
    return read_embed_code(blockquote)


def read_embed_code(blockquote):
    """The tweet block's value, read from the blockquote (a BeautifulSoup tag) X gives."""
    status_link, url = None, None
    for link in reversed(blockquote.find_all("a", href=True)):
        try:
            url = canonical_tweet_url(link["href"])
        except ValidationError:
            continue
        status_link = link
        break
    if status_link is None:
        raise ValidationError(
            "The embed code has no link to the post itself (…/handle/status/number).",
            code="no_status_link",
        )
    paragraph = blockquote.find("p")
    # The last line reads "— Name (@handle) <a>Month D, YYYY</a>", after the tweet's text.
    last_line = "".join(
        node.get_text() if isinstance(node, Tag) else str(node)
        for node in (paragraph.next_siblings if paragraph else blockquote.children)
    )
    byline = TWEET_BYLINE.match(last_line)
    try:
        date = datetime.strptime(status_link.get_text().strip(), TWEET_DATE_FORMAT).date()
    except ValueError:
        date = None
    return {
        "url": url,
        "author_name": byline["name"] if byline else "",
        "author_handle": byline["handle"] if byline else "",
        "text": str(archival_html(paragraph.decode_contents())).strip() if paragraph else "",
        "date": date,
    }


def archival_html(fragment):
    """A post's text as it is kept and shown: text, line breaks and http(s) links, nothing else.

    Everything else is dropped (scripts with their code, other tags keeping their text,
    attributes other than a link's address), so whatever was pasted or typed, it is safe to show.
    """
    soup = BeautifulSoup(fragment or "", "html.parser")
    return mark_safe("".join(_kept(node) for node in soup.contents))


def _kept(node):
    if isinstance(node, NavigableString):
        # Comments, CDATA and declarations are NavigableStrings of their own types.
        return escape(str(node)) if type(node) is NavigableString else ""
    if node.name in {"script", "style", "template", "iframe", "object", "noscript"}:
        return ""
    if node.name == "br":
        return "<br>"
    inner = mark_safe("".join(_kept(child) for child in node.contents))
    href = (node.get("href") or "").strip() if node.name == "a" else ""
    if href and link_scheme(href) in LINK_SCHEMES:
        return format_html('<a href="{}" rel="nofollow noopener">{}</a>', href, inner)
    return inner


def link_scheme(href):
    try:
        return urlsplit(href).scheme.lower()
    except ValueError:  # not a URL at all, e.g. "http://[": kept as text
        return ""


def text_of(archival):
    """The archival copy's plain text, as API clients that show no HTML read it."""
    return plain_text(archival)
