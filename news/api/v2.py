"""Stories and sections in API v2, and their types in API v3's OpenAPI schema.

Visibility is never decided here: every endpoint starts from Wagtail's public pages and keeps
a story only if `NewsArticle.objects.visible()` does, so the API cannot serve what the site
would not.
"""

from datetime import datetime, time

from django.db.models import Prefetch
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api.utils import get_base_url
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.images import get_image_model

from caching import response_cache
from news.api import listed_bodies, stored, stored_listing
from news.api.preview import PreviewTokenError, story_id_for_token
from news.api.serializers import SummaryField
from news.blocks import PICTURE_RENDITIONS
from news.models import CategoryPage, NewsArticle
from news.querysets import attach_sections
from people.serializers import photo_renditions_prefetch

# What a story card shows; served by default when listing stories (the body is detail-only).
STORY_CARD_FIELDS = [
    "category",
    "authors",
    "tags",
    "summary",
    "lead_image",
    "published_at",
    "updated_at",
]


def published_moment(parameter, value):
    """An ISO 8601 date or date-time; a date means the start of that day, site time."""
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequestError(
            f"{parameter} must be an ISO 8601 date or date-time, such as 2024-05-01 or "
            f"2024-05-01T09:30:00Z (got {value!r})"
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def in_section(stories, slug):
    section = CategoryPage.objects.live().public().filter(slug=slug).first()
    return stories.in_section(section) if section else stories.none()


# A story listing asked for with nothing but these is served from stored items (see
# NewsPagesAPIViewSet.stored_shape).
STORED_LISTING_PARAMETERS = {"type", "fields", "limit", "offset"}

# The story filters, declared once: the API applies them, and their names are the query
# parameters the pages endpoint accepts.
STORY_FILTERS = {
    "category": in_section,
    "author": lambda stories, slug: stories.filter(
        story_authors__author__slug=slug, story_authors__author__live=True
    ),
    "tag": lambda stories, slug: stories.filter(tags__slug=slug),
    "published_after": lambda stories, value: stories.filter(
        first_published_at__gte=published_moment("published_after", value)
    ),
    "published_before": lambda stories, value: stories.filter(
        first_published_at__lt=published_moment("published_before", value)
    ),
}


class StoryFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        requested = [name for name in STORY_FILTERS if name in request.GET]
        if requested and not issubclass(queryset.model, NewsArticle):
            raise BadRequestError(
                f"{requested[0]} filters stories: add type=news.NewsArticle to the query"
            )
        for name in requested:
            queryset = STORY_FILTERS[name](queryset, request.GET[name])
        return queryset


def stories_for_cards(stories):
    """Everything a list of story cards shows, in a fixed number of queries however long."""
    renditions = get_image_model().get_rendition_model().objects
    return (
        stories.for_listing()
        .select_related("locale", "lead_image")
        .prefetch_related(
            Prefetch(
                "lead_image__renditions",
                queryset=renditions.filter(filter_spec__in=PICTURE_RENDITIONS.values()),
                to_attr="prefetched_renditions",
            ),
            photo_renditions_prefetch("story_authors__author__photo"),
        )
    )


def visible_stories_of(site, now=None):
    if site is None:
        return NewsArticle.objects.none()
    return NewsArticle.objects.visible(now).descendant_of(site.root_page)


def stamp_last_modified(response, pages):
    moments = [page.last_published_at for page in pages if page.last_published_at]
    if moments:
        response["Last-Modified"] = http_date(max(moments).timestamp())
    return response


class NewsPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, serving a story only while readers may see it."""

    filter_backends = [
        *[backend for backend in PagesAPIViewSet.filter_backends if backend is not SearchFilter],
        StoryFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(STORY_FILTERS)
    # A body is long and its blocks load images and linked stories, and corrections belong with
    # the story's text: one story at a time, unless a listing names them (news/api/listed_bodies).
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "body", "corrections"]

    @classmethod
    def get_field_serializer_overrides(cls, model):
        # A story's summary is written as a plain field (API v3) and read as readers get it.
        overrides = super().get_field_serializer_overrides(model)
        if issubclass(model, NewsArticle):
            overrides["summary"] = SummaryField()
        return overrides

    # A story's detail and card, as front ends most often ask for them, are serialised once
    # per change and stored (news/api/stored.py); a draft preview never is.
    stores_serialized_stories = True

    @classmethod
    def get_listing_default_fields(cls, model):
        fields = super().get_listing_default_fields(model)
        # A page type built on a story (live coverage) is listed as a story card too.
        return fields + STORY_CARD_FIELDS if issubclass(model, NewsArticle) else fields

    def get_serializer_class(self):
        if "fields" not in self.request.GET:
            return super().get_serializer_class()
        # As Wagtail's, but reading `fields` with our parse, which takes `*,body`.
        try:
            fields_config = listed_bodies.parse_fields(self.request.GET["fields"])
        except ValueError as error:
            raise BadRequestError(f"fields error: {error}") from error
        listing = self.action == "listing_view"
        model = self.get_queryset().model if listing else type(self.get_object())
        return self._get_serializer_class(
            self.request.wagtailapi_router, model, fields_config, show_details=not listing
        )

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        named = listed_bodies.named_fields(fields_config)
        listing = not show_details and not nested
        view = listed_bodies.listing_view_with(cls, named) if named and listing else cls
        return super(NewsPagesAPIViewSet, view)._get_serializer_class(
            router, model, fields_config, show_details=show_details, nested=nested
        )

    def get_base_queryset(self):
        # Called several times per request (listing, serializer, filters): work it out once.
        # Wagtail's public pages already leave out the stories readers may not see
        # (news/api/reader_pages.py).
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        if self.request.GET.get("type") == NewsArticle._meta.label:
            queryset = self.site_stories()
        else:
            queryset = super().get_queryset()
        if issubclass(queryset.model, NewsArticle):
            queryset = queryset.newest_first()
            if self.action == "listing_view":
                queryset = listed_bodies.with_named_fields(
                    stories_for_cards(queryset), listed_bodies.named_in_request(self.request)
                )
        return queryset

    def site_stories(self):
        """The stories of the requested site that readers may see.

        Wagtail narrows a typed listing with `pk IN (every page the reader may see)`, which
        reads the whole archive on each request; the same rule applied to the stories
        themselves lets the database walk its date index and stop at `limit`.
        """
        if not hasattr(self, "_site_stories"):  # asked for several times per request
            self._site_stories = visible_stories_of(self.requested_site())
        return self._site_stories

    def requested_site(self):
        if not hasattr(self, "_site"):
            validator = SiteFilterValidator(site=self.request.GET.get("site"), request=self.request)
            try:
                self._site = validator.site_obj
            except ValueError as error:  # several sites match the ?site= filter
                raise BadRequestError(str(error)) from error
        return self._site

    def stored_shape(self):
        """The stored shape this request asks for, or None if DRF is to serialise it.

        A detail with no parameters, and a story listing with the default fields or all of
        them, with `limit` and `offset`; filters, search and other fields are rarer, and left
        to DRF.
        """
        request = self.request
        if not self.stores_serialized_stories:
            return None
        parameters = set(request.GET)
        if self.action == "detail_view":
            if parameters:
                return None
            name, serialize, depth = "v2:detail", self.serialize_detail, 0
        else:
            fields = request.GET.get("fields")
            if (
                request.GET.get("type") != NewsArticle._meta.label
                or not parameters <= STORED_LISTING_PARAMETERS
                or fields not in (None, "*")
            ):
                return None
            name, serialize, depth = f"v2:listing:{fields or ''}", self.serialize_cards, 2
        return stored.Shape(name, get_base_url(request) or "", serialize, self.indent, depth)

    @property
    def indent(self):
        return self.get_renderer_context().get("indent")

    def serialize_detail(self, story_ids):
        (story_id,) = story_ids
        data = self.get_serializer(self.get_object()).data
        return {story_id: stored.render(data, self.indent)}

    def serialize_cards(self, story_ids):
        stories = attach_sections(stories_for_cards(NewsArticle.objects.filter(pk__in=story_ids)))
        cards = self.get_serializer(stories, many=True).data
        return {
            story.pk: stored.render(card, self.indent)
            for story, card in zip(stories, cards, strict=True)
        }

    def get_serializer_context(self):
        context = super(PagesAPIViewSet, self).get_serializer_context()
        # Only a page's "parent" field reads it: build it if and when that field is served.
        context["base_queryset"] = SimpleLazyObject(self.get_base_queryset)
        return context

    def paginate_queryset(self, queryset):
        pages = super().paginate_queryset(queryset)
        if issubclass(self.get_queryset().model, NewsArticle):
            pages = attach_sections(pages)
            if "body" in listed_bodies.named_in_request(self.request):
                listed_bodies.load_bodies(pages)
        self.listed_pages = list(pages)
        return self.listed_pages

    def handle_exception(self, exc):
        if isinstance(exc, OverflowError):  # e.g. a 30-digit id, beyond what a database holds
            exc = BadRequestError("A number in the request is out of range.")
        return super().handle_exception(exc)

    def listing_view(self, request):
        # Any list of pages, typed or not, may gain a story when one is published.
        response_cache.depends_on("stream:all")
        if (shape := self.stored_shape()) is not None:
            site = self.requested_site()
            return stored_listing.listing(
                self, shape, site, lambda now: visible_stories_of(site, now).newest_first()
            )
        response = super().listing_view(request)
        return stamp_last_modified(response, self.listed_pages)

    def detail_view(self, request, pk):
        if (shape := self.stored_shape()) is not None:
            site = self.requested_site()
            response = stored.detail(shape, pk, site, lambda now: visible_stories_of(site, now))
            if response is not None:
                return response
        response = super().detail_view(request, pk)
        return stamp_last_modified(response, [self.get_object()])


class StoryPreviewAPIViewSet(NewsPagesAPIViewSet):
    """`/api/v2/preview/?token=…`: a story's latest draft, shaped exactly like the live story."""

    name = "preview"
    stores_serialized_stories = False
    known_query_parameters = NewsPagesAPIViewSet.known_query_parameters.union(["token", "type"])

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), {"pk": None}, name="listing")]

    def get_object(self):
        if not hasattr(self, "_draft"):
            story_id = story_id_for_token(self.request.GET.get("token", ""))
            story = NewsArticle.objects.filter(pk=story_id).first()
            if story is None:
                raise PreviewTokenError("The story this preview link opened no longer exists.")
            # The latest revision: whoever holds the token may read the story's draft.
            self._draft = story.get_latest_revision_as_object()
        return self._draft

    def detail_view(self, request, pk):
        response = super().detail_view(request, pk)
        response["Cache-Control"] = "private, no-store"  # a draft is for this editor only
        return response

    def handle_exception(self, exc):
        if isinstance(exc, PreviewTokenError):
            return Response({"message": str(exc)}, status=403)
        return super().handle_exception(exc)


class SectionsAPIViewSet(NewsPagesAPIViewSet):
    name = "categories"
    model = CategoryPage
    stores_serialized_stories = False

    @classmethod
    def get_listing_default_fields(cls, model):
        return super().get_listing_default_fields(model) + ["intro"]
