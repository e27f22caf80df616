"""The newsroom's content: sections, stories with their bylines, tags and corrections, and the
stories as the API serves them. How they are read lives in news/querysets.py."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from news.api.serializers import (
    BylineField,
    CorrectionsField,
    LeadImageField,
    MomentField,
    SectionField,
    StoryTagsField,
)
from news.blocks import StoryBodyBlock
from news.cards import Look, attach_cards
from news.desk.workflow import DeskReviewTask  # noqa: F401  (the review desk's task model)
from news.distribution import structured_data
from news.formatting import plain_text
from news.pagination import paginate_newest
from news.plain_text import PAGE_PLAIN_TEXT_FIELDS, PlainTextFields
from news.querysets import StoryManager
from news.routing import RoutesToTypedChildren
from news.story_form import BYLINE_REQUIRED, StoryForm
from news.visibility import NewsroomPageQuerySet, RemembersViewRestrictions


def newsroom_settings(request):
    # By name: home.models builds on this module's pages, so this module cannot import it.
    return apps.get_model("home", "NewsroomSettings").for_request(request)


class CategoryPage(PlainTextFields, RemembersViewRestrictions, RoutesToTypedChildren, Page):
    """A section of the newsroom, such as World or Business, at /<slug>/."""

    routed_child_type = "news.NewsArticle"

    intro = models.TextField(blank=True, help_text="One or two sentences about this section")
    plain_text_fields = (*PAGE_PLAIN_TEXT_FIELDS, "intro")

    objects = PageManager.from_queryset(NewsroomPageQuerySet)()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    # Live coverage is a story of its own type (live.models); a section files both.
    subpage_types = ["news.NewsArticle", "live.LiveCoverage"]

    STORY_CARD = Look(with_image=True)

    class Meta:
        verbose_name = "section"

    stores_children = True

    def routed_children(self):
        # Whether the story may be served is read with it (see NewsArticle.route).
        return super().routed_children().with_published_now()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = NewsArticle.objects.in_section(self).visible().newest_first().defer("body")
        context["stories"] = paginate_newest(request, stories)
        attach_cards(request, (context["stories"].object_list, self.STORY_CARD))
        newsroom = newsroom_settings(request)
        context["share_image"] = structured_data.share_image(None, newsroom)
        context["structured_data"] = structured_data.section_page(self, request, newsroom)
        return context


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsArticle", related_name="tagged_items", on_delete=models.CASCADE
    )


class Correction(PlainTextFields, Orderable):
    """A dated correction or clarification, appended to a story and published with it.

    It is part of the story, so it goes through the same review as any other edit.
    """

    KINDS = [("correction", "Correction"), ("clarification", "Clarification")]

    story = ParentalKey("news.NewsArticle", related_name="corrections", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=KINDS, default="correction")
    noted_at = models.DateTimeField("date", default=timezone.now)
    text = models.TextField(help_text="What the story said, and what is right")
    plain_text_fields = ("text",)

    panels = [FieldPanel("kind"), FieldPanel("noted_at"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction"


class StoryAuthor(Orderable):
    """One name in a story's byline, in the order the byline reads."""

    story = ParentalKey("news.NewsArticle", related_name="story_authors", on_delete=models.CASCADE)
    author = models.ForeignKey("people.Author", related_name="bylines", on_delete=models.PROTECT)

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["story", "author"], name="unique_author_per_story")
        ]


class StorySummaryField(models.TextField):
    """A story's summary as its editor wrote it (forms, revisions, API writes); readers get
    `NewsArticle.standfirst`, which API v3 reads through news/api/schema.py and API v2 through
    news/api/v2.py."""


class NewsArticle(PlainTextFields, RemembersViewRestrictions, Page):
    """A story: headline, byline, body of blocks, filed under one section."""

    summary = StorySummaryField(
        blank=True,
        help_text="Plain text for listings, search results and social cards. "
        "Left empty, readers get the lede, as it reads now.",
    )
    # The lede as plain text, kept with the row so that lists of stories, which leave the body
    # unread, can give a story without a written summary its lede's (see `standfirst`).
    lede_summary = models.TextField(blank=True, editable=False)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(max_length=500, blank=True)
    lead_image_credit = models.CharField(max_length=255, blank=True)
    featured = models.BooleanField(
        default=False,
        help_text="Leads the front page: the newest featured story comes first there.",
    )
    body = StreamField(StoryBodyBlock())
    plain_text_fields = (
        *PAGE_PLAIN_TEXT_FIELDS,
        "summary",
        "lead_image_caption",
        "lead_image_credit",
    )
    tags = ClusterTaggableManager(through=StoryTag, blank=True)
    import_source = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="Where an importer found this story, e.g. wordpress:1234; "
        "lets a re-run update it",
    )

    objects = StoryManager()

    base_form_class = StoryForm

    content_panels = [
        TitleFieldPanel("title", heading="Headline", placeholder="Headline*"),
        # No minimum: an empty byline row would fail every autosave of a new story. The byline
        # is required when the story is submitted or published (StoryForm, save()).
        InlinePanel("story_authors", label="Byline"),
        FieldPanel("summary"),
        FieldPanel("featured"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit"),
            ],
            "Lead image",
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("corrections", label="Corrections and clarifications"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        # The byline as readers see it: an unpublished author's name finds nothing
        # (news/search_index.py indexes the story again when an author changes).
        index.SearchField("byline_names"),
        index.FilterField("expire_at"),
    ]

    # The story's shape in the API (docs/api.md); writable ones can be set with an API v3 token.
    api_fields = [
        APIField("category", serializer=SectionField()),
        APIField("authors", serializer=BylineField()),
        APIField("tags", serializer=StoryTagsField()),
        APIField("summary", writable=True),
        APIField("featured"),
        APIField("lead_image", serializer=LeadImageField()),
        APIField("published_at", serializer=MomentField()),
        APIField("updated_at", serializer=MomentField()),
        APIField("body", writable=True),
        APIField("corrections", serializer=CorrectionsField()),
    ]

    parent_page_types = ["news.CategoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        # The home page looks up its lead among the few featured stories, not the whole archive.
        indexes = [
            models.Index(fields=["featured"], condition=Q(featured=True), name="featured_story")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source"],
                condition=~Q(import_source=""),
                name="unique_story_import_source",
            )
        ]

    @property
    def standfirst(self):
        """The summary readers get: the editor's, or else the lede's text as it reads now."""
        if self.summary.strip():
            return self.summary
        if "body" in self.get_deferred_fields():
            return self.lede_summary
        return self.lede_text()

    def has_byline(self):
        return bool(self.story_authors.all())

    def save(self, *args, **kwargs):
        if "body" not in self.get_deferred_fields():
            self.lede_summary = self.lede_text()
        # Publishing saves the whole story, live; a draft saves only its revision's bookkeeping
        # (update_fields), so drafts of any kind may lack a byline and a published story not.
        if self.live and kwargs.get("update_fields") is None and not self.has_byline():
            raise ValidationError(BYLINE_REQUIRED, code="no_byline")
        return super().save(*args, **kwargs)

    def lede_text(self):
        for block in self.body:
            if block.block_type == "lede":
                return plain_text(block.value.source)
        return ""

    @property
    def published_at(self):
        return self.first_published_at

    @property
    def updated_at(self):
        return self.last_published_at

    @property
    def was_updated(self):
        """Whether the byline should say "Updated": a republish, not the first publish itself."""
        if not (self.first_published_at and self.last_published_at):
            return False
        return (self.last_published_at - self.first_published_at).total_seconds() > 60

    @cached_property
    def section(self):
        # Routing to the story already fetched its section (see CategoryPage.route).
        parent = getattr(self, "_cached_parent_obj", None)
        if isinstance(parent, CategoryPage):
            return parent
        return CategoryPage.objects.filter(path=self.path[: -Page.steplen]).first()

    @property
    def byline(self):
        """Authors in byline order, leaving out any whose profile is unpublished."""
        return [link.author for link in self.story_authors.all() if link.author.live]

    def byline_names(self):
        return " ".join(author.name for author in self.byline)

    @property
    def has_tweets(self):
        # The stored blocks' types: converting the blocks would look up every linked story.
        return any(raw["type"] == "tweet" for raw in self.body.raw_data)

    def route(self, request, path_components):
        # A story's URL obeys visible() (view restrictions aside: Wagtail's serve checks those
        # per reader), however it is reached: one past its expiry is a 404 at once, before
        # the scheduler unpublishes it. Previews do not route, so editors still see it.
        if not path_components and not self.is_published_now():
            raise Http404
        return super().route(request, path_components)

    def is_published_now(self):
        """Whether readers may be served this story, and an alias's source with it."""
        if self.alias_of_id is None and hasattr(self, "published_now_when_read"):
            return self.published_now_when_read
        ids = {self.pk, self.alias_of_id} - {None}
        return NewsArticle.objects.filter(pk__in=ids).published_now().count() == len(ids)

    def serve_preview(self, request, mode_name):
        # With a front end configured, Preview shows the story there, as readers will see it.
        if settings.NEWSDESK_PREVIEW_URL and self.pk:
            from news.api.preview import front_end_preview

            return front_end_preview(self, request)
        return super().serve_preview(request, mode_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        newsroom = newsroom_settings(request)
        image = structured_data.share_image(self.lead_image, newsroom)
        context["share_image"] = image
        # Built only where the template asks, which a stored part of the page does not
        # (news_tags.story_part: the byline, tags and body links are read there too).
        context["structured_data"] = lambda: structured_data.news_article(
            self, request, newsroom, image
        )
        return context


class SerializedStory(models.Model):
    """A story as the API serves it, serialised once per change rather than on every request.

    A row is never trusted on its own: it keeps the cache-tag versions of everything it showed
    (caching/response_cache.py) and is served only while they are all current and no story in it
    has expired; otherwise the API serialises the story again and replaces the row. So edits,
    unpublishing, byline, section and linked-story changes reach readers at once
    (news/api/stored.py).
    """

    story = models.ForeignKey(NewsArticle, on_delete=models.CASCADE, related_name="serialized")
    # Which response it is part of ("v2:detail", "v2:listing:*", …) and the address its links
    # start with: one site can answer to several.
    shape = models.CharField(max_length=40)
    base_url = models.CharField(max_length=255)
    content = models.TextField()
    tags = models.JSONField()
    valid_until = models.DateTimeField(null=True)
    # The story's, when serialised (a republish replaces the row): Last-Modified for a stored
    # detail, whose SQL query gets Django's date conversion only for this model's own columns.
    last_published_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["story", "shape", "base_url"], name="one_serialization_per_shape"
            )
        ]

    def __str__(self):
        return f"{self.shape} of story {self.story_id} at {self.base_url}"
