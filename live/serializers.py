"""How a live entry reads wherever it is served: the cursor endpoints (API v2 and v3), a
coverage's page detail, its entry feed and webhook payloads. One serializer, so a front end
that applies an entry from a webhook or a poll gets the same thing.

An entry's byline, corrections and body blocks are a story's own field serializers and block
representation (news/api/serializers.py, news/blocks.py); the pydantic schemas below type them
in API v3's OpenAPI schema with the very schemas a story's fields use.
"""

from datetime import datetime
from typing import Annotated, Literal, Union, get_args

from django.template.loader import render_to_string
from ninja import Schema
from pydantic import Field as SchemaField

from live import reader
from live.blocks import LiveEntryBlock
from live.models import LiveCursor, LiveEntry
from news.api.listed_bodies import load_bodies
from news.api.serializers import (
    BylineField,
    CorrectionNote,
    CorrectionsField,
    MomentField,
    StoryBlock,
)
from people.serializers import AuthorCard, photo_renditions_prefetch

ENTRY_TEMPLATE = "live/includes/entry.html"


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


def entries_to_serialize(entries):
    """`entries` read with everything an entry's JSON shows, in a fixed number of queries:
    what the page shows of them (live/reader.py), and their authors' photos."""
    return reader.shown(entries).prefetch_related(photo_renditions_prefetch("authors__photo"))


def serialize_entries(entries, coverage, request=None):
    """The JSON of `entries` (of `coverage`, read with `entries_to_serialize`), in order."""
    entries = list(entries)
    published = [entry for entry in entries if entry.status == LiveEntry.Status.PUBLISHED]
    # Every body's links, stories and images are read together, not entry by entry.
    load_bodies(published)
    coverage_url = coverage.get_full_url(request)
    return [serialize_entry(entry, coverage, coverage_url, request) for entry in entries]


def serialize_entry(entry, coverage, coverage_url, request=None):
    if entry.status != LiveEntry.Status.PUBLISHED:
        return {"id": entry.pk, "sequence": entry.sequence, "status": LiveEntry.Status.WITHDRAWN}
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
        "url": reader.permalink(entry, coverage_url),
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


def cursor_of(coverage):
    """The coverage's last change number: a poll with `since=` it learns every later change."""
    return LiveCursor.current(coverage.pk)
