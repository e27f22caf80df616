"""API v3's page actions, refused up front when what they ask for cannot exist.

Wagtail's action views take for granted that a page has a parent and revisions of its own:
copying, aliasing or moving the tree root, moving a page beside the root, and publishing or
unpublishing an alias (which only mirrors its original) fail inside them as server errors.
These are the client's mistakes, so they get a 422 naming the mistake, and nothing changes.
"""

import json

from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response
from wagtail.models import Page

# The actions that place a page somewhere, and how a message names each.
PLACING = {"copy": "copied", "create_alias": "aliased", "move": "moved"}
# Positions that put the page under the destination rather than beside it.
CHILD_POSITIONS = {"first-child", "last-child"}


def refusal(page, action, body):
    """Why `action` cannot be done to `page` with this request `body`, or None if it may be."""
    if action in PLACING and page.is_root():
        return None, f"The tree root cannot be {PLACING[action]}: it holds every site."
    if action in ("publish", "unpublish") and page.alias_of_id:
        return None, (
            f"Page {page.pk} is an alias: it shows page {page.alias_of_id} and follows its "
            f"publishing. {action.capitalize()} page {page.alias_of_id} instead."
        )
    if action == "move" and body.get("position") not in CHILD_POSITIONS:
        destination = Page.objects.filter(pk=whole_number(body.get("destination_id"))).first()
        if destination is not None and destination.is_root():
            return "destination_id", (
                "Nothing can stand beside the tree root: move the page into it with position "
                "first-child or last-child."
            )
    return None


def whole_number(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def json_object(request):
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}  # Wagtail's view says what is wrong with it
    return body if isinstance(body, dict) else {}


def refusing_impossible(action, wagtail_view):
    """Wagtail's view for `action`, answering 422 first when the action cannot be done.

    Only for a request whose token is valid: anyone else gets Wagtail's 401 as before, and
    learns nothing about the page.
    """

    def view(request, page_id):
        if request.method == "POST" and BearerTokenAuth()(request) is not None:
            try:
                page = Page.objects.filter(pk=page_id).first()
            except OverflowError:  # an id no database holds: Wagtail's view says so
                page = None
            found = page and refusal(page, action, json_object(request))
            if found:
                field, message = found
                location = ["body", field] if field else ["path", "page_id"]
                return problem_response(
                    status=422,
                    detail=message,
                    errors=[{"type": "impossible_action", "loc": location, "msg": message}],
                )
        return wagtail_view(request, page_id=page_id)

    view.csrf_exempt = True  # as Wagtail's own: a token is not a cookie a browser sends
    return view
