"""A stored response is served before the rest of the middleware does any work, and is the same
response the whole stack gave: security headers, the API's validators, CORS for its origin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_story

pytestmark = pytest.mark.django_db

FRONT_END = "https://www.newsdesk.example"
OTHER_FRONT_END = "https://app.newsdesk.example"


@pytest.fixture(autouse=True)
def front_ends(settings):
    settings.NEWSDESK_API_CORS_ORIGINS = [FRONT_END, OTHER_FRONT_END]


@pytest.fixture
def story(world):
    return make_story(world, title="Harbour reopens")


SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
]


def test_a_hit_carries_every_header_the_whole_stack_gave(client, story):
    miss = client.get(story.url)
    hit = client.get(story.url)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    for name in SECURITY_HEADERS:
        assert hit[name] == miss[name], name
    assert hit.content == miss.content


def test_a_hit_costs_one_query_and_never_reaches_the_session_or_the_site(client, story):
    client.get(story.url)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(story.url)
    assert hit["X-Cache"] == "hit"
    # Only the tag versions: no site look-up, no session, no page routing.
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "caching_tagversion" in queries[0]["sql"]
    assert not hasattr(hit.wsgi_request, "_wagtail_site")
    assert not hasattr(hit.wsgi_request, "session")


def test_an_api_response_is_stored_per_origin(client, story):
    url = f"/api/v2/pages/{story.pk}/"
    for origin in (FRONT_END, OTHER_FRONT_END):
        client.get(url, HTTP_ORIGIN=origin)
        hit = client.get(url, HTTP_ORIGIN=origin)
        assert hit["X-Cache"] == "hit"
        assert hit["Access-Control-Allow-Origin"] == origin
    # A server-side front end (no Origin) never gets a browser's CORS grant.
    client.get(url)
    hit = client.get(url)
    assert hit["X-Cache"] == "hit" and "Access-Control-Allow-Origin" not in hit
    # Nor does a disallowed origin get an allowed one's.
    client.get(url, HTTP_ORIGIN="https://evil.example")
    hit = client.get(url, HTTP_ORIGIN="https://evil.example")
    assert hit["X-Cache"] == "hit" and "Access-Control-Allow-Origin" not in hit


def test_a_conditional_request_is_answered_304_from_the_stored_response(client, story):
    url = f"/api/v2/pages/{story.pk}/"
    client.get(url, HTTP_ORIGIN=FRONT_END)
    hit = client.get(url, HTTP_ORIGIN=FRONT_END)
    assert hit["X-Cache"] == "hit"
    not_modified = client.get(url, HTTP_ORIGIN=FRONT_END, HTTP_IF_NONE_MATCH=hit["ETag"])
    assert not_modified.status_code == 304 and not_modified["X-Cache"] == "hit"
    assert not_modified["Access-Control-Allow-Origin"] == FRONT_END
    # A stale validator gets the whole response.
    changed = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200 and changed.content == hit.content


def test_an_unpublished_story_is_not_served_from_the_front(client, story):
    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "hit"
    story.unpublish()
    assert client.get(story.url).status_code == 404


def test_static_files_are_not_looked_up(client, settings):
    assert "X-Cache" not in client.get(f"{settings.STATIC_URL}css/newsdesk.css")
