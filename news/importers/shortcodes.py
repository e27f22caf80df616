"""WordPress shortcodes read as WordPress reads them (wp-includes/shortcodes.php).

The same grammar as `get_shortcode_regex()` and `shortcode_parse_atts()`: a shortcode is
self-closing (`[gallery ids="1,2"]`, `[audio /]`) or encloses content up to its own closing
tag (`[caption]…[/caption]`); attribute values are double-quoted, single-quoted or bare, and
bare values with no name are positional; `[[gallery]]` is the escaped form, meaning the text
"[gallery]" itself.

WordPress only treats registered names as shortcodes, so "[sic]" in a quote stays text. An
importer does not know the old site's plugins, so `is_shortcode` decides which bracketed
names count: the ones it asks about by name, and any other that looks like markup, not prose.
"""

import re
from dataclasses import dataclass, field

NAME = r"[A-Za-z0-9_-]+"
# get_shortcode_regex(), with the tag names left open; groups as WordPress numbers them.
SHORTCODE = re.compile(
    r"\["
    r"(?P<open_escape>\[?)"
    rf"(?P<name>{NAME})"
    r"(?![\w-])"
    r"(?P<attributes>[^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:"
    r"(?P<self_closing>/)\]"
    r"|"
    r"\](?:(?P<content>[^\[]*+(?:\[(?!/(?P=name)\])[^\[]*+)*+)\[/(?P=name)\])?"
    r")"
    r"(?P<close_escape>\]?)"
)
# shortcode_parse_atts(): name="value", name='value', name=value, "value", 'value', value.
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
# WordPress reads no-break and zero-width spaces between attributes as spaces.
ODD_SPACES = re.compile("[\u00a0\u200b]+")
# A bracketed word with nothing else ("[sic]", "[laughs]", "[1]") is an editor's aside.
PROSE_ASIDE = re.compile(r"^[a-z]+$|^\d+$")


@dataclass(frozen=True)
class Shortcode:
    name: str
    attributes: dict = field(default_factory=dict)
    positional: tuple = ()
    # What an enclosing shortcode wraps; None for a self-closing one.
    content: str | None = None

    def get(self, key, default=""):
        return self.attributes.get(key, default)


def parse_attributes(text):
    """(named attributes with lower-case names, positional values), as WordPress reads them."""
    named, positional = {}, []
    for match in ATTRIBUTE.finditer(ODD_SPACES.sub(" ", text)):
        groups = match.groups()
        for name_at, value_at in ((0, 1), (2, 3), (4, 5)):
            if groups[name_at] is not None:
                named[groups[name_at].lower()] = groups[value_at]
                break
        else:
            positional.append(next(value for value in groups[6:] if value is not None))
    return named, tuple(positional)


def replace_shortcodes(text, expand, is_shortcode):
    """`text` with each shortcode whose name `is_shortcode(name, match)` accepts replaced by
    `expand(Shortcode)`; escaped ones become their literal text, as WordPress shows them."""

    def replace(match):
        if not is_shortcode(match["name"], match):
            # Not ours: the brackets stay text, but shortcodes inside them are still read.
            return match[0][0] + replace_shortcodes(match[0][1:], expand, is_shortcode)
        if match["open_escape"] and match["close_escape"]:
            return match[0][1:-1]
        named, positional = parse_attributes(match["attributes"])
        content = match["content"]
        shortcode = Shortcode(match["name"].lower(), named, positional, content)
        return match["open_escape"] + expand(shortcode) + match["close_escape"]

    return SHORTCODE.sub(replace, text)


def looks_like_markup(name, match):
    """Whether a bracketed name with no handler is a plugin's shortcode rather than prose:
    it has attributes or a closing tag, or a name no sentence would put in brackets."""
    if match["content"] is not None or match["self_closing"]:
        return True
    if "=" in match["attributes"] or match["attributes"].strip().startswith(("'", '"')):
        return True
    return not PROSE_ASIDE.match(name)
