"""Parts of a page stored apart from it, rendered once per change of what they show.

A whole response is dropped whenever anything it shows changes; a story page shows Recent
Posts, so every publish drops every story page, and each is rendered again from scratch. The
parts that show only the story itself (its article, its meta tags) keep their own record of
what they showed (caching.response_cache.recording), in the default cache beside the
responses, and are served while their tags keep the versions they had; the page around them
takes their tags in, so a stored response is dropped as before.
"""

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from caching import response_cache

FRAGMENT_PREFIX = "fragment:"


def stored_fragment(key, render):
    """The HTML `render()` gives, from the default cache while everything it showed is
    unchanged (one look-up of its tags' versions), else rendered now and stored."""
    fragments = caches["default"]
    key = FRAGMENT_PREFIX + key
    entry = fragments.get(key)
    now = timezone.now()
    if (
        entry is not None
        and (entry["valid_until"] is None or entry["valid_until"] > now)
        and response_cache.unchanged(entry["tags"])[0]
    ):
        response_cache.depends_on(*entry["tags"])
        response_cache.expires_by(entry["valid_until"])
        return entry["html"]
    with response_cache.recording() as shown:
        html = render()
    if shown.complete and not response_cache.changed_since(shown.tags - shown.changed_here, now):
        timeout = settings.NEWSDESK_RESPONSE_CACHE_SECONDS
        if shown.valid_until is not None:
            timeout = min(timeout, int((shown.valid_until - timezone.now()).total_seconds()))
        if timeout > 1:
            entry = {
                "html": html,
                "tags": response_cache.versions(shown.tags),
                "valid_until": shown.valid_until,
            }
            fragments.set(key, entry, timeout)
    return html
