"""Redis down = an uncached site, never a down one: pages, the API and publishing work from
the database, /healthz says "degraded", the outage is logged once, and the cache is used
again once Redis answers."""

import logging
import time

import pytest

from news.models import NewsArticle
from tests.desk.conftest import add_story_url, story_form
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def reader_urls(story):
    return [
        story.url,
        "/",
        "/world/",
        "/feed/",
        "/sitemap.xml",
        "/api/v2/pages/?type=news.NewsArticle",
        f"/api/v2/pages/{story.pk}/",
        f"/api/v3/pages/{story.pk}/",
        "/api/v3/pages/?type=news.NewsArticle",
    ]


def outage_log(caplog):
    return [record.levelname for record in caplog.records if record.name == "caching.redis"]


def test_with_redis_killed_the_site_serves_uncached_and_publishes_then_recovers(
    client, admin_client, world, reporter, redis_server, caplog, monkeypatch
):
    story = make_story(world, title="Harbour reopens", authors=[reporter])
    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "hit"

    redis_server.stop()
    with caplog.at_level(logging.INFO, logger="caching.redis"):
        for _ in range(2):
            for url in reader_urls(story):
                response = client.get(url)
                assert response.status_code == 200, url
                assert response["X-Cache"] == "miss", url
        assert b"Harbour reopens" in client.get(story.url).content

        published = admin_client.post(
            add_story_url(world),
            story_form(reporter, title="Ferry strike ends") | {"action-publish": "Publish"},
        )
        assert published.status_code == 302
        assert NewsArticle.objects.live().filter(title="Ferry strike ends").exists()
        assert b"Ferry strike ends" in client.get("/").content

        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
    # Once per outage, not once per request.
    assert outage_log(caplog) == ["ERROR"]

    caplog.clear()
    redis_server.start()
    # Past the back-off, the next request tries Redis again.
    later = time.monotonic() + 3600
    monkeypatch.setattr("caching.redis.time.monotonic", lambda: later)
    with caplog.at_level(logging.INFO, logger="caching.redis"):
        assert client.get(story.url)["X-Cache"] == "miss"
        assert client.get(story.url)["X-Cache"] == "hit"
        assert client.get("/healthz").json() == {"status": "ok"}
    assert outage_log(caplog) == ["WARNING"]


def test_while_redis_is_down_requests_do_not_wait_on_it_again(
    client, world, reporter, redis_server, monkeypatch
):
    from django_redis.client import DefaultClient

    story = make_story(world, title="Harbour reopens", authors=[reporter])
    redis_server.stop()
    client.get(story.url)  # finds it down

    attempts = []
    monkeypatch.setattr(DefaultClient, "get", lambda *args, **kwargs: attempts.append(args))
    for _ in range(5):
        assert client.get(story.url).status_code == 200
    # Within NEWSDESK_CACHE_RETRY_SECONDS no request calls Redis at all.
    assert attempts == []
