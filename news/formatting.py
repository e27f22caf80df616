"""How a story is cut down for listings: one place for the templates and the API."""

import html
import re

from django.utils import timezone
from django.utils.html import strip_tags

WHITESPACE = re.compile(r"\s+")


def plain_text(rich_html):
    """Text a reader would see, from stored rich text: no tags, entities decoded, one-line."""
    text = strip_tags(re.sub(r"</(p|li|h\d|blockquote)>|<br\s*/?>", " ", rich_html or ""))
    return WHITESPACE.sub(" ", html.unescape(text)).strip()


def excerpt(text, limit=100):
    """Cut text at a word boundary to at most `limit` characters, ending in an ellipsis."""
    text = WHITESPACE.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    cut = cut[: cut.rindex(" ")] if " " in cut else cut[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


TIME_UNITS = [
    ("year", 365 * 24 * 3600),
    ("month", 30 * 24 * 3600),
    ("week", 7 * 24 * 3600),
    ("day", 24 * 3600),
    ("hour", 3600),
    ("minute", 60),
]


def time_ago(moment, now=None):
    """ "10 hours ago", "1 day ago": the largest whole unit, as news sites print it."""
    if moment is None:
        return ""
    seconds = ((now or timezone.now()) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    for name, size in TIME_UNITS:
        count = int(seconds // size)
        if count >= 1:
            return f"{count} {name}{'' if count == 1 else 's'} ago"
    return "just now"


def query_words(query):
    """The words of a search query worth highlighting: letters and digits, two or more."""
    return [word for word in re.findall(r"\w+", query or "") if len(word) > 1]
