"""A page of a story listing from stored items (news/api/stored.py): the page's stories with
their items (news/api/stored_rows.py), and the total, counted again only when it changes; one
look-up checks the items' tags, the total's and the site's.
"""

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from caching import response_cache
from news.api import stored_rows
from news.api.stored import in_envelope, render


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
        if entry and tags_unchanged and stored_rows.not_expired(entry["valid_until"], now):
            response_cache.depends_on(*entry["tags"])
            response_cache.expires_by(entry["valid_until"])
            return entry["count"]
        # Versions first: a publish committed while counting leaves the count already stale.
        tags = response_cache.versions({"site", "stream:all"})
        stories = self.stories()
        count = stories.count()
        next_expiry = stories.aggregate(next_expiry=Min("expire_at"))["next_expiry"]
        response_cache.depends_on(*tags)
        response_cache.expires_by(next_expiry)
        self.entry = {"count": count, "tags": tags, "valid_until": next_expiry}
        cache.set(self.key, self.entry, timeout=None)
        return count


class _Bounds:
    """Lets Wagtail's paginator check `limit` and `offset`, and keeps the slice it asks for;
    the total is StoryCount's."""

    def count(self):
        return None

    def __getitem__(self, bounds):
        return bounds


def listing(view, shape, site, stories_at):
    """A page of `stories_at(now)`, the visible stories of `site` newest first, in the API's
    listing envelope, from stored items."""
    paginator = view.paginator
    page = paginator.paginate_queryset(_Bounds(), view.request, view)
    now = timezone.now()
    rows = stored_rows.rows(shape, site, stories_at, now, page=page)
    total = StoryCount(site.pk if site else "none", lambda: stories_at(now))
    *rows_unchanged, count_unchanged = response_cache.unchanged(
        *(row.tags or {} for row in rows), total.snapshot
    )
    fresh = [
        row.is_fresh(unchanged, now) for row, unchanged in zip(rows, rows_unchanged, strict=True)
    ]
    items = shape.contents(rows, fresh)
    paginator.total_count = total.value(count_unchanged, now)
    # Wagtail's own envelope, rendered with no items, then the stored items put in it.
    envelope = render(paginator.get_paginated_response([]).data, shape.indent)
    return shape.response(in_envelope(envelope, items, shape.indent), rows)
