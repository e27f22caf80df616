"""The blocks a story's body is made of, one per part of a real news page."""

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html, features
from wagtail.rich_text.rewriters import LinkRewriter

from news.media_blocks import EmbedBlock, StoryTableBlock
from news.tweets import (
    archival_html,
    canonical_tweet_url,
    looks_like_embed_code,
    read_pasted_post,
    text_of,
)
from people.validators import X_HANDLE

LEDE_FEATURES = ["bold", "italic", "link"]
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# The two sizes a front end picks from (srcset): a full-width picture and a listing card.
PICTURE_RENDITIONS = {"large": "width-1200", "thumbnail": "fill-600x400"}

# Draftail's per-paragraph keys: editor bookkeeping (for comments), meaningless to a front end.
BLOCK_KEY_ATTRIBUTE = re.compile(r' data-block-key="[^"]*"')


def front_end_html(source):
    """Stored rich text as a front end renders it: links resolved, no editor attributes."""
    return BLOCK_KEY_ATTRIBUTE.sub("", expand_db_html(source))


def load_together(bodies):
    """Read many bodies of one StreamField with the same few queries however many there are.

    A body read on its own converts each block type with one bulk_to_python (its related links'
    stories and their visibility, its images), and each of its rich-text blocks looks up its
    internal links' pages as it renders: a cost per body, so a list of bodies costs that many
    times over. Here each block type is converted once for all the bodies, and every internal
    link in their rich text is resolved from one lookup of the pages, so that rendering them
    fetches nothing more and gives exactly the HTML each body gives on its own.
    """
    if not bodies:
        return
    child_blocks = bodies[0].stream_block.child_blocks
    children = defaultdict(list)
    for body in bodies:
        for index, raw in enumerate(body.raw_data):
            children[raw["type"]].append((body, index, raw))
    for name, found in children.items():
        values = child_blocks[name].bulk_to_python([raw["value"] for _, _, raw in found])
        for (body, index, raw), value in zip(found, values, strict=True):
            body[index] = (name, value, raw.get("id"))

    rich_text = [child.value for body in bodies for child in rich_text_blocks(body)]
    expand_page_links = PrefetchedPageLinks(text.source for text in rich_text)
    for text in rich_text:
        # What rendering expands now holds no internal links, so it looks nothing up.
        text.source = expand_page_links(text.source)


def rich_text_blocks(body):
    return [child for child in body if isinstance(child.block, blocks.RichTextBlock)]


class PrefetchedPageLinks(LinkRewriter):
    """Rewrites rich text's internal page links as the registered page link handler does
    (news/rich_text.py: a link only to a page readers may see), from the pages of every source
    given, fetched together; other links are left to expand_db_html."""

    def __init__(self, sources):
        ids = {
            match.attrs.get("id")
            for source in sources
            for match in self.extract_tags(source).get("page", [])
        }
        page_links = features.get_link_types()["page"]
        pages = page_links.get_many([{"id": page_id} for page_id in ids]) if ids else []
        by_id = {str(page.pk): page for page in pages if page is not None}

        # The registered handler's own markup for each link (and for a deleted page), from the
        # pages above.
        class KnownPages(page_links):
            @classmethod
            def get_many(cls, attrs_list):
                return [by_id.get(str(attrs.get("id"))) for attrs in attrs_list]

        super().__init__(bulk_rules={"page": KnownPages.expand_db_attributes_many})

    def get_tag_replacements(self, tag_type, attrs_list):
        if tag_type != "page":
            return []
        return super().get_tag_replacements(tag_type, attrs_list)


def picture(image, caption="", credit=""):
    """An image as the API serves it, wherever it appears: renditions, alt text, caption, credit."""
    renditions = image.get_renditions(*PICTURE_RENDITIONS.values())
    sizes = {
        size: {
            "url": renditions[spec].full_url,
            "width": renditions[spec].width,
            "height": renditions[spec].height,
        }
        for size, spec in PICTURE_RENDITIONS.items()
    }
    return {
        "id": image.pk,
        "alt": image.default_alt_text,
        "caption": caption,
        "credit": credit,
        **sizes,
    }


class LedeBlock(blocks.RichTextBlock):
    """The opening paragraph that tells the story in a sentence or two; styled bold."""

    def __init__(self, **kwargs):
        super().__init__(features=LEDE_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Lede"
        template = "news/blocks/lede.html"


class TweetValue(blocks.StructValue):
    @property
    def archival(self):
        """The post's text with its links, safe to show whatever was saved (news/tweets.py)."""
        return archival_html(self.get("text"))


class TweetBlock(blocks.StructBlock):
    """An embedded post from X/Twitter, kept with an archival copy of what it said.

    A reporter pastes the embed code X gives (or the post's address): the address, author,
    handle, date and text with its links are read from it on save, with nothing fetched.
    Twitter's widgets.js upgrades the blockquote when it loads; when it does not (blocked,
    deleted post, closed platform) readers still see the text, its author and its date.
    """

    url = blocks.TextBlock(
        label="Post",
        rows=2,
        help_text="Paste the embed code X gives for the post (⋯ menu, Embed post), "
        "or its address, such as https://x.com/handle/status/123",
    )
    author_name = blocks.CharBlock(required=False, max_length=100)
    author_handle = blocks.CharBlock(required=False, max_length=16, help_text="Without the @")
    text = blocks.TextBlock(
        required=False, help_text="The post's text, shown if the embed fails; links are kept"
    )
    date = blocks.DateBlock(required=False)

    class Meta:
        icon = "openquote"
        label = "Tweet"
        template = "news/blocks/tweet.html"
        value_class = TweetValue

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        try:
            if looks_like_embed_code(value["url"]):
                # What the embed code says replaces what an earlier paste filled in.
                for name, read in read_pasted_post(value["url"]).items():
                    value[name] = read
            value["url"] = canonical_tweet_url(value["url"])
        except ValidationError as error:
            errors["url"] = error
        handle = (value.get("author_handle") or "").lstrip("@")
        if handle and not X_HANDLE.match(handle):
            errors["author_handle"] = ValidationError(
                "A handle is up to 15 letters, digits or underscores.", code="invalid_x_handle"
            )
        value["author_handle"] = handle
        value["text"] = str(archival_html(value.get("text")))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_api_representation(self, value, context=None):
        served = super().get_api_representation(value, context)
        return {**served, "text": text_of(value.archival), "text_html": str(value.archival)}


class RelatedLinkValue(blocks.StructValue):
    @cached_property
    def story(self):
        """The linked story if readers may see it now; None for drafts, embargoes, private pages."""
        page = self.get("page")
        if page is None:
            return None
        visible = self.block.visible_stories().filter(pk=page.pk).exists()
        return page if visible else None

    @property
    def href(self):
        if self.get("page") is not None:
            return self.story.url if self.story else ""
        return self.get("url") or ""

    @property
    def link_title(self):
        if self.get("title"):
            return self["title"]
        return self.story.title if self.story else ""


class RelatedLinkBlock(blocks.StructBlock):
    """An "Also Read" link: to one of our stories, or to an article elsewhere."""

    page = blocks.PageChooserBlock(page_type="news.NewsArticle", required=False, label="Story")
    url = blocks.URLBlock(required=False, label="External URL")
    title = blocks.CharBlock(
        required=False, max_length=255, help_text="Defaults to the linked story's headline"
    )

    class Meta:
        icon = "link"
        label = "Also Read"
        template = "news/blocks/related_link.html"
        value_class = RelatedLinkValue

    def visible_stories(self):
        return self.child_blocks["page"].target_model.objects.visible()

    def get_api_representation(self, value, context=None):
        if not value.href:
            return None  # the template leaves out a link readers cannot follow; so does the API
        story = value.story
        return {"title": value.link_title, "url": value.href, "page": story.pk if story else None}

    def bulk_to_python(self, values):
        # One query decides visibility for every related link in the body, not one per link.
        links = super().bulk_to_python(values)
        page_ids = {link["page"].pk for link in links if link["page"] is not None}
        visible_ids = (
            set(self.visible_stories().filter(pk__in=page_ids).values_list("pk", flat=True))
            if page_ids
            else set()
        )
        for link in links:
            page = link["page"]
            link.__dict__["story"] = page if page is not None and page.pk in visible_ids else None
        return links

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = value.get("page") is not None, bool(value.get("url"))
        if has_page and has_url:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        "Choose a story or enter an external URL, not both.", code="both_targets"
                    )
                }
            )
        if not has_page and not has_url:
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        "Choose a story, or enter an external URL below.", code="no_target"
                    )
                }
            )
        if has_url and not value.get("title"):
            raise StructBlockValidationError(
                block_errors={
                    "title": ValidationError(
                        "An external link needs a title for readers to click.", code="no_title"
                    )
                }
            )
        return value


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(required=False, max_length=255, help_text="Photographer or agency")

    class Meta:
        icon = "image"
        label = "Image"
        template = "news/blocks/image.html"

    def get_api_representation(self, value, context=None):
        if value["image"] is None:
            return None  # the image was deleted from the library
        return picture(value["image"], value["caption"], value["credit"])


class GalleryBlock(blocks.StructBlock):
    """Pictures shown together, each with its own caption and credit."""

    images = blocks.ListBlock(CaptionedImageBlock(), min_num=1)
    caption = blocks.CharBlock(required=False, max_length=500, help_text="For the whole gallery")

    class Meta:
        icon = "image"
        label = "Gallery"
        template = "news/blocks/gallery.html"

    def get_api_representation(self, value, context=None):
        pictures = [
            picture(item["image"], item["caption"], item["credit"])
            for item in value["images"]
            if item["image"] is not None  # deleted from the library since
        ]
        return {"caption": value["caption"], "images": pictures} if pictures else None


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "news/blocks/quote.html"


class StoryBodyBlock(blocks.StreamBlock):
    lede = LedeBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, icon="pilcrow", template="news/blocks/paragraph.html"
    )
    heading = blocks.CharBlock(
        max_length=255, icon="title", form_classname="title", template="news/blocks/heading.html"
    )
    tweet = TweetBlock()
    related_link = RelatedLinkBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    gallery = GalleryBlock()
    embed = EmbedBlock()
    table = StoryTableBlock()

    class Meta:
        block_counts = {"lede": {"max_num": 1}}

    def get_api_representation(self, value, context=None):
        """Blocks as a front end renders them, whatever `?rich_text_format=` asks for.

        Rich text is served as finished HTML (internal links resolved, no `linktype`), and a
        block whose own representation is None (a link to a story readers cannot see, a
        deleted image) is left out, exactly as the templates leave it out.
        """
        served = []
        # Which linked pages readers may see is decided once for the whole body.
        expand_page_links = PrefetchedPageLinks(
            child.value.source for child in rich_text_blocks(value or [])
        )
        for child in value or []:
            if isinstance(child.block, blocks.RichTextBlock):
                representation = front_end_html(expand_page_links(child.value.source))
            else:
                representation = child.block.get_api_representation(child.value, context=context)
            if representation is not None:
                served.append({"type": child.block.name, "value": representation, "id": child.id})
        return served
