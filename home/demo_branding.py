"""The demo newsroom's logo and default share image, drawn here rather than vendored.

Google's NewsArticle requirements want an image on every story and a publisher logo; the demo
stories have no photos, so without these a fresh `make run` would fail them. Both are drawn
with Pillow's bundled font (no file of anyone else's, so nothing to licence).
"""

import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

INK = (20, 24, 33)
PAPER = (250, 247, 240)
ACCENT = (178, 34, 34)

# Google's publisher logo guidelines: it fits in 600×60. A share card is 1200×630 (1.91:1),
# the size Open Graph and Google Discover show best.
LOGO_SIZE = (600, 60)
CARD_SIZE = (1200, 630)


def _png(image, title):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    name = f"{title.lower().replace(' ', '-')}.png"
    return ImageFile(buffer, name=name)


def draw_logo(name):
    image = PillowImage.new("RGB", LOGO_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 12, LOGO_SIZE[1]), fill=ACCENT)
    draw.text(
        (28, LOGO_SIZE[1] // 2), name, font=ImageFont.load_default(size=40), fill=INK, anchor="lm"
    )
    return image


def draw_card(name, tagline):
    image = PillowImage.new("RGB", CARD_SIZE, INK)
    draw = ImageDraw.Draw(image)
    width, height = CARD_SIZE
    draw.rectangle((0, height - 24, width, height), fill=ACCENT)
    middle = width // 2
    draw.text((middle, 270), name, font=ImageFont.load_default(size=120), fill=PAPER, anchor="mm")
    draw.text((middle, 400), tagline, font=ImageFont.load_default(size=40), fill=PAPER, anchor="mm")
    return image


def demo_image(title, draw):
    """The image the demo drew before, or a new one: loading the demo twice adds none."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    return Image.objects.create(title=title, file=_png(draw(), title))


def brand(newsroom):
    """Give the newsroom a logo and a default share image where it has none; an editor's own
    choices are kept."""
    name = newsroom.publication_name
    changed = []
    if newsroom.logo is None:
        newsroom.logo = demo_image(f"{name} logo", lambda: draw_logo(name))
        changed.append("logo")
    if newsroom.default_share_image is None:
        tagline = newsroom.tagline or "News, as it happens"
        newsroom.default_share_image = demo_image(
            f"{name} share card", lambda: draw_card(name, tagline)
        )
        changed.append("default_share_image")
    if changed:
        newsroom.save(update_fields=changed)
    return changed
