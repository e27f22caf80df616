"""How a story is cut down for listings: one place for the templates and the API."""

import html
import re
from datetime import timedelta

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


def _largest_unit(seconds):
    """(name, size, count) of the largest whole unit in `seconds`, or None under a minute."""
    for name, size in TIME_UNITS:
        count = int(seconds // size)
        if count >= 1:
            return name, size, count
    return None


def time_ago(moment, now=None):
    """ "10 hours ago", "1 day ago": the largest whole unit, as news sites print it."""
    if moment is None:
        return ""
    unit = _largest_unit(((now or timezone.now()) - moment).total_seconds())
    if unit is None:
        return "just now"
    name, _, count = unit
    return f"{count} {name}{'' if count == 1 else 's'} ago"


def time_ago_changes_at(moment, now=None):
    """When `time_ago(moment)` will print something else: what shows it is stored no longer."""
    if moment is None:
        return None
    unit = _largest_unit(((now or timezone.now()) - moment).total_seconds())
    _, size, count = unit or ("", 60, 0)
    # Its count goes up, or a larger unit reaches one ("12 months" becomes "1 year").
    larger = [other for other_name, other in TIME_UNITS if other > size]
    return moment + timedelta(seconds=min([size * (count + 1), *larger]))


def query_words(query):
    """The words of a search query worth highlighting: letters and digits, two or more."""
    return [word for word in re.findall(r"\w+", query or "") if len(word) > 1]
