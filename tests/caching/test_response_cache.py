"""Cached pages and API responses are never stale: the very next request shows a change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import hours, lede, make_section, make_story, related_link

pytestmark = pytest.mark.django_db


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def newsroom(world, reporter):
    old = make_story(world, title="Harbour reopens", authors=[reporter], published_ago=hours(5))
    reader = make_story(
        world,
        title="Reader's story",
        authors=[reporter],
        body=[lede(), related_link(old)],
        published_ago=hours(4),
    )
    return old, reader


URLS = [
    "/",
    "/world/",
    "/authors/mrityunjoy-kumar-jha/",
    "/feed/",
    "/api/v2/pages/?type=news.NewsArticle",
]


def warm(client, urls):
    for url in urls:
        fetch(client, url)
        assert fetch(client, url)["X-Cache"] == "hit", url


def test_a_repeated_anonymous_request_is_served_from_the_cache(client, newsroom):
    _, reader = newsroom
    assert fetch(client, reader.url)["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = fetch(client, reader.url)
    assert response["X-Cache"] == "hit"
    assert b"Reader&#x27;s story" in response.content
    # One lookup of the tag versions, nothing else.
    assert len(queries.captured_queries) <= 1


def test_publishing_shows_at_once_everywhere_including_recent_posts(
    client, world, reporter, newsroom
):
    _, reader = newsroom
    warm(client, [*URLS, reader.url])
    make_story(world, title="Breaking: ceasefire agreed", authors=[reporter])
    for url in [*URLS, reader.url]:
        assert b"Breaking: ceasefire agreed" in fetch(client, url).content, url


def test_unpublishing_removes_the_story_at_once_everywhere(client, newsroom):
    old, reader = newsroom
    warm(client, [*URLS, reader.url])
    old.unpublish()
    for url in [*URLS, reader.url]:
        assert b"Harbour reopens" not in fetch(client, url).content, url
    assert client.get(old.url).status_code == 404


def test_an_edit_while_live_shows_at_once_even_in_other_stories_links(client, newsroom):
    old, reader = newsroom
    api_detail = f"/api/v2/pages/{old.pk}/"
    warm(client, [*URLS, reader.url, old.url, api_detail])
    draft = old.get_latest_revision_as_object()
    draft.title = "Harbour reopens after strike"
    draft.save_revision().publish()
    for url in [*URLS, reader.url, old.url, api_detail]:
        assert b"Harbour reopens after strike" in fetch(client, url).content, url


def test_an_author_edit_shows_at_once_on_their_stories(client, reporter, newsroom):
    _, reader = newsroom
    warm(client, [reader.url, "/authors/mrityunjoy-kumar-jha/"])
    reporter.role = "Chief correspondent"
    reporter.save_revision().publish()
    assert b"Chief correspondent" in fetch(client, reader.url).content
    assert b"Chief correspondent" in fetch(client, "/authors/mrityunjoy-kumar-jha/").content


def test_a_new_section_appears_in_every_menu_at_once(client, newsroom):
    _, reader = newsroom
    warm(client, [reader.url, "/"])
    make_section("Science")
    for url in (reader.url, "/"):
        assert b'href="/science/"' in fetch(client, url).content


def test_a_cached_page_is_not_served_past_a_story_expiry(client, world, reporter, monkeypatch):
    expiring = make_story(world, title="Embargoed until noon", authors=[reporter])
    expiring.expire_at = timezone.now() + timedelta(minutes=5)
    expiring.save_revision().publish()
    warm(client, ["/world/"])

    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later.timestamp())
    assert b"Embargoed until noon" not in fetch(client, "/world/").content


def test_logged_in_editors_neither_read_nor_write_the_cache(client, admin_client, newsroom):
    _, reader = newsroom
    assert "X-Cache" not in fetch(admin_client, reader.url)
    assert fetch(client, reader.url)["X-Cache"] == "miss"
    assert fetch(client, reader.url)["X-Cache"] == "hit"
    assert "X-Cache" not in fetch(admin_client, reader.url)


def test_credentials_and_drafts_bypass_the_cache(client, newsroom):
    _, reader = newsroom
    url = f"/api/v2/pages/{reader.pk}/"
    fetch(client, url)
    assert fetch(client, url)["X-Cache"] == "hit"
    assert "X-Cache" not in client.get(url, HTTP_AUTHORIZATION="Bearer nonsense")
    assert "X-Cache" not in client.get("/search/?q=harbour")


def test_the_cache_can_be_switched_off(client, settings, newsroom):
    settings.NEWSDESK_RESPONSE_CACHE = False
    _, reader = newsroom
    fetch(client, reader.url)
    assert "X-Cache" not in fetch(client, reader.url)


def test_a_configured_cdn_is_purged_of_the_story_and_the_lists_it_is_on(
    settings, world, reporter, django_capture_on_commit_callbacks
):
    from unittest import mock

    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://cache.internal",
        }
    }
    with (
        mock.patch.object(HTTPBackend, "purge") as purged,
        django_capture_on_commit_callbacks(execute=True),
    ):
        story = make_story(world, title="Ceasefire agreed", authors=[reporter])
    urls = {call.args[0] for call in purged.call_args_list}
    assert {
        f"http://localhost{story.url}",
        "http://localhost/",
        "http://localhost/feed/",
        "http://localhost/world/",
    } <= urls


@pytest.mark.parametrize("api", ["/api/v2/pages/", "/api/v3/pages/"])
def test_api_searches_are_never_stored(client, api, newsroom):
    from django.core.cache import cache

    stored_before = len(cache._cache)  # local memory's own store: every entry it holds
    for word in ("harbour", "reader", "strike", "nothing-matches-this"):
        for _ in range(2):
            response = fetch(client, f"{api}?search={word}")
            assert "X-Cache" not in response
    assert len(cache._cache) == stored_before


def test_an_untyped_listing_forgets_an_unpublished_story_at_once(client, newsroom):
    old, _ = newsroom
    urls = ["/api/v2/pages/?limit=100", "/api/v3/pages/?child_of=" + str(old.get_parent().pk)]
    warm(client, urls)
    old.unpublish()
    for url in urls:
        assert b"Harbour reopens" not in fetch(client, url).content, url


def test_a_new_story_joins_untyped_listings_and_the_sitemap_at_once(client, world, newsroom):
    urls = ["/api/v2/pages/?limit=100", f"/api/v3/pages/?child_of={world.pk}", "/sitemap.xml"]
    warm(client, urls)
    story = make_story(world, title="Breaking: ceasefire agreed")
    for url in urls:
        assert story.slug.encode() in fetch(client, url).content, url


def test_a_page_built_while_its_story_is_unpublished_is_not_stored(client, newsroom):
    """Another editor unpublishes a story just after a reader's request has read it: that
    response is served, but must not be stored under the versions the unpublish left."""
    from contextvars import Context

    from django.db.models.signals import post_init

    from news.models import NewsArticle

    old, _ = newsroom
    unpublished = []

    def unpublish_meanwhile(sender, instance, **kwargs):
        if instance.pk == old.pk and not unpublished:
            unpublished.append(old)
            # A fresh context: another worker, not this request, makes the change.
            Context().run(NewsArticle.objects.get(pk=old.pk).unpublish)

    post_init.connect(unpublish_meanwhile, sender=NewsArticle)
    try:
        assert b"Harbour reopens" in fetch(client, "/world/").content
    finally:
        post_init.disconnect(unpublish_meanwhile, sender=NewsArticle)
    assert unpublished == [old]
    assert b"Harbour reopens" not in fetch(client, "/world/").content
