"""How a live entry reads wherever it is served: the cursor endpoints (API v2 and v3), a
coverage's page detail, its entry feed and webhook payloads. One serializer, so a front end
that applies an entry from a webhook or a poll gets the same thing.

An entry's byline, corrections and body blocks are a story's own field serializers and block
representation (news/api/serializers.py, news/blocks.py); live/schema.py types them in API v3's
OpenAPI schema with the very schemas a story's fields use.
"""

from django.template.loader import render_to_string

from caching import response_cache
from live.reader import permalink, shown
from news.api.listed_bodies import load_bodies
from news.api.serializers import BylineField, CorrectionsField, MomentField
from people.serializers import photo_renditions_prefetch

ENTRY_TEMPLATE = "live/includes/entry.html"


def entries_to_serialize(entries):
    """`entries` read with everything an entry's JSON shows, in a fixed number of queries:
    what the page shows of them (live/reader.py), and their authors' photos."""
    return shown(entries).prefetch_related(photo_renditions_prefetch("authors__photo"))


def record_bylines(entries):
    """An entry shows its authors' names and photos, which change apart from the coverage:
    the response records their tags (read with `entries_to_serialize`, so no query)."""
    authors = {author.pk for entry in entries for author in entry.authors.all()}
    response_cache.depends_on(*(f"author:{pk}" for pk in authors))


def serialize_entries(entries, coverage, request=None):
    """The JSON of `entries` (of `coverage`, read with `entries_to_serialize`), in order."""
    entries = list(entries)
    published = [entry for entry in entries if entry.status == entry.Status.PUBLISHED]
    # Every body's links, stories and images are read together, not entry by entry.
    load_bodies(published)
    record_bylines(published)
    coverage_url = coverage.get_full_url(request)
    return [serialize_entry(entry, coverage, coverage_url, request) for entry in entries]


def serialize_entry(entry, coverage, coverage_url, request=None):
    if entry.status != entry.Status.PUBLISHED:
        # Whatever readers may no longer see is gone for them: a front end removes it.
        return {"id": entry.pk, "sequence": entry.sequence, "status": entry.Status.WITHDRAWN}
    context = {"request": request}
    return {
        "id": entry.pk,
        "sequence": entry.sequence,
        "status": entry.status,
        "posted_at": MomentField().to_representation(entry.posted_at),
        "edited_at": MomentField().to_representation(entry.edited_at),
        "title": entry.title,
        "pinned": entry.pinned,
        "key_event": entry.key_event,
        "authors": BylineField().to_representation(entry.authors.all()),
        "body": entry.body.stream_block.get_api_representation(entry.body, context=context),
        "corrections": CorrectionsField().to_representation(entry.corrections),
        "url": permalink(entry, coverage_url),
        "html": render_to_string(
            ENTRY_TEMPLATE, {"entry": entry, "page": coverage, "request": request}
        ),
    }


def coverage_state(coverage, request=None):
    return {
        "id": coverage.pk,
        "status": coverage.coverage_status,
        "started_at": coverage.coverage_started_at,
        "ended_at": coverage.coverage_ended_at,
        "url": coverage.get_full_url(request),
    }
