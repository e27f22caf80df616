"""How an author reads in the API: in a story's byline and at /api/v2/authors/."""

from django.db.models import Prefetch
from ninja import Schema
from rest_framework.fields import Field
from wagtail.images import get_image_model

from news.blocks import front_end_html

# Square, as bylines show it; small enough for a listing of many stories.
PHOTO_RENDITION = "fill-400x400"


class AuthorPhoto(Schema):
    url: str
    width: int
    height: int
    alt: str


class AuthorCard(Schema):
    id: int
    name: str
    slug: str
    role: str
    bio: str
    photo: AuthorPhoto | None
    url: str


def author_photo(image):
    if image is None:
        return None
    rendition = image.get_rendition(PHOTO_RENDITION)
    return {
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def author_card(author):
    """What a byline shows of an author; never the newsroom-only e-mail."""
    return {
        "id": author.pk,
        "name": author.name,
        "slug": author.slug,
        "role": author.role,
        "bio": front_end_html(author.bio),
        "photo": author_photo(author.photo),
        "url": author.get_absolute_url(),
    }


def photo_renditions_prefetch(lookup="photo"):
    """The byline rendition of authors' photos (joined with select_related) in one query."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=PHOTO_RENDITION)
    return Prefetch(f"{lookup}__renditions", queryset=renditions, to_attr="prefetched_renditions")


class AuthorPhotoField(Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, image) -> AuthorPhoto | None:
        return author_photo(image)


class AuthorPageURLField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, author) -> str:
        return author.get_absolute_url()


class BioField(Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, bio) -> str:
        return front_end_html(bio)
