from datetime import UTC, datetime

from django.db import models

NEVER = datetime(2000, 1, 1, tzinfo=UTC)


class TagVersion(models.Model):
    """The current version of one response-cache tag (see caching/response_cache.py).

    Kept in the database, never in the cache it guards: a Redis restored from an older dump
    brings back old responses together with whatever else it held, and if the versions came
    back with them, the old responses would look current again (an unpublished story served
    from its dump). In the database, a version only ever moves forward with the content it
    describes, in the same transaction. A lookup costs one indexed query per response, as the
    cache's own look-up did; an epoch kept here and checked against versions in the cache would
    cost that same query plus the cache's.
    """

    tag = models.CharField(max_length=200, primary_key=True)
    version = models.CharField(max_length=32)
    # When it last changed, so a response built while it changed is not stored under the new
    # version (see caching.response_cache.changed_since). A tag first seen has never changed.
    changed_at = models.DateTimeField(default=NEVER)

    def __str__(self):
        return f"{self.tag}@{self.version}"
