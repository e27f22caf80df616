"""A story listing that names `body` (or `corrections`) in `fields` serves it, as the detail does.

Wagtail front ends load a page by its route with a listing:
`/api/v2/pages/?type=news.NewsArticle&slug=<slug>&fields=body`. A body stays out of listings
unless a request names it (`fields=*` does not add it): it is long, and its blocks load images
and linked stories. When named, the bodies of the whole page of stories are read together
(news.blocks.load_together) and their images' renditions fetched at once, so a listing costs
the same queries for one story as for twenty; each body is then served by the same serializer
as the detail, links to stories readers cannot see included (news/rich_text.py).
"""

from functools import cache

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.api.v2.utils import parse_fields_parameter
from wagtail.images import get_image_model

from news.blocks import PICTURE_RENDITIONS, load_together

# Detail-only fields a listing serves when asked for by name.
SERVED_WHEN_NAMED = ("body", "corrections")


def named_fields(fields_config):
    """Which of SERVED_WHEN_NAMED a parsed `fields` parameter adds by name."""
    return frozenset(
        name for name, negated, _ in fields_config if name in SERVED_WHEN_NAMED and not negated
    )


def top_level_fields(fields_str):
    """`fields` split at its commas outside parentheses: `a,b(c,d)` gives `a` and `b(c,d)`."""
    parts, depth, current = [], 0, ""
    for char in fields_str:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def parse_fields(fields_str):
    """Wagtail's parse of `fields`, which also takes `*,body`.

    Wagtail refuses a field named after `*` ("doesn't make sense": `*` already has them all),
    but `*` leaves out what is served only when named, so `*,body` means something.
    """
    parts = top_level_fields(fields_str)
    if parts[0] != "*":
        return parse_fields_parameter(fields_str)
    named = [part for part in parts[1:] if part in SERVED_WHEN_NAMED]
    rest = ",".join(part for part in parts if part not in named)
    return [*parse_fields_parameter(rest), *((name, False, None) for name in named)]


def named_in_request(request):
    try:
        return named_fields(parse_fields(request.GET.get("fields", "")))
    except ValueError:  # refused with a 400 when the serializer reads it
        return frozenset()


@cache
def listing_view_with(view_class, fields):
    """`view_class` with `fields` no longer detail-only, so that its listings may serve them."""
    detail_only = [name for name in view_class.detail_only_fields if name not in fields]
    return type(view_class.__name__, (view_class,), {"detail_only_fields": detail_only})


def with_named_fields(stories, fields):
    """The listing's stories, read with what the named fields serve."""
    if "body" in fields:
        stories = stories.defer(None)  # the listing's query leaves the body out otherwise
    if "corrections" in fields:
        stories = stories.prefetch_related("corrections")
    return stories


def load_bodies(stories):
    """Read the bodies of `stories` together, with every image rendition they show."""
    bodies = [story.body for story in stories]
    load_together(bodies)
    images = [
        block.value["image"]
        for body in bodies
        for block in body
        if block.block_type == "image" and block.value["image"] is not None
    ]
    renditions = get_image_model().get_rendition_model().objects
    prefetch_related_objects(
        images,
        Prefetch(
            "renditions",
            queryset=renditions.filter(filter_spec__in=PICTURE_RENDITIONS.values()),
            to_attr="prefetched_renditions",
        ),
    )
