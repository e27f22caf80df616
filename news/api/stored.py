"""Stories served by the API as they were serialised when they last changed.

DRF serialises a story field by field and block by block: tens of milliseconds of Python on
every request, for JSON that only changes when the story (or something it shows) does. So
the shapes front ends ask for most are kept per story in `SerializedStory` rows. A listing
joins them onto the very query that picks the visible stories, so which stories it holds is
decided afresh on every request; a detail reads its row with the story's own `live` and
expiry columns, and relies on the "site" tag for the rest (see `Shape.stored_row`).

A row is served only while the cache-tag versions it recorded are current (one look-up for a
whole list) and no story it shows has expired; otherwise the story is serialised again by the
ordinary serializer, and the row replaced. The tags are the response cache's
(caching/response_cache.py), bumped by caching/invalidation.py, so a publish, unpublish, edit,
expiry, or a byline, section or linked-story change is served by the very next request.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import FilteredRelation, Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.renderers import JSONRenderer
from wagtail.models import Page

from caching import response_cache
from news.models import SerializedStory

STORED_ROW_SQL = """
    SELECT stored.* FROM {serialized} stored JOIN {page} story ON story.id = stored.story_id
    WHERE stored.story_id = %s AND stored.shape = %s AND stored.base_url = %s
        AND story.live AND (story.expire_at IS NULL OR story.expire_at > %s)
"""


@dataclass
class Row:
    story_id: int
    last_published_at: datetime | None
    content: str | None
    tags: dict | None
    valid_until: datetime | None

    def is_fresh(self, tags_unchanged, now):
        return self.content is not None and tags_unchanged and not_expired(self.valid_until, now)


def not_expired(valid_until, now):
    return valid_until is None or valid_until > now


class Shape:
    """One way a story is serialised (a detail, or a listing's item with given fields), for
    one base URL; `serialize(story_ids)` gives {story_id: JSON text} as the API renders it.

    An item of a listing is stored already indented to its depth there (`depth` levels of
    `indent` spaces), so serving a listing only joins strings.
    """

    def __init__(
        self,
        name,
        base_url,
        serialize,
        indent=None,
        depth=0,
        content_type="application/json",
        last_modified=True,
    ):
        self.name = name
        self.base_url = base_url
        self.serialize = serialize
        self.indent = indent
        self.depth = depth
        self.content_type = content_type
        # Whether responses say Last-Modified (API v2's do; API v3's own responses do not).
        self.last_modified = last_modified

    def rows(self, stories):
        """The stories, in order, each with its stored serialisation if there is one."""
        stored = FilteredRelation(
            "serialized",
            condition=Q(serialized__shape=self.name, serialized__base_url=self.base_url),
        )
        columns = stories.annotate(stored=stored).values_list(
            "pk",
            "last_published_at",
            "stored__content",
            "stored__tags",
            "stored__valid_until",
        )
        return [Row(*columns) for columns in columns]

    def stored_row(self, story_id, now):
        """The story's stored row, if the story is live and not past its expiry.

        A row is only ever stored for a visible story, and those two are the only parts of
        visibility that are the story's own columns, so they are checked here; the others
        (a private section, a move) bump the "site" tag every row records. Written in SQL
        because building this query with the ORM costs more than everything else a stored
        detail does.
        """
        found = SerializedStory.objects.raw(
            STORED_ROW_SQL.format(
                serialized=SerializedStory._meta.db_table, page=Page._meta.db_table
            ),
            [story_id, self.name, self.base_url, connection.ops.adapt_datetimefield_value(now)],
        )
        for row in found:
            return Row(row.story_id, row.last_published_at, row.content, row.tags, row.valid_until)
        return None

    def contents(self, rows, fresh):
        """Each row's JSON, serialising again the stories whose rows are not `fresh`."""
        stale = [row for row, is_fresh in zip(rows, fresh, strict=True) if not is_fresh]
        rebuilt = self.rebuild(stale) if stale else {}
        for row, is_fresh in zip(rows, fresh, strict=True):
            if is_fresh:
                # What a stored row showed is part of what this response shows.
                response_cache.depends_on(*row.tags)
                response_cache.expires_by(row.valid_until)
        contents = [
            row.content if is_fresh else rebuilt.get(row.story_id)
            for row, is_fresh in zip(rows, fresh, strict=True)
        ]
        # A story unpublished between the two queries is left out rather than served stale.
        return [content for content in contents if content is not None]

    def rebuild(self, stale):
        # The stories' own versions are read before serialising, so an edit committed while
        # this runs leaves the new rows already stale rather than stale-but-current.
        known = {"site", *(f"story:{row.story_id}" for row in stale)}
        before = response_cache.versions(known)
        with response_cache.recording() as shown:
            data = self.serialize([row.story_id for row in stale])
        if not shown.complete:  # served this once, never stored
            return {pk: self.nested(text) for pk, text in data.items()}
        last_published = {row.story_id: row.last_published_at for row in stale}
        tags = response_cache.versions(shown.tags - known) | before
        rows = [
            SerializedStory(
                story_id=pk,
                shape=self.name,
                base_url=self.base_url,
                content=self.nested(text),
                tags=tags,
                valid_until=shown.valid_until,
                last_published_at=last_published[pk],
            )
            for pk, text in data.items()
        ]
        SerializedStory.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["story", "shape", "base_url"],
            update_fields=["content", "tags", "valid_until", "last_published_at"],
        )
        return {row.story_id: row.content for row in rows}

    def nested(self, text):
        if not (self.indent and self.depth):
            return text
        return text.replace("\n", "\n" + " " * (self.indent * self.depth))

    def response(self, content, rows):
        response = HttpResponse(content.encode(), content_type=self.content_type)
        moments = [row.last_published_at for row in rows if row.last_published_at]
        if self.last_modified and moments:
            response["Last-Modified"] = http_date(max(moments).timestamp())
        return response


def render(data, indent):
    return JSONRenderer().render(data, renderer_context={"indent": indent}).decode()


def in_envelope(envelope, items, indent):
    """`envelope` rendered with an empty list of items, holding `items` instead."""
    if not items:
        return envelope
    head, tail = envelope.rsplit("[]", 1)
    if not indent:
        return head + "[" + ",".join(items) + "]" + tail
    item_line = "\n" + " " * (2 * indent)
    return head + "[" + item_line + ("," + item_line).join(items) + "\n" + " " * indent + "]" + tail


def detail(shape, story_id, visible_stories):
    """The story as its stored detail, or None if it is not one of `visible_stories()`."""
    now = timezone.now()
    stored = shape.stored_row(story_id, now)
    if stored is not None and stored.is_fresh(response_cache.unchanged(stored.tags)[0], now):
        return shape.response(shape.contents([stored], [True])[0], [stored])
    rows = shape.rows(visible_stories().filter(pk=story_id))
    contents = shape.contents(rows, [False]) if rows else None
    return shape.response(contents[0], rows) if contents else None


class StoryCount:
    """How many stories a listing holds, counted again only when the list changes.

    Counting a large archive takes longer than serving a page of it; the total changes only
    when a story is published, unpublished or moved, a section turns private, or a story in
    it expires, and the same tags and expiry say when.
    """

    def __init__(self, key, stories):
        self.key = f"newsdesk:story-count:{key}"
        self.stories = stories
        self.entry = cache.get(self.key)

    @property
    def snapshot(self):
        return self.entry["tags"] if self.entry else {}

    def value(self, tags_unchanged, now):
        entry = self.entry
        if entry and tags_unchanged and not_expired(entry["valid_until"], now):
            response_cache.depends_on(*entry["tags"])
            response_cache.expires_by(entry["valid_until"])
            return entry["count"]
        # Versions first: a publish committed while counting leaves the count already stale.
        tags = response_cache.versions({"site", "stream:all"})
        count = self.stories.count()
        next_expiry = self.stories.aggregate(next_expiry=Min("expire_at"))["next_expiry"]
        response_cache.depends_on(*tags)
        response_cache.expires_by(next_expiry)
        self.entry = {"count": count, "tags": tags, "valid_until": next_expiry}
        cache.set(self.key, self.entry, timeout=None)
        return count


class _SliceOnly:
    """Lets Wagtail's paginator check `limit` and `offset` and slice, leaving the total to
    StoryCount."""

    def __init__(self, stories):
        self.stories = stories

    def count(self):
        return None

    def __getitem__(self, bounds):
        return self.stories[bounds]


def listing(view, shape, stories, count_key):
    """A page of `stories` in the API's listing envelope, from stored items."""
    paginator = view.paginator
    page = paginator.paginate_queryset(_SliceOnly(stories), view.request, view)
    rows = shape.rows(page)
    total = StoryCount(count_key, stories)
    *rows_unchanged, count_unchanged = response_cache.unchanged(
        *(row.tags or {} for row in rows), total.snapshot
    )
    now = timezone.now()
    fresh = [
        row.is_fresh(unchanged, now) for row, unchanged in zip(rows, rows_unchanged, strict=True)
    ]
    items = shape.contents(rows, fresh)
    paginator.total_count = total.value(count_unchanged, now)
    # Wagtail's own envelope, rendered with no items, then the stored items put in it.
    envelope = render(paginator.get_paginated_response([]).data, shape.indent)
    return shape.response(in_envelope(envelope, items, shape.indent), rows)
