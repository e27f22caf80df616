"""No edit is lost: API v3 writes to a page name the version they were made from.

Every page has an ETag, a digest of its editorial state (latest revision, live revision,
publication, place in the tree, lock and schedule), so any save, publish, unpublish, move or
lock changes it. API v3 sends it with every page it returns to a token holder, and a write sends
it back in `If-Match`: a PATCH made from a copy that is no longer current is refused with 412
rather than quietly overwriting the edit that came first, and a PATCH without `If-Match` with
428. Deletes and actions check `If-Match` when it is sent and do not require it: publishing or
unpublishing the story as it now stands loses nobody's words.

The check and the write are one transaction that starts by locking the page's row (SELECT ...
FOR UPDATE on PostgreSQL; on SQLite the immediate transaction, cms/settings/base.py, already
holds the only write lock), so of two writers holding the same ETag exactly one succeeds.

Preconditions are weighed after Wagtail's view has authenticated the token, checked the user's
permission on the page and validated the body (RFC 9110 13.2.1: a request that would fail
anyway is answered with that failure, and a stranger learns nothing from a 412); a write whose
precondition fails is rolled back before anything commits.
"""

import hashlib
import json

from django.db import transaction
from django.utils.http import parse_etags
from django.views.decorators.csrf import csrf_exempt
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page

# What a writer must have seen for their write to be safe: each changes with any edit.
PAGE_STATE = (
    "title",
    "draft_title",
    "slug",
    "latest_revision_id",
    "live_revision_id",
    "live",
    "has_unpublished_changes",
    "path",
    "url_path",
    "locked",
    "go_live_at",
    "expire_at",
)

READS = ("GET", "HEAD", "OPTIONS")


def page_etag(page_id, *, lock=False):
    """The page's current ETag (None if there is no such page), locking its row if asked."""
    pages = Page.objects.filter(pk=page_id)
    if lock:
        pages = pages.select_for_update()
    try:
        state = pages.values_list(*PAGE_STATE).first()
    except OverflowError:  # an id no database holds: there is no such page
        return None
    if state is None:
        return None
    digest = hashlib.sha256(repr((page_id, *state)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def refusal(request, current_etag, *, required):
    """The 412 or 428 this write gets, or None if its `If-Match` (if any) is current."""
    sent = request.headers.get("If-Match")
    if sent is None:
        if not required:
            return None
        return problem_response(
            status=428,
            detail=(
                "Send If-Match with the ETag of the version you edited (from your last GET, "
                "or the response to your last write), so no one else's change is overwritten."
            ),
        )
    # Strong comparison (RFC 9110 13.1.1): a weak validator never matches.
    if parse_etags(sent) == ["*"] or current_etag in parse_etags(sent):
        return None
    response = problem_response(
        status=412,
        detail=(
            "The page has changed since the version you edited: GET it again, apply your "
            "change to the current version, and send its ETag in If-Match."
        ),
    )
    response["ETag"] = current_etag
    return response


def shown_page_id(response):
    """The id of the page a successful API v3 response shows (None for 204, lists, errors)."""
    if not 200 <= response.status_code < 300 or "json" not in response.get("Content-Type", ""):
        return None
    try:
        shown = json.loads(response.content)
    except ValueError:
        return None
    return shown.get("id") if isinstance(shown, dict) and "meta" in shown else None


def tag(response):
    if (page_id := shown_page_id(response)) is not None and (etag := page_etag(page_id)):
        response["ETag"] = etag
    return response


def guard_page_writes(view):
    """Wagtail's API v3 page `view`, with page ETags and `If-Match` (see the module's doc)."""

    # Wagtail's view is exempt from Django's CSRF check and applies its own: so is this.
    @csrf_exempt
    def guarded(request, page_id=None, **kwargs):
        if page_id is not None:
            kwargs["page_id"] = page_id
        if request.method in READS:
            response = view(request, **kwargs)
            # Readers get the page as it is; only someone who may write it needs its version.
            return tag(response) if request.user.is_authenticated else response
        with transaction.atomic():
            current = page_etag(page_id, lock=True) if page_id is not None else None
            response = view(request, **kwargs)
            if not 200 <= response.status_code < 300:
                # Whatever the failed write had done is undone with it.
                transaction.set_rollback(True)
                return response
            if current is not None:
                refused = refusal(request, current, required=request.method == "PATCH")
                if refused is not None:
                    transaction.set_rollback(True)
                    return refused
            return tag(response)

    return guarded


PROBLEM = {
    "application/problem+json": {
        "schema": {
            "type": "object",
            "required": ["type", "title", "status"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
            },
        }
    }
}
PRECONDITION_RESPONSES = {
    "412": {
        "description": "Precondition Failed: the page changed since the version in If-Match",
        "content": PROBLEM,
    },
    "428": {
        "description": "Precondition Required: send If-Match with the page's ETag",
        "content": PROBLEM,
    },
}


def if_match_parameter(required):
    return {
        "name": "If-Match",
        "in": "header",
        "required": required,
        "description": (
            "The ETag of the page as you last read it (from a GET with your token, or the "
            "response to your last write). "
            + ("Required." if required else "Optional: checked when sent.")
        ),
        "schema": {"type": "string"},
    }


def document_preconditions(api, operation_ids):
    """Add If-Match and its 412/428 answers to the OpenAPI schema of these operations."""
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                if operation.operation_id not in operation_ids:
                    continue
                required = "PATCH" in operation.methods
                responses = (
                    PRECONDITION_RESPONSES if required else {"412": PRECONDITION_RESPONSES["412"]}
                )
                operation.openapi_extra = {
                    **(operation.openapi_extra or {}),
                    "parameters": [if_match_parameter(required)],
                    "responses": responses,
                }
