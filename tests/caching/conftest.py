import pytest

from cms.settings.base import caches_from_env


@pytest.fixture
def redis_server(redis_server, settings, monkeypatch):
    """The test's own redis-server (tests/conftest.py), used as the site's cache exactly as
    REDIS_URL sets."""
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    settings.CACHES = caches_from_env()
    settings.NEWSDESK_RESPONSE_CACHE = True
    return redis_server
