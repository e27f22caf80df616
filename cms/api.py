"""The headless API: one Wagtail v2 router, and our additions to Wagtail's v3 API.

Each app's api.py holds the endpoints for what it owns; this module only wires them up.
API v3 routers must be added before `api_v3.urls` is first read (by cms/urls.py).
"""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.api_actions import refusing_impossible
from cms.edit_conflicts import document_preconditions, guard_page_writes
from news.api import (
    NewsPagesAPIViewSet,
    SectionsAPIViewSet,
    StoryPreviewAPIViewSet,
    lists_stories,
    stored_v3_detail,
)
from news.review_api import router as review_router
from people.api import AuthorsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", NewsPagesAPIViewSet)
api_router.register_endpoint("categories", SectionsAPIViewSet)
api_router.register_endpoint("authors", AuthorsAPIViewSet)
api_router.register_endpoint("preview", StoryPreviewAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)

api_v3.add_router("/stories/", review_router)


@api_v3.exception_handler(OverflowError)
def number_out_of_range(request, exc):
    # e.g. /pages/<a 30-digit id>/: no database holds such a number; the client sent a bad one.
    return problem_response(status=400, detail="A number in the request is out of range.")


@api_v3.exception_handler(ValueError)
def value_of_the_wrong_kind(request, exc):
    # A value Django cannot convert for a lookup, e.g. a word where /snippets/{type}/{pk}/
    # takes an author's numeric id: "Field 'id' expected a number but got 'abc'."
    # (Pydantic's validation errors are ValueErrors too, with their own, nearer handler.)
    return problem_response(status=400, detail=str(exc))


def wagtail_v3_view(name):
    return next(pattern.callback for pattern in api_v3.urls[0] if pattern.name == name)


PAGE_ACTIONS = [
    pattern.name.removeprefix("pages_actions_")
    for pattern in api_v3.urls[0]
    if pattern.name.startswith("pages_actions_")
]

# Mounted just before API v3 itself (cms/urls.py), so they answer first: every page a token
# holder reads or writes carries its ETag, and writes are checked against If-Match
# (cms/edit_conflicts.py); actions that cannot be done are refused first (cms/api_actions.py).
v3_page_urls = [
    # The listing records that it may gain a story when one is published (news/api.py).
    path("api/v3/pages/", lists_stories(guard_page_writes(wagtail_v3_view("create_page")))),
    path(
        "api/v3/pages/<int:page_id>/",
        stored_v3_detail(guard_page_writes(wagtail_v3_view("detail_page"))),
    ),
    *(
        path(
            f"api/v3/pages/<int:page_id>/actions/{action}/",
            refusing_impossible(
                action, guard_page_writes(wagtail_v3_view(f"pages_actions_{action}"))
            ),
        )
        for action in PAGE_ACTIONS
    ),
]
document_preconditions(
    api_v3, {"pages_update", "pages_delete", *(f"pages_actions_{a}" for a in PAGE_ACTIONS)}
)

__all__ = ["api_router", "api_v3", "v3_page_urls"]
