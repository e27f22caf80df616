"""Story blocks for what a newsroom shows but did not write itself: embeds and tables.

Both are plain data (addresses and text), so nothing here reaches the network or renders markup
a contributor typed: an embed is a link card (with a privacy-enhanced player where the provider
has one, news/embeds.py), a table's cells are text.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock

from news.embeds import PROVIDERS, recognise


class EmbedValue(blocks.StructValue):
    @property
    def player(self):
        """The privacy-enhanced player's address, or "" where there is none: a card only."""
        try:
            return recognise(self.get("url")).player
        except ValidationError:
            return ""

    @property
    def provider_name(self):
        return PROVIDERS.get(self.get("provider"), "")


class EmbedBlock(blocks.StructBlock):
    """A video, audio track or social post from another site, kept as its address."""

    url = blocks.URLBlock(
        label="Address",
        help_text="A YouTube, Vimeo, Instagram, Facebook, TikTok, SoundCloud or WordPress.tv "
        "address, or a link to an audio or video file",
    )
    provider = blocks.ChoiceBlock(
        choices=list(PROVIDERS.items()), required=False, help_text="Filled in from the address"
    )
    title = blocks.CharBlock(required=False, max_length=255, help_text="Shown on the link card")
    thumbnail = blocks.URLBlock(required=False, help_text="A picture for the link card")

    class Meta:
        icon = "media"
        label = "Embed"
        template = "news/blocks/embed.html"
        value_class = EmbedValue

    def clean(self, value):
        value = super().clean(value)
        try:
            embed = recognise(value["url"])
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"url": error}) from None
        value["url"], value["provider"] = embed.url, embed.provider
        value["thumbnail"] = value.get("thumbnail") or embed.thumbnail
        return value

    def get_api_representation(self, value, context=None):
        return {
            "provider": value.get("provider") or "",
            "url": value.get("url") or "",
            "title": value.get("title") or "",
            "thumbnail": value.get("thumbnail") or None,
            "player": value.player or None,
        }


class StoryTableBlock(TableBlock):
    """A table of text, as a reader copies figures from it: optional header row and column.

    Wagtail's TableBlock rather than TypedTableBlock: a table brought in from elsewhere has
    columns of unknown kinds, and its cells as plain text cannot carry markup into the page.
    """

    class Meta:
        icon = "table"
        label = "Table"

    def to_python(self, value):
        value = super().to_python(value)
        # Wagtail names a header column "col" here but "column" in clean() and its editor,
        # which then forgets the header column of a table stored without a choice.
        if value and value.get("table_header_choice") == "col":
            value["table_header_choice"] = "column"
        return value

    def get_api_representation(self, value, context=None):
        value = value or {}
        return {
            "caption": value.get("table_caption") or "",
            "first_row_is_header": bool(value.get("first_row_is_table_header")),
            "first_column_is_header": bool(value.get("first_col_is_header")),
            "rows": [[cell or "" for cell in row] for row in value.get("data") or []],
        }
