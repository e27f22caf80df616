"""Anonymous readers' pages and API reads from a PostgreSQL streaming replica
(DATABASE_REPLICA_URL); everything else from the primary.

Which requests read the replica: a GET or HEAD with no session cookie and no credentials
(caching.response_cache.is_anonymous_read), outside the admin, asking for nothing private
(a preview token, a draft version), from a client that has not just written. Any other
request (admin, token-authenticated API, every write) reads and writes the primary, and so
does a client's next few requests after a write of its own (a POST, PUT, PATCH or DELETE),
which sets a short-lived cookie saying so: a reader who just logged out or submitted a form
sees what they did, not a replica that may not have replayed it yet.

A replica lags, and must never show a story the primary has unpublished or embargoed again.
Every such change bumps the response-cache tags of what it touches in the same transaction
(caching.invalidation), and every response records the tags of what it showed
(caching.shown_pages). So a response is built on the replica inside one repeatable-read
snapshot, which also reads the replica's versions of the tags the response recorded; if any
differs from the primary's (read on the primary, where tag versions always are), the replica
had not replayed a change to something the response shows, and the response is built again
on the primary; one that read nothing from the replica (the health check) is served as it was
built, with no versions to compare. Whatever such an attempt stored on the way (a story's
serialised JSON) records the replica's versions, so it is stale at once rather than
stale-but-current. A response that
could not record what it showed is built on the primary too, and so is one whose replica fails
or does not answer. Writes never go to the replica; nor does a migration.
"""

import copy
import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)

from caching.response_cache import content_database, is_anonymous_read, recording, versions_on

REPLICA = "replica"
# Set on the response to a write: the client's next requests read the primary.
WROTE_COOKIE = "newsdesk_wrote"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Query parameters that ask for drafts or a preview: the primary's latest, never a replica's.
PRIVATE_PARAMETERS = {"version", "token", "preview"}
# The response-cache tag versions (and anything else the caching app keeps) are the truth the
# replica is checked against: always the primary's.
PRIMARY_ONLY_APPS = {"caching"}

logger = logging.getLogger(__name__)


class ReadReplicaRouter:
    """Reads go where the request being served reads (ReadReplicaMiddleware decides);
    writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        # The response cache records tag versions from the same database (content_database).
        return content_database.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # One database, two copies of it: an object read from either may point at any other.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def reads_replica(request):
    return (
        is_anonymous_read(request)
        and WROTE_COOKIE not in request.COOKIES
        and not request.path.startswith("/admin/")
        and not PRIVATE_PARAMETERS.intersection(request.GET)
    )


class ReadReplicaMiddleware:
    """Inside the response cache: a cached response is checked against the primary's tag
    versions and needs no database; what is built here is checked against them too."""

    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed("no read replica (DATABASE_REPLICA_URL) is configured")
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.NEWSDESK_READ_PRIMARY_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
        if reads_replica(request):
            response = self.from_replica(request)
            if response is not None:
                return response
        return self.get_response(request)

    def from_replica(self, request):
        """The response built on the replica, or None where it may be behind what it shows."""
        token = content_database.set(REPLICA)
        replica = connections[REPLICA]
        read = []
        try:
            with (
                recording() as shown,
                transaction.atomic(using=REPLICA),
                replica.execute_wrapper(lambda execute, *args: read.append(1) or execute(*args)),
            ):
                # A copy: what is remembered on the request while it is served (Wagtail's
                # routed page, the site) must not outlive an attempt that is thrown away.
                response = self.get_response(copy.copy(request))
                if not read:
                    # Nothing came from the replica (the health check): it cannot be behind on
                    # anything shown, and there are no versions to compare.
                    return response
                if not shown.complete:
                    return None
                on_replica = versions_on(REPLICA, shown.tags)
        except (OperationalError, InterfaceError) as error:
            # Down, or a query cancelled by the replay it held up: the primary answers.
            logger.warning("Read replica failed, reading the primary instead: %s", error)
            return None
        finally:
            content_database.reset(token)
        if versions_on(DEFAULT_DB_ALIAS, shown.tags) != on_replica:
            return None
        return response
