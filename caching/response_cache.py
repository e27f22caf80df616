"""Whole responses cached for anonymous readers, dropped the moment what they show changes.

Wagtail's front-end cache purge knows a page's own URL, but a story also appears on the home
page, its section, its authors' pages, feeds, API listings, other stories' related links and
every story's Recent Posts. So each cached response records what it showed, as tags:

- ``story:<id>``: a story it displayed (recorded as any page row is fetched, whatever the
  queryset: see caching.shown_pages);
- ``stream:all``: a list of the newest stories (every listing, feed and Recent Posts);
  any publish or unpublish changes it; ``stream:authors``: the list of live authors;
- ``author:<id>``: an author's own profile, shown on their page;
- ``site``: what every page frames content with (sections menu, newsroom settings),
  and whatever rare change (a move, a private section) is simplest to treat as "everything".

Each tag has a version; a response is served from the cache only while every tag it recorded
still has the version it had when the response was stored. Changing something bumps its tags'
versions (see caching.invalidation); nothing has to find and delete entries. A response
built while one of its tags changed is served but not stored (``changed_since``). A response also
expires at the earliest expiry time of the stories it shows, because an expired story is hidden
at once, before the scheduler unpublishes it.

The middleware sits next to the outside of the stack (after Django's SecurityMiddleware only), so
a stored response is served before any other middleware does its work. It stores a response as
the rest of the stack finished it (security headers, the API's validators and CORS headers), so
it is keyed by the request's Origin as well as its address (CORS headers name the origin), and
answers a conditional request from what it stored (304 when the ETag or date still matches).

Responses live in the default cache (local memory, or Redis with REDIS_URL). Tag versions
live in the database alone (caching.models.TagVersion): every worker sees them at once, and a
cache restored from an older dump cannot bring old versions back with the old responses.

Never cached: logged-in users (a session cookie), API calls with credentials, previews and
the admin, searches (the search page, and ``search=`` in both APIs), a response that showed
something it could not record (``cannot_record``), anything but a plain 200 GET without
cookies. The health check is not even looked up: it reads no cache, Redis included.
"""

import hashlib
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from caching import remembered
from caching.models import TagVersion

_current = ContextVar("newsdesk_response_dependencies", default=None)
# The database a response's content is read from: a read replica for an anonymous reader
# (frontdoor.read_replica), else the primary. What is stored from that content records that
# database's tag versions, so content a lagging replica built never looks current.
content_database = ContextVar("newsdesk_content_database", default="default")
# The version recorded for a tag the primary has and the replica has not replayed yet.
NOT_REPLAYED = "not-replayed"

RESPONSE_PREFIX = "response:"
# Never public, or (search) open to endless query strings that would crowd out the pages, or
# (the health check) never stored, and bound to report on the cache without waiting on it.
UNCACHED_PATHS = ("/admin/", "/django-admin/", "/search/", "/healthz")
# Query parameters that ask for something private (drafts, preview tokens), or (search, in
# both APIs) open to endless values that would crowd out the pages.
UNCACHED_PARAMETERS = {"version", "token", "preview", "search"}
# Headers that belong to one exchange, never to what is stored.
UNSTORED_HEADERS = {"x-cache", "set-cookie", "date"}


class Dependencies:
    """What one response showed: its tags, and the moment it stops being true."""

    def __init__(self):
        self.tags = {"site"}
        self.valid_until = None
        # False once the response showed something it could not record: it is not stored.
        self.complete = True
        # Tags this request changed itself (e.g. a setting created with its defaults when
        # first read): what it went on to show already reflects them.
        self.changed_here = set()

    def add(self, *tags):
        self.tags.update(tags)

    def expire_by(self, moment):
        if moment is not None and (self.valid_until is None or moment < self.valid_until):
            self.valid_until = moment


def depends_on(*tags):
    """Record that the response being built shows what `tags` name (no-op outside one)."""
    dependencies = _current.get()
    if dependencies is not None:
        dependencies.add(*tags)


def expires_by(moment):
    dependencies = _current.get()
    if dependencies is not None:
        dependencies.expire_by(moment)


def is_recording():
    return _current.get() is not None


def cannot_record():
    """The response being built shows something whose tags or expiry are unknown: it is
    served, never stored (nor is anything stored apart that took it in)."""
    dependencies = _current.get()
    if dependencies is not None:
        dependencies.complete = False


@contextmanager
def recording():
    """Record what the code inside shows on a record of its own (for a part of a response
    stored apart from it), which the enclosing response's record then takes in as well."""
    enclosing = _current.get()
    dependencies = Dependencies()
    token = _current.set(dependencies)
    try:
        yield dependencies
    finally:
        _current.reset(token)
        if enclosing is not None:
            enclosing.add(*dependencies.tags)
            enclosing.expire_by(dependencies.valid_until)
            enclosing.complete = enclosing.complete and dependencies.complete


class ShownObjectsQuerySet:
    """QuerySet mixin: objects fetched while a response is built are recorded as its tags.

    Recording where objects are fetched, rather than where they are displayed, means no view,
    template or API serializer can show a story without the cache knowing.
    """

    shown_tag = None  # "author" records a fetched author as "author:<pk>"

    def _fetch_all(self):
        first_fetch = self._result_cache is None
        super()._fetch_all()
        if first_fetch and _current.get() is not None:
            for obj in self._result_cache:
                if isinstance(obj, self.model):  # not the tuples of values_list()
                    self.record_shown(obj)

    def record_shown(self, obj):
        depends_on(f"{self.shown_tag}:{obj.pk}")


def bump(*tags):
    """Invalidate every cached response that recorded any of `tags`."""
    if (dependencies := _current.get()) is not None:
        dependencies.changed_here.update(tags)
    if "site" in tags:
        remembered.forget_version()
    if tags:
        # Sorted, so two publishes bumping the same tags lock their rows in the same order.
        now = timezone.now()
        TagVersion.objects.bulk_create(
            [TagVersion(tag=tag, version=uuid.uuid4().hex, changed_at=now) for tag in sorted(tags)],
            update_conflicts=True,
            unique_fields=["tag"],
            update_fields=["version", "changed_at"],
        )


def changed_since(tags, moment):
    """Whether any of `tags` changed after `moment`.

    A response reads what it shows first and its tags' versions last; a change committed in
    between would leave old content stored under the new versions, so such a response is
    served but not stored. (Moments are the app servers' clocks, which must agree.)
    """
    return TagVersion.objects.filter(tag__in=tags, changed_at__gt=moment).exists()


def _responses():
    return caches["default"]


def _current_versions(tags, using="default"):
    # Plain SQL: on a cached response this is all the work there is, and building the ORM's
    # query would cost more than running it.
    tags = list(tags)
    if not tags:
        return {}
    placeholders = ", ".join(["%s"] * len(tags))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT tag, version FROM {TagVersion._meta.db_table} WHERE tag IN ({placeholders})",
            tags,
        )
        return dict(cursor.fetchall())


def versions(tags):
    """The current version of each tag, as {tag: version}; a tag never seen gets one now.
    Read where the response's content is read (content_database)."""
    database = content_database.get()
    found = _current_versions(tags, using=database)
    missing = [tag for tag in tags if tag not in found]
    if missing:
        # Ignoring conflicts never overwrites a version another worker set in the meantime.
        TagVersion.objects.bulk_create(
            [TagVersion(tag=tag, version=uuid.uuid4().hex) for tag in sorted(missing)],
            ignore_conflicts=True,
        )
        found.update(_current_versions(missing, using=database))
        found.update({tag: NOT_REPLAYED for tag in missing if tag not in found})
    return found


def versions_on(database, tags):
    """The version of each tag that one database holds, as {tag: version}, new tags left out:
    a read replica's, to tell whether it has replayed the changes the primary's versions mark
    (frontdoor.read_replica)."""
    return _current_versions(tags, using=database)


def unchanged(*snapshots):
    """For each {tag: version} snapshot, whether every tag still has that version.

    One look-up for all of them, so a list of stored parts costs no more than one.
    """
    tags = {tag for snapshot in snapshots for tag in snapshot}
    found = _current_versions(tags)
    return [
        all(found.get(tag) == version for tag, version in snapshot.items())
        for snapshot in snapshots
    ]


def is_anonymous_read(request):
    """A GET or HEAD without a session or credentials: what every reader may be shown."""
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
    )


def _is_cacheable_request(request):
    if not is_anonymous_read(request):
        return False
    if request.path.startswith(UNCACHED_PATHS) or request.path.startswith(_served_files()):
        return False
    # Most requests have no query string: no need to parse one.
    return not request.META.get("QUERY_STRING") or not UNCACHED_PARAMETERS.intersection(request.GET)


def _is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _served_files():
    # Static files and media are WhiteNoise's and the web server's: streamed, never stored.
    return tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix)


def _key(request):
    # From META: request.headers would copy every header to read this one.
    origin = request.META.get("HTTP_ORIGIN", "")
    address = f"{request.get_host()}{request.get_full_path()} {origin}"
    return RESPONSE_PREFIX + hashlib.sha256(address.encode()).hexdigest()


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.NEWSDESK_RESPONSE_CACHE or not _is_cacheable_request(request):
            return self.get_response(request)

        key = _key(request)
        entry = _responses().get(key)
        if entry is not None and unchanged(entry["tags"])[0]:
            return self._rebuild(request, entry)

        dependencies = Dependencies()
        started = timezone.now()
        token = _current.set(dependencies)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if dependencies.complete and _is_cacheable_response(response):
            self._store(key, response, dependencies, started)
        response["X-Cache"] = "miss"
        return response

    def _store(self, key, response, dependencies, started):
        if changed_since(dependencies.tags - dependencies.changed_here, started):
            return
        timeout = settings.NEWSDESK_RESPONSE_CACHE_SECONDS
        if dependencies.valid_until is not None:
            remaining = (dependencies.valid_until - timezone.now()).total_seconds()
            if remaining <= 1:
                return
            timeout = min(timeout, int(remaining))
        entry = {
            "status": response.status_code,
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            ],
            "tags": versions(dependencies.tags),
        }
        _responses().set(key, entry, timeout)

    @staticmethod
    def _rebuild(request, entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = "hit"
        if not (response.has_header("ETag") or response.has_header("Last-Modified")):
            return response
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified")),
            response=response,
        )
        if conditional is not response:
            # A 304 keeps only the validators; a browser's CORS check needs its grant too.
            for name, value in response.items():
                if name.lower().startswith("access-control-") or name == "X-Cache":
                    conditional[name] = value
        return conditional
