"""Parts of a page stored apart from it, rendered once per change of what they show.

A whole response is dropped whenever anything it shows changes; a story page shows Recent
Posts, so every publish drops every story page, and each is rendered again from scratch. The
parts that show only the story itself (its article, its meta tags) keep their own record of
what they showed (caching.response_cache.recording), in the default cache beside the
responses, and are served while their tags keep the versions they had; the page around them
takes their tags in, so a stored response is dropped as before.

A page asks for all its parts at once (`stored_parts`, or `prefetch` where a template asks for
them one by one): one read of the cache and one look-up of every part's tag versions, however
many parts it shows.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from caching import response_cache

# Not "fragment:": entries of the earlier shape (HTML alone) are never read as parts.
FRAGMENT_PREFIX = "part:"

# When the request being served began (caching.apps connects the request signals).
_request_started = ContextVar("newsdesk_request_started", default=None)


def _cache():
    return caches["default"]


def _current(entries):
    """The entries (by key) still true now: unexpired, every tag at its recorded version."""
    now = timezone.now()
    entries = {
        key: entry
        for key, entry in entries.items()
        if entry["valid_until"] is None or entry["valid_until"] > now
    }
    unchanged = response_cache.unchanged(*(entry["tags"] for entry in entries.values()))
    return {
        key: entry for (key, entry), same in zip(entries.items(), unchanged, strict=True) if same
    }


def _served(entry):
    response_cache.depends_on(*entry["tags"])
    response_cache.expires_by(entry["valid_until"])
    return entry["value"]


def request_started(**kwargs):
    _request_started.set(timezone.now())


def request_finished(**kwargs):
    _request_started.set(None)


def _built(key, build):
    """`build()`'s value, stored under `key` when everything it showed could be recorded and
    nothing it showed changed since the request began (a part may be built from rows the page
    read earlier: a list's stories, for their cards). None (nothing found) is never stored:
    what would change that, a story published at an address, bumps no tag the search recorded."""
    started = _request_started.get() or timezone.now()
    with response_cache.recording() as shown:
        value = build()
    if value is None:
        return value
    if shown.complete and not response_cache.changed_since(
        shown.tags - shown.changed_here, started
    ):
        timeout = settings.NEWSDESK_RESPONSE_CACHE_SECONDS
        if shown.valid_until is not None:
            timeout = min(timeout, int((shown.valid_until - timezone.now()).total_seconds()))
        if timeout > 1:
            entry = {
                "value": value,
                "tags": response_cache.versions(shown.tags),
                "valid_until": shown.valid_until,
            }
            _cache().set(FRAGMENT_PREFIX + key, entry, timeout)
    return value


def _read(keys):
    """The current entries of `keys`: one cache read, one look-up of their tag versions."""
    found = _cache().get_many([FRAGMENT_PREFIX + key for key in keys])
    return _current(
        {key: found[FRAGMENT_PREFIX + key] for key in keys if FRAGMENT_PREFIX + key in found}
    )


def stored_parts(builds):
    """{key: build} → {key: value}: each value from the default cache while everything it
    showed is unchanged, else built now and stored. One cache read and one look-up of tag
    versions for all of them (so a page of forty story cards costs what one does)."""
    current = _read(builds)
    return {
        key: _served(current[key]) if key in current else _built(key, build)
        for key, build in builds.items()
    }


def prefetch(request, keys):
    """Read the parts `keys` name for the rest of `request` in one go (see `stored_part`):
    for a template that asks for its parts one at a time, the look-ups happen once, here."""
    request.prefetched_parts = dict.fromkeys(keys) | _read(keys)


def stored_part(key, build, request=None):
    """One part, as `stored_parts`; from what `prefetch` read for `request`, if it read `key`."""
    prefetched = getattr(request, "prefetched_parts", None) or {}
    if key in prefetched:
        entry = prefetched.pop(key)
        return _served(entry) if entry is not None else _built(key, build)
    return stored_parts({key: build})[key]
