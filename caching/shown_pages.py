"""Every page row fetched while a response is built is recorded in it, whatever fetched it.

Recording stories in our own querysets (StoryQuerySet) left out whatever Wagtail fetches as
plain `Page` rows: API listings without a type, `child_of`, search, the sitemap. Those showed
a story without the response cache knowing, so an unpublished story stayed on them. Django
builds every model instance through `__init__`, so a `post_init` receiver on each page type
sees every row, however it was queried.

A row that is a story (or a live coverage, which is one) records `story:<id>` and its expiry
(unless long past: see LONG_EXPIRED); any other page (home, a section) is framed by the "site"
tag every response records. A row whose type or expiry was not loaded cannot be recorded, so
the response showing it is not stored.
"""

from datetime import timedelta

from django.db.models.signals import post_init
from django.utils import timezone
from wagtail.models import get_page_models

from caching import response_cache
from news.querysets import story_type_ids

# A story whose expiry passed longer ago than this was hidden by whatever fetched it (visible()
# reads the time as its query is built; a related link checks its story against visible()):
# fetched only to be left out, its expiry, long past, would keep what fetched it from ever
# being stored (a response, a part), until the scheduler unpublishes it. Within this margin
# it is recorded, so a story that expired while it was being read is never stored as shown.
LONG_EXPIRED = timedelta(minutes=1)


def page_fetched(sender, instance, **kwargs):
    if instance.pk is None or not response_cache.is_recording():
        return
    loaded = instance.__dict__  # deferred fields are absent, and reading them would query
    content_type_id = loaded.get("content_type_id")
    if content_type_id is not None and content_type_id not in story_type_ids():
        return
    if "expire_at" not in loaded:
        response_cache.cannot_record()
        return
    response_cache.depends_on(f"story:{instance.pk}")
    # An expired story is hidden at once, before the scheduler unpublishes it.
    expire_at = loaded["expire_at"]
    if expire_at is None or expire_at > timezone.now() - LONG_EXPIRED:
        response_cache.expires_by(expire_at)


def connect():
    for model in get_page_models():
        post_init.connect(page_fetched, sender=model, dispatch_uid=f"shown-page-{model._meta}")
