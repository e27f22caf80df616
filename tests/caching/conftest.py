import pytest

from cms.settings.base import caches_from_env
from tests.redis_server import start_redis_server


@pytest.fixture
def redis_server(tmp_path, settings, monkeypatch):
    """A redis-server of this test's own, used as the site's cache exactly as REDIS_URL sets."""
    server = start_redis_server(tmp_path)
    monkeypatch.setenv("REDIS_URL", server.url)
    settings.CACHES = caches_from_env()
    settings.NEWSDESK_RESPONSE_CACHE = True
    yield server
    server.stop()
