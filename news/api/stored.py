"""Stories served by the API as they were serialised when they last changed.

DRF serialises a story field by field and block by block: tens of milliseconds of Python on
every request, for JSON that only changes when the story (or something it shows) does. So
the shapes front ends ask for most are kept per story in `SerializedStory` rows. A detail or
listing joins them onto the very query that picks the visible stories, so which stories it
holds is decided afresh on every request (news/api/stored_rows.py; a listing's envelope and
total: news/api/stored_listing.py).

A row is served only while the cache-tag versions it recorded are current (one look-up for a
whole list) and no story it shows has expired; otherwise the story is serialised again by the
ordinary serializer, and the row replaced. The tags are the response cache's
(caching/response_cache.py), bumped by caching/invalidation.py, so a publish, unpublish, edit,
expiry, or a byline, section or linked-story change is served by the very next request.
"""

from django.db.models import FilteredRelation, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.renderers import JSONRenderer

from caching import response_cache
from news.api import stored_rows
from news.models import SerializedStory


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

    def rows_queryset(self, stories):
        """The columns of a Row for each of `stories`, in order."""
        stored = FilteredRelation(
            "serialized",
            condition=Q(serialized__shape=self.name, serialized__base_url=self.base_url),
        )
        return stories.annotate(stored=stored).values_list(
            "pk",
            "last_published_at",
            "stored__content",
            "stored__tags",
            "stored__valid_until",
        )

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


def detail(shape, story_id, site, stories_at):
    """The story as its stored detail, or None if it is not one of `stories_at(now)`, the
    visible stories of `site`."""
    now = timezone.now()
    rows = stored_rows.rows(shape, site, stories_at, now, story_id=story_id)
    if not rows:  # not a story readers may see: the caller's view says what it is
        return None
    (row,) = rows
    (row_unchanged,) = response_cache.unchanged(row.tags or {})
    contents = shape.contents(rows, [row.is_fresh(row_unchanged, now)])
    return shape.response(contents[0], rows) if contents else None
