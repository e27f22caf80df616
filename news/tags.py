"""Tags typed by an editor are plain text, as every other label a front end shows.

taggit parses the admin's tag field through TAGGIT_TAGS_FROM_STRING (settings); importers strip
their tags themselves, and API v3 does not write tags.
"""

from taggit.utils import _parse_tags

from news.plain_text import as_plain_text


def tags_from_string(tag_string):
    """Markup stripped, then taggit's own parsing (commas, quotes): parsing first would split a
    tag such as `<img onerror="…">` at its quotes into fragments that are no longer markup. Each
    name is stripped again, in case quotes joined what was apart; a tag left empty goes."""
    names = (as_plain_text(name).strip() for name in _parse_tags(as_plain_text(tag_string)))
    return sorted({name for name in names if name})
