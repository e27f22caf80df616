"""Anonymous readers read the replica; editors, API clients with a token and a reader who just
wrote read the primary; a lagging replica never shows a story the primary has unpublished.

Against a real streaming replica (tests/replica/conftest.py); "read the replica" is seen in the
queries each database connection ran while the request was served.
"""

from contextlib import contextmanager

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from frontdoor.read_replica import WROTE_COOKIE
from home.models import NewsroomSettings
from news.models import NewsArticle
from tests.api.conftest import token_for
from tests.factories import hours, make_story

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", "replica"]
    ),
]

STORY_TABLE = NewsArticle._meta.db_table
LISTINGS = ["/", "/world/", "/feed/", "/api/v2/pages/?type=news.NewsArticle"]


@contextmanager
def queries():
    """The SQL each database ran meanwhile, as {"default": [...], "replica": [...]}."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        ran = {}
        yield ran
    ran["default"] = [query["sql"] for query in primary.captured_queries]
    ran["replica"] = [query["sql"] for query in replica.captured_queries]


def read_stories_on(ran, database):
    return any(STORY_TABLE in sql for sql in ran[database])


@pytest.fixture
def newsroom(world, reporter, replica):
    harbour = make_story(world, title="Harbour reopens", authors=[reporter], published_ago=hours(5))
    ferry = make_story(world, title="Ferry strike ends", authors=[reporter], published_ago=hours(4))
    # A site's settings are made by the first request that reads them, on the primary; here,
    # before the readers come, as on any site that has served a page.
    NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    replica.catch_up()
    return harbour, ferry


def test_an_anonymous_reader_reads_the_replica(client, newsroom):
    harbour, _ = newsroom
    for url in [harbour.url, *LISTINGS]:
        with queries() as ran:
            response = client.get(url)
        assert response.status_code == 200, url
        assert b"Harbour reopens" in response.content, url
        assert read_stories_on(ran, "replica"), url
        assert not read_stories_on(ran, "default"), url


def test_editors_and_token_holders_read_the_primary(client, newsroom, ed):
    harbour, _ = newsroom
    token = token_for(ed)
    with queries() as ran:
        response = client.get(f"/api/v3/pages/{harbour.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert read_stories_on(ran, "default")
    assert ran["replica"] == []

    client.force_login(ed)
    for url in [harbour.url, f"/admin/pages/{harbour.pk}/edit/"]:
        with queries() as ran:
            assert client.get(url).status_code == 200, url
        assert read_stories_on(ran, "default"), url
        assert ran["replica"] == [], url


def test_after_a_write_of_their_own_a_reader_reads_the_primary_for_a_while(
    client, newsroom, settings
):
    harbour, _ = newsroom
    settings.NEWSDESK_RESPONSE_CACHE = False
    # Logging out is a write (a POST): their next pages must not come from a replica that has
    # not yet replayed what they did just before.
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    cookie = response.cookies[WROTE_COOKIE]
    assert cookie["max-age"] == settings.NEWSDESK_READ_PRIMARY_SECONDS
    assert cookie["httponly"]
    with queries() as ran:
        assert client.get(harbour.url).status_code == 200
    assert read_stories_on(ran, "default")
    assert ran["replica"] == []

    del client.cookies[WROTE_COOKIE]  # what the browser does once max-age has passed
    with queries() as ran:
        assert client.get(harbour.url).status_code == 200
    assert read_stories_on(ran, "replica")


@pytest.mark.parametrize("response_cache", [True, False], ids=["cached", "uncached"])
def test_a_story_unpublished_while_the_replica_lags_is_never_shown(
    client, newsroom, replica, ed, settings, response_cache
):
    harbour, ferry = newsroom
    settings.NEWSDESK_RESPONSE_CACHE = response_cache
    for url in [harbour.url, f"/api/v2/pages/{harbour.pk}/", *LISTINGS]:
        assert b"Harbour reopens" in client.get(url).content  # cached, where the cache is on

    editor = client.__class__()
    editor.force_login(ed)
    with replica.lagging():
        response = editor.post(f"/admin/pages/{harbour.pk}/unpublish/", {})
        assert response.status_code == 302
        # The replica really is behind: it still has the story live.
        assert NewsArticle.objects.using("replica").get(pk=harbour.pk).live
        assert not NewsArticle.objects.get(pk=harbour.pk).live

        with queries() as ran:
            assert client.get(harbour.url).status_code == 404
        assert read_stories_on(ran, "replica")  # it was asked, and found behind
        assert client.get(f"/api/v2/pages/{harbour.pk}/").status_code == 404
        for url in LISTINGS:
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"Harbour reopens" not in response.content, url
            assert b"Ferry strike ends" in response.content, url
        assert b"Ferry strike ends" in client.get(ferry.url).content


@pytest.mark.parametrize("response_cache", [True, False], ids=["cached", "uncached"])
def test_an_edit_published_while_the_replica_lags_is_shown_at_once_and_kept(
    client, newsroom, replica, settings, response_cache
):
    harbour, _ = newsroom
    settings.NEWSDESK_RESPONSE_CACHE = response_cache
    urls = [harbour.url, f"/api/v2/pages/{harbour.pk}/", *LISTINGS]
    for url in urls:  # each stores what it can: whole responses, the story's JSON
        assert b"Harbour reopens" in client.get(url).content, url

    with replica.lagging():
        story = NewsArticle.objects.get(pk=harbour.pk)
        story.title = "Harbour closed by storm"
        story.save_revision().publish()
        assert NewsArticle.objects.using("replica").get(pk=harbour.pk).title == "Harbour reopens"
        for url in urls:
            content = client.get(url).content
            assert b"Harbour closed by storm" in content, url
            assert b"Harbour reopens" not in content, url

    # What the lagging replica's attempts stored on the way is never served as current.
    replica.catch_up()
    for url in urls:
        content = client.get(url).content
        assert b"Harbour closed by storm" in content, url
        assert b"Harbour reopens" not in content, url


def test_a_replica_that_does_not_answer_means_the_primary(client, newsroom, settings):
    harbour, _ = newsroom
    settings.NEWSDESK_RESPONSE_CACHE = False
    replica = connections["replica"]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = 1  # nothing listens there
    try:
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get(harbour.url)
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port
    assert response.status_code == 200
    assert b"Harbour reopens" in response.content
    assert any(STORY_TABLE in query["sql"] for query in primary.captured_queries)


def test_the_health_check_reads_neither_database(client, replica):
    with queries() as ran:
        response = client.get("/healthz")
    assert response.status_code == 200
    # Nothing was read from the replica, so there are no tag versions to compare (the
    # replica's transaction, opened for whatever a view reads, stays empty).
    assert ran["default"] == []
    assert [sql for sql in ran["replica"] if sql not in ("BEGIN", "COMMIT")] == []
