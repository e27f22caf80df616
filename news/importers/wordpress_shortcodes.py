"""What a WordPress post's shortcodes become, as the HTML the old site showed for them.

Each shortcode WordPress itself ships is expanded into the markup its Gutenberg block saves
(a captioned image's figure, a gallery's figure of figures, an audio or video player, an embed's
wrapper), so that news.importers.wordpress_figures turns classic and block posts into the same
story blocks. A shortcode of a plugin the old site had is dropped, keeping any text it wrapped,
and counted by name for the importer's warnings.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass

from news.importers.shortcodes import looks_like_markup, replace_shortcodes

CAPTIONED_IMAGE = re.compile(
    r"^(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?P<caption>.*)$", re.DOTALL
)
# [audio] and [video] name their file by its format (`mp3="…"`) or as `src`.
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac")
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
# Shortcodes of WordPress and of its commonest plugins (Jetpack), dropped even when bare.
KNOWN_NAMES = {
    "playlist", "wp_caption", "archives", "sitemap", "contact-form", "contact_form",
    "youtube", "vimeo", "soundcloud", "instagram", "tweet", "googlemaps", "recipe",
    "portfolio", "slideshow", "tiled-gallery", "polldaddy", "crowdsignal", "wpvideo",
}  # fmt: skip


@dataclass(frozen=True)
class Attachment:
    """A media item of the export (an <item> of type attachment), which galleries list."""

    url: str
    alt: str = ""
    caption: str = ""
    parent: int | None = None
    order: int = 0


def read_attachments(items, text, excerpt_tag):
    """{attachment id: Attachment} from the export's items; `text(item, name)` reads a wp: tag."""
    attachments = {}
    for item in items:
        raw_id = text(item, "post_id")
        if text(item, "post_type") != "attachment" or not raw_id.isdigit():
            continue
        meta = {text(entry, "meta_key"): text(entry, "meta_value") for entry in _postmeta(item)}
        parent, order = text(item, "post_parent"), text(item, "menu_order")
        attachments[int(raw_id)] = Attachment(
            url=text(item, "attachment_url") or (item.findtext("guid") or "").strip(),
            alt=meta.get("_wp_attachment_image_alt", ""),
            caption=(item.findtext(excerpt_tag) or "").strip(),
            parent=int(parent) if parent.isdigit() and parent != "0" else None,
            order=int(order) if order.lstrip("-").isdigit() else 0,
        )
    return attachments


def _postmeta(item):
    return [child for child in item if child.tag.endswith("}postmeta")]


class ShortcodeExpander:
    """Expands one post's shortcodes; `dropped` counts the ones it could not keep, by name."""

    def __init__(self, attachments=None, post_id=None):
        self.attachments, self.post_id = attachments or {}, post_id
        self.dropped = Counter()
        self.handlers = {
            "caption": self.caption,
            "wp_caption": self.caption,
            "gallery": self.gallery,
            "audio": self.audio,
            "video": self.video,
            "embed": self.embed,
        }

    def expand(self, content):
        return replace_shortcodes(content, self.expand_one, self.is_shortcode)

    def is_shortcode(self, name, match):
        name = name.lower()
        return name in self.handlers or name in KNOWN_NAMES or looks_like_markup(name, match)

    def expand_one(self, shortcode):
        handler = self.handlers.get(shortcode.name)
        expanded = handler(shortcode) if handler else None
        if expanded is None:
            self.dropped[shortcode.name] += 1
            return self.expand(shortcode.content or "")
        return expanded

    def warnings(self):
        """(kind, detail) for each shortcode dropped: one kind per name, so the importer's
        summary counts them by name."""
        return [
            (
                f"shortcode [{name}] dropped",
                f"shortcode [{name}] dropped ({count} time{'s' if count > 1 else ''}): "
                "Newsdesk has no block for it",
            )
            for name, count in sorted(self.dropped.items())
        ]

    def caption(self, shortcode):
        inner = self.expand(shortcode.content or "").strip()
        parts = CAPTIONED_IMAGE.match(inner)
        if not parts:
            return None
        # The caption follows the image, or (since WordPress 3.4) is an attribute.
        caption = parts["caption"].strip() or html.escape(shortcode.get("caption"))
        return f"<figure>{parts['image']}<figcaption>{caption}</figcaption></figure>"

    def gallery(self, shortcode):
        ids = [int(part) for part in _ids(shortcode.get("ids") or shortcode.get("include"))]
        excluded = set(_ids(shortcode.get("exclude")))
        if ids:
            chosen = [self.attachments[i] for i in ids if i in self.attachments]
        else:
            # A bare [gallery] shows the images uploaded to the post, in their menu order.
            chosen = sorted(
                (
                    attachment
                    for key, attachment in self.attachments.items()
                    if attachment.parent == self.post_id and key not in excluded
                ),
                key=lambda attachment: attachment.order,
            )
        if not chosen:
            return None
        pictures = "".join(
            f'<figure><img src="{html.escape(item.url)}" alt="{html.escape(item.alt)}">'
            f"<figcaption>{html.escape(item.caption)}</figcaption></figure>"
            for item in chosen
        )
        return f'<figure class="wp-block-gallery">{pictures}</figure>'

    def audio(self, shortcode):
        return self._player("audio", shortcode, AUDIO_SOURCES)

    def video(self, shortcode):
        return self._player("video", shortcode, VIDEO_SOURCES)

    def _player(self, kind, shortcode, sources):
        named = [shortcode.get(key) for key in sources]
        # `[audio https://…/file.mp3]`, as WordPress's theme unit test data writes it.
        bare = [value for value in shortcode.positional if "://" in value]
        url = next((value for value in named + bare if value), "")
        url = url or (shortcode.content or "").strip()
        if not url:
            return None
        return (
            f'<figure class="wp-block-{kind}"><{kind} src="{html.escape(url)}"></{kind}></figure>'
        )

    def embed(self, shortcode):
        url = (shortcode.content or "").strip() or shortcode.get("src")
        if not url:
            return None
        wrapper = f'<div class="wp-block-embed__wrapper">{html.escape(url)}</div>'
        return f'<figure class="wp-block-embed">{wrapper}</figure>'


def _ids(value):
    return [part.strip() for part in (value or "").split(",") if part.strip().isdigit()]
