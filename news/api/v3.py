"""Our part of Wagtail's API v3 (django-ninja): stories served from their stored JSON,
typed blocks in the OpenAPI schema, ETags and If-Match on page writes, 422 for actions that
cannot be done, and clear 400s for out-of-range input. cms/api.py mounts `v3_page_urls`
just before API v3 itself, so they answer first.
"""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from wagtail.api.utils import get_base_url
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.routers.pages import router as pages_router
from wagtail.api.v3.urls import api as api_v3
from wagtail.models import Site

from caching import response_cache
from news.api import stored
from news.api.actions import refusing_impossible
from news.api.edit_conflicts import document_preconditions, guard_page_writes
from news.api.openapi_document import serve_valid_openapi
from news.api.page_type import list_pages_with_their_type
from news.api.v2 import visible_stories_of


def stored_v3_detail(page_detail):
    """API v3's page detail (`page_detail`, Wagtail's view), answering an anonymous reader
    from the story's stored JSON as API v2 does (news/api/stored.py).

    Tokens, sessions, query parameters and pages that are not stories go to Wagtail's view,
    which, like the stored JSON, never gives readers a story `NewsArticle.objects.visible()`
    hides (news/api/reader_pages.py): one past its expiry goes at once, not when the scheduler
    unpublishes it.
    """

    def serialize(request, story_ids):
        (story_id,) = story_ids
        response = page_detail(request, page_id=story_id)
        return {story_id: response.content.decode()} if response.status_code == 200 else {}

    # Writes with a token pass through to Wagtail's view, which is exempt from Django's CSRF
    # check and applies its own (a token is not a cookie a browser sends on its own).
    @csrf_exempt
    def view(request, page_id):
        if not response_cache.is_anonymous_read(request):
            return page_detail(request, page_id=page_id)
        try:
            if not request.GET:
                shape = stored.Shape(
                    "v3:detail:typed",  # with `type` at the top (news/api/page_type.py)
                    get_base_url(request) or "",
                    lambda story_ids: serialize(request, story_ids),
                    content_type="application/json; charset=utf-8",  # as API v3's own
                    last_modified=False,
                )
                site = Site.find_for_request(request)
                response = stored.detail(
                    shape, page_id, site, lambda now: visible_stories_of(site, now)
                )
                if response is not None:
                    return response
        except OverflowError:  # an id no database holds: Wagtail's view says so
            pass
        return page_detail(request, page_id=page_id)

    return view


def lists_stories(page_listing):
    """API v3's page listing (`page_listing`, Wagtail's view), recording in the response cache
    that it may gain a story when one is published, as every list of stories does."""

    # Writes with a token pass through, as for the detail (stored_v3_detail).
    @csrf_exempt
    def view(request, *args, **kwargs):
        response_cache.depends_on("stream:all")
        return page_listing(request, *args, **kwargs)

    return view


serve_valid_openapi(api_v3)
list_pages_with_their_type(pages_router)


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


def page_urls():
    """Our routes for API v3's pages, to mount just before API v3 itself (cms/urls.py), so they
    answer first: every page a token holder reads or writes carries its ETag, and writes are
    checked against If-Match (news/api/edit_conflicts.py); actions that cannot be done are
    refused first (news/api/actions.py).

    A function, called once every router is added: reading API v3's URLs freezes its routers.
    """
    actions = [
        pattern.name.removeprefix("pages_actions_")
        for pattern in api_v3.urls[0]
        if pattern.name.startswith("pages_actions_")
    ]
    document_preconditions(
        api_v3, {"pages_update", "pages_delete", *(f"pages_actions_{a}" for a in actions)}
    )
    return [
        # The listing records that it may gain a story when one is published.
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
            for action in actions
        ),
    ]
