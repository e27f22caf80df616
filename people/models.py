from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from caching import response_cache
from news.plain_text import PlainTextFields
from people.validators import validate_x_handle


class AuthorQuerySet(response_cache.ShownObjectsQuerySet, models.QuerySet):
    shown_tag = "author"

    def live(self):
        # Lists of authors change when one is published or unpublished.
        response_cache.depends_on("stream:authors")
        return self.filter(live=True)


class Author(
    PlainTextFields,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A byline: a reporter, editor or contributor, shared by every story they write.

    An author is a snippet rather than a user account: contributors often have no login,
    and a bio is edited (and reviewed) like any other published text.
    """

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True, help_text="Used in /authors/<slug>/")
    role = models.CharField(max_length=255, blank=True, help_text="e.g. Senior correspondent")
    bio = RichTextField(features=["bold", "italic", "link"], blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    x_handle = models.CharField(
        "X/Twitter handle",
        max_length=16,
        blank=True,
        validators=[validate_x_handle],
        help_text="Without the @",
    )
    email = models.EmailField(blank=True, help_text="For the newsroom only; never published")
    # The login this byline belongs to, so a reporter's new story starts with their own byline.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The newsroom login that writes under this byline",
    )
    plain_text_fields = ("name", "role")

    # API v3 (token only: /api/v3/snippets/people.Author/); never the newsroom-only email.
    api_fields = [
        APIField("name", writable=True),
        APIField("slug", writable=True),
        APIField("role", writable=True),
        APIField("bio", writable=True),
        APIField("x_handle", writable=True),
    ]

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="author")

    objects = AuthorQuerySet.as_manager()

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("role")], "Byline"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("x_handle"), FieldPanel("email"), FieldPanel("user")], "Contact"
        ),
        PublishingPanel(),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("author_detail", kwargs={"slug": self.slug})

    @property
    def revisions(self):
        return self._revisions

    @property
    def x_url(self):
        return f"https://x.com/{self.x_handle}" if self.x_handle else ""

    def get_preview_template(self, request, mode_name):
        return "people/author_detail.html"

    def get_preview_context(self, request, mode_name):
        from news.models import NewsArticle

        return {
            "author": self,
            "stories": NewsArticle.objects.visible().by_author(self)[:10],
        }
