"""Plain-text fields hold text, never markup, whoever writes them.

A headline, a summary, a caption or a byline is served by the API as a string that front ends
may drop into their HTML. Markup in one (an `<img onerror>` copied in by an importer, pasted
into the admin or sent over API v3) would run there, so models strip it whenever they are
cleaned (admin and API forms, revisions) or saved (importers, scripts): one rule for every
path. Text that merely looks like markup survives: `AT&T`, `5 < 6`.
"""

from html.parser import HTMLParser

# Page fields every page type has that readers see as plain text.
PAGE_PLAIN_TEXT_FIELDS = ("title", "seo_title", "search_description")


class TextOnly(HTMLParser):
    """The text of an HTML fragment: tags and comments dropped, entities decoded.

    Unlike Django's strip_tags, which writes `AT&T` back as `AT&T;`, it leaves text alone.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    @classmethod
    def of(cls, fragment):
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return "".join(parser.parts)


def as_plain_text(value):
    """`value` without markup, parsed again until nothing changes, so that a decoded
    `&lt;img onerror=…&gt;` cannot become a tag afterwards."""
    while (text := TextOnly.of(value)) != value:
        value = text
    return text


class PlainTextFields:
    """Strips markup from the fields named in `plain_text_fields` on clean and on save."""

    plain_text_fields = ()

    def strip_markup(self):
        for name in self.plain_text_fields:
            value = getattr(self, name)
            if value:
                setattr(self, name, as_plain_text(value))

    def full_clean(self, *args, **kwargs):
        # Before Wagtail derives a slug from the title, and before validation measures lengths.
        self.strip_markup()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.strip_markup()
        return super().save(*args, **kwargs)
