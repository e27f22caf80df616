"""A Redis cache that, when Redis cannot be reached, behaves as an empty cache instead of failing.

Everything cached is also in the database (whole responses, stored counts, Wagtail's site
paths), so a dead Redis only makes the site slower: reads miss, writes are dropped, and
pages, the API and publishing keep working. One failed call marks the outage; until
NEWSDESK_CACHE_RETRY_SECONDS have passed no request waits on Redis again, then the next one
tries it. The outage and the recovery are each logged once, and /healthz reports the state
this process last saw (frontdoor/views.py) without talking to Redis itself.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# A refused or timed-out connection; OSError covers the socket's own errors and timeouts.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class Outage:
    """What this process knows of one Redis server: shared by every thread's cache object."""

    def __init__(self, server):
        # Host and port only: a URL may carry a password.
        address = urlsplit(server)
        self.name = f"{address.hostname}:{address.port or 6379}"
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0

    @property
    def is_down(self):
        return self.down_since is not None

    def waiting(self):
        return self.is_down and time.monotonic() < self.retry_at

    def failed(self, error):
        with self.lock:
            now = time.monotonic()
            self.retry_at = now + settings.NEWSDESK_CACHE_RETRY_SECONDS
            if self.down_since is None:
                self.down_since = now
                logger.error(
                    "Cache %s unreachable (%s): serving from the database, uncached, "
                    "until it answers",
                    self.name,
                    error,
                )

    def answered(self):
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                logger.warning(
                    "Cache %s reachable again after %.0f s",
                    self.name,
                    time.monotonic() - self.down_since,
                )
                self.down_since = None


_outages = {}
_outages_lock = threading.Lock()


def outage_for(server):
    with _outages_lock:
        return _outages.setdefault(server, Outage(server))


def unreachable_caches():
    """The configured Redis servers this process last found unreachable (no network I/O)."""
    locations = {config.get("LOCATION") for config in settings.CACHES.values()}
    return sorted(
        outage.name
        for server, outage in list(_outages.items())
        if server in locations and outage.is_down
    )


class _GuardedClient:
    """django-redis's client, with every call skipped while Redis is known to be down and
    every connection failure recorded as an outage."""

    def __init__(self, client, outage):
        self._client = client
        self._outage = outage

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            if self._outage.waiting():
                raise ConnectionInterrupted(connection=None)
            # Twice: a pooled connection that a restarted Redis closed fails once, and the
            # second try connects afresh.
            for attempt in range(2):
                try:
                    result = attribute(*args, **kwargs)
                    break
                except ConnectionInterrupted as interrupted:
                    if not isinstance(interrupted.__cause__, UNREACHABLE):
                        raise
                    if attempt:
                        self._outage.failed(interrupted.__cause__)
                        raise
            self._outage.answered()
            return result

        return guarded


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # django-redis answers an interrupted call with the method's "nothing there" value.
        self._ignore_exceptions = True
        self._outage = outage_for(server)

    @property
    def client(self):
        if self._client is None:
            self._client = _GuardedClient(
                self._client_cls(self._server, self._params, self), self._outage
            )
        return self._client
