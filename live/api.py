"""A coverage's entries by cursor, in API v2 (`/api/v2/live/<id>/entries/`) and API v3
(`/api/v3/live/{id}/entries/`): the same answer, typed in API v3's OpenAPI schema.

A front end keeps the `cursor` it was given and asks again with `?since=<cursor>`: it gets
every entry published, edited or withdrawn since, oldest change first, so applying them in
order leaves it with what readers see. The cursor is read before the entries: every change
takes its number under the cursor row's lock and commits in that order (live/models.py), so
a change committed while the entries are read has a number above the cursor and is served
by the next poll, never skipped.

Responses are the response cache's like any other (the coverage row records `story:<id>`,
which every entry change bumps), and news.api.http gives them an ETag: an idle poll is a 304
from a cached response.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.http import require_safe
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field as SchemaField
from wagtail.models import Site

from live.models import LiveCoverage, LiveEntry
from live.schema import MOST_ENTRIES, CoverageState, Entry
from live.serializers import coverage_state, entries_to_serialize, serialize_entries
from news.api.stored import render

# A sequence number is a PostgreSQL bigint; anything larger is no coverage's.
LARGEST_SEQUENCE = 2**63 - 1
PARAMETERS = ("since", "limit")


class EntriesPage(Schema):
    coverage: CoverageState
    cursor: int = SchemaField(
        description="Pass as `since` on the next request to get every change after these"
    )
    entries: list[Entry]


class BadQuery(ValueError):
    pass


def whole_number(parameter, value, lowest, highest):
    if not value.isdecimal() or not lowest <= int(value) <= highest:
        raise BadQuery(
            f"{parameter} must be a whole number from {lowest} to {highest} (got {value!r})"
        )
    return int(value)


def read_query(query):
    """`since` and `limit` from API v2's query string; BadQuery says what is wrong."""
    unknown = sorted(set(query) - set(PARAMETERS))
    if unknown:
        raise BadQuery(f"Unknown parameter {unknown[0]!r}: this endpoint takes since and limit")
    since = query.get("since")
    if since is not None:
        since = whole_number("since", since, 0, LARGEST_SEQUENCE)
    limit = query.get("limit")
    if limit is not None:
        limit = whole_number("limit", limit, 1, MOST_ENTRIES)
    return since, limit


def visible_coverage(request, coverage_id):
    """The coverage if readers of this site may see it now (NewsArticle.objects.visible())."""
    site = Site.find_for_request(request)
    if site is None or coverage_id > LARGEST_SEQUENCE:  # no row has an id beyond a bigint
        return None
    coverages = LiveCoverage.objects.visible().descendant_of(site.root_page)
    return coverages.filter(pk=coverage_id).first()


def entries_page(request, coverage, since=None, limit=None):
    """The answer to a request for `coverage`'s entries: its newest, or its changes since."""
    cursor = coverage.last_sequence
    entries = entries_to_serialize(LiveEntry.objects.filter(coverage=coverage))
    if since is None:
        limit = limit or settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE
        chosen = list(entries.published().newest_first()[:limit])
    else:
        limit = limit or MOST_ENTRIES
        changes = entries.changed_after(since).filter(sequence__lte=cursor).order_by("sequence")
        chosen = list(changes[:limit])
        if len(chosen) == limit:
            # More may follow: the client goes on from the last change it was given.
            cursor = chosen[-1].sequence
    return {
        "coverage": coverage_state(coverage, request),
        "cursor": cursor,
        "entries": serialize_entries(chosen, coverage, request),
    }


def no_such_coverage(coverage_id):
    return f"No live coverage {coverage_id} that readers may see"


@require_safe
def entries_v2(request, coverage_id):
    try:
        since, limit = read_query(request.GET)
    except BadQuery as problem:
        return JsonResponse({"message": str(problem)}, status=400)
    coverage = visible_coverage(request, coverage_id)
    if coverage is None:
        return JsonResponse({"message": no_such_coverage(coverage_id)}, status=404)
    data = entries_page(request, coverage, since, limit)
    return HttpResponse(render(data, indent=None), content_type="application/json")


v2_urls = [path("<int:coverage_id>/entries/", entries_v2, name="live_entries")]

router = Router(tags=["live"])


@router.get(
    "/{coverage_id}/entries/",
    response=EntriesPage,
    url_name="live_entries",
    summary="A live coverage's entries: the newest, or every change since a cursor",
    operation_id="live_entries",
)
def entries_v3(
    request,
    coverage_id: int,
    since: int | None = Query(
        None,
        ge=0,
        le=LARGEST_SEQUENCE,
        description="A cursor from an earlier answer: every entry changed since, oldest first",
    ),
    limit: int | None = Query(
        None,
        ge=1,
        le=MOST_ENTRIES,
        description="At most this many entries (default: as many as the coverage's page shows "
        f"first, or {MOST_ENTRIES} with since)",
    ),
):
    coverage = visible_coverage(request, coverage_id)
    if coverage is None:
        raise HttpError(404, no_such_coverage(coverage_id))
    return entries_page(request, coverage, since, limit)
