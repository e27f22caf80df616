"""How a story reads in the API: one shape for API v2, API v3 and the draft preview.

Each field is a DRF field (what API v2 serializes with) whose `to_representation` is annotated
with a pydantic schema: API v3 reads that annotation to type the field in its OpenAPI schema,
so the documented shape and the served shape cannot drift apart.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field as SchemaField
from rest_framework.fields import Field

from news.blocks import picture
from people.serializers import AuthorCard, author_card


class Rendition(Schema):
    url: str
    width: int
    height: int


class Picture(Schema):
    id: int
    alt: str
    caption: str
    credit: str
    large: Rendition
    thumbnail: Rendition


class Section(Schema):
    id: int
    title: str
    slug: str
    url: str


class Tag(Schema):
    name: str
    slug: str


class SectionField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="section", read_only=True, **kwargs)

    def to_representation(self, section) -> Section:
        return {"id": section.pk, "title": section.title, "slug": section.slug, "url": section.url}


class BylineField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="byline", read_only=True, **kwargs)

    def to_representation(self, authors) -> list[AuthorCard]:
        return [author_card(author) for author in authors]


class StoryTagsField(Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, tags) -> list[Tag]:
        return [{"name": tag.name, "slug": tag.slug} for tag in tags.all()]


class LeadImageField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, story) -> Picture | None:
        if story.lead_image is None:
            return None
        return picture(story.lead_image, story.lead_image_caption, story.lead_image_credit)


class SummaryField(Field):
    """The summary readers get: the editor's own, or else the lede's, as it reads now."""

    def __init__(self, **kwargs):
        super().__init__(source="standfirst", read_only=True, **kwargs)

    def to_representation(self, summary) -> str:
        return summary


class MomentField(Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, moment) -> datetime | None:
        return moment


class CorrectionNote(Schema):
    kind: Literal["correction", "clarification"]
    date: datetime
    text: str


class CorrectionsField(Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, corrections) -> list[CorrectionNote]:
        return [
            {"kind": note.kind, "date": note.noted_at, "text": note.text}
            for note in corrections.all()
        ]


# The body's blocks, typed for API v3's OpenAPI schema. StoryBodyBlock.get_api_representation
# (news/blocks.py) produces these shapes; tests/api checks every block against them.


class Tweet(Schema):
    url: str
    author_name: str
    author_handle: str
    text: str = SchemaField(description="The post's text, plain")
    text_html: str = SchemaField(
        description="The post's text as HTML: text, <br> and http(s) links (hashtags, t.co) only"
    )
    date: date | None


class RelatedLink(Schema):
    title: str
    url: str
    page: int | None = SchemaField(description="The linked story's id; null for other sites")


class Quote(Schema):
    text: str
    attribution: str


class Gallery(Schema):
    caption: str
    images: list[Picture]


class Embed(Schema):
    provider: str = SchemaField(
        description="youtube, vimeo, instagram, facebook, tiktok, "
        "soundcloud, wordpress_tv or media_file"
    )
    url: str
    title: str
    thumbnail: str | None
    player: str | None = SchemaField(
        description="A privacy-enhanced player to show in a frame (YouTube, Vimeo); null: "
        "show a link card"
    )


class Table(Schema):
    caption: str
    first_row_is_header: bool
    first_column_is_header: bool
    rows: list[list[str]]


class LedeBlock(Schema):
    """The opening paragraph, as HTML."""

    type: Literal["lede"]
    value: str
    id: str


class ParagraphBlock(Schema):
    """Rich text as HTML: paragraphs, lists, bold, italic, links (internal ones resolved)."""

    type: Literal["paragraph"]
    value: str
    id: str


class HeadingBlock(Schema):
    """A subheading, plain text."""

    type: Literal["heading"]
    value: str
    id: str


class TweetBlock(Schema):
    """A post on X/Twitter, with an archival copy for when the embed cannot load."""

    type: Literal["tweet"]
    value: Tweet
    id: str


class RelatedLinkBlock(Schema):
    """Also Read: one of our stories or an article elsewhere."""

    type: Literal["related_link"]
    value: RelatedLink
    id: str


class ImageBlock(Schema):
    """An image with its caption and credit."""

    type: Literal["image"]
    value: Picture
    id: str


class QuoteBlock(Schema):
    """A pull quote."""

    type: Literal["quote"]
    value: Quote
    id: str


class GalleryBlock(Schema):
    """Pictures shown together, each with its caption and credit."""

    type: Literal["gallery"]
    value: Gallery
    id: str


class EmbedBlock(Schema):
    """A video, audio track or social post from another site, as a link card."""

    type: Literal["embed"]
    value: Embed
    id: str


class TableBlock(Schema):
    """A table of plain-text cells."""

    type: Literal["table"]
    value: Table
    id: str


StoryBlock = Annotated[
    LedeBlock
    | ParagraphBlock
    | HeadingBlock
    | TweetBlock
    | RelatedLinkBlock
    | ImageBlock
    | QuoteBlock
    | GalleryBlock
    | EmbedBlock
    | TableBlock,
    SchemaField(discriminator="type"),
]
