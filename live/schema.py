"""A live coverage's entries typed for API v3's OpenAPI schema, and its `live` field in the
page detail of both APIs. The JSON itself is live/serializers.py's: these schemas type it with
the very schemas a story's fields and blocks use (news/api/serializers.py), and API v3 checks
what it serves against them.
"""

from datetime import datetime
from typing import Annotated, Literal, Union, get_args

from django.conf import settings
from django.urls import reverse
from ninja import Schema
from pydantic import Field as SchemaField
from rest_framework.fields import Field

from live.blocks import LiveEntryBlock
from news.api.serializers import CorrectionNote, StoryBlock
from people.serializers import AuthorCard

# The most entries served at once, by the cursor endpoint or as pinned or key events.
MOST_ENTRIES = 100


def entry_block_union():
    """The story blocks an entry may hold, from the story's block union, so that a block is
    typed the same in an entry as in a story and a block added to entries is typed at once."""
    union, discriminator = get_args(StoryBlock)
    members = tuple(
        schema
        for schema in get_args(union)
        if get_args(schema.model_fields["type"].annotation)[0] in LiveEntryBlock.base_blocks
    )
    return Annotated[Union[members], discriminator]  # noqa: UP007 (built from a tuple)


EntryBlock = entry_block_union()


class PublishedEntry(Schema):
    """An entry readers see, in full."""

    id: int
    sequence: int = SchemaField(description="The coverage's change number of its latest change")
    status: Literal["published"]
    posted_at: datetime
    edited_at: datetime | None = SchemaField(description="When it last changed after posting")
    title: str
    pinned: bool
    key_event: bool
    authors: list[AuthorCard]
    body: list[EntryBlock]
    corrections: list[CorrectionNote]
    url: str = SchemaField(description="The entry's permalink on the coverage page")
    html: str = SchemaField(description="The entry as the coverage page renders it")


class WithdrawnEntry(Schema):
    """An entry taken down: a front end showing it removes it."""

    id: int
    sequence: int
    status: Literal["withdrawn"]


Entry = Annotated[PublishedEntry | WithdrawnEntry, SchemaField(discriminator="status")]


class CoverageState(Schema):
    id: int
    status: Literal["live", "ended"]
    started_at: datetime | None
    ended_at: datetime | None
    url: str


class LiveState(Schema):
    status: Literal["live", "ended"]
    started_at: datetime | None
    ended_at: datetime | None
    entries_url: str = SchemaField(
        description="The coverage's cursor endpoint (API v2's; API v3 has the same at "
        "/api/v3/live/{id}/entries/)"
    )
    cursor: int = SchemaField(description="Pass as `since` to the cursor endpoint")
    entries: list[PublishedEntry] = SchemaField(description="The newest entries, newest first")
    pinned: list[PublishedEntry]
    key_events: list[PublishedEntry]


class LiveField(Field):
    """A coverage's `live` state in its page detail: where and from which cursor to follow it,
    and what its page shows first (the newest entries, the pinned ones, the key events)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, coverage) -> LiveState:
        # Serializing reads Wagtail's API modules, which cannot load while the models do.
        from live.serializers import entries_to_serialize, serialize_entries

        request = self.context.get("request")
        cursor = coverage.last_sequence  # before the entries: see live/api.py
        published = coverage.entries.published().newest_first()
        first = settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE
        newest = list(published.values_list("pk", flat=True)[:first])
        pinned = list(published.filter(pinned=True).values_list("pk", flat=True)[:MOST_ENTRIES])
        key_events = list(
            published.filter(key_event=True).values_list("pk", flat=True)[:MOST_ENTRIES]
        )
        shown = entries_to_serialize(published.filter(pk__in={*newest, *pinned, *key_events}))
        by_id = {entry["id"]: entry for entry in serialize_entries(shown, coverage, request)}
        return {
            "status": coverage.coverage_status,
            "started_at": coverage.coverage_started_at,
            "ended_at": coverage.coverage_ended_at,
            "entries_url": reverse("live_entries", args=[coverage.pk]),
            "cursor": cursor,
            "entries": [by_id[pk] for pk in newest],
            "pinned": [by_id[pk] for pk in pinned],
            "key_events": [by_id[pk] for pk in key_events],
        }
