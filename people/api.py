"""Authors in API v2: `/api/v2/authors/`, published profiles only."""

from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet

from people.models import Author
from people.serializers import (
    AuthorPageURLField,
    AuthorPhotoField,
    BioField,
    photo_renditions_prefetch,
)


class AuthorsAPIViewSet(BaseAPIViewSet):
    """Published authors only: a draft or unpublished profile is not there at all."""

    name = "authors"
    model = Author
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "slug",
        "role",
        APIField("bio", serializer=BioField()),
        APIField("photo", serializer=AuthorPhotoField()),
        APIField("url", serializer=AuthorPageURLField()),
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "name",
        "slug",
        "role",
        "bio",
        "photo",
        "url",
    ]

    def get_queryset(self):
        authors = Author.objects.live().select_related("photo")
        return authors.prefetch_related(photo_renditions_prefetch()).order_by("name", "pk")
