"""CORS for our front ends, cache validators on public responses, errors as JSON."""

import pytest

from tests.api.conftest import bearer, token_for
from tests.factories import make_story

pytestmark = pytest.mark.django_db

FRONT_END = "https://www.newsdesk.example"


@pytest.fixture(autouse=True)
def front_end_origin(settings):
    settings.NEWSDESK_API_CORS_ORIGINS = [FRONT_END]


@pytest.fixture
def story(world):
    return make_story(world, title="Cached story")


def test_a_configured_front_end_may_call_the_api_from_a_browser(client, story):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=FRONT_END)
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert "Origin" in response["Vary"]


def test_preflight_allows_the_token_and_if_match_headers(client):
    response = client.options(
        "/api/v3/pages/",
        HTTP_ORIGIN=FRONT_END,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-match",
    )
    assert response.status_code == 204
    assert "Authorization" in response["Access-Control-Allow-Headers"]
    # A browser front end could not send the version it edited without it (docs/api.md).
    assert "If-Match" in response["Access-Control-Allow-Headers"]
    assert "PATCH" in response["Access-Control-Allow-Methods"]


def test_other_origins_get_no_cors_headers(client, story):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_the_html_site_is_left_alone(client, story):
    response = client.get(story.url, HTTP_ORIGIN=FRONT_END)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("endpoint", ["/api/v2/pages/{pk}/", "/api/v3/pages/{pk}/"])
def test_public_responses_carry_validators_and_answer_304(client, story, endpoint):
    url = endpoint.format(pk=story.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

    story.title = "Cached story, updated"
    story.save_revision().publish()
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_a_story_says_when_it_last_changed(client, story):
    response = client.get(f"/api/v2/pages/{story.pk}/")
    last_modified = response["Last-Modified"]
    assert last_modified.endswith("GMT")
    assert (
        client.get(f"/api/v2/pages/{story.pk}/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code
        == 304
    )


def test_token_responses_are_never_stored_by_shared_caches(client, story, editor_user):
    url = f"/api/v3/pages/{story.pk}/?version=draft"
    token = bearer(token_for(editor_user))
    response = client.get(url, **token)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Its ETag names the story's version, for If-Match on writes (docs/api.md); it validates
    # nothing a cache could keep: asked again with it, the draft is served in full.
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], **token).status_code == 200


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v2/nowhere/", 404),
        ("/api/v2/pages/999999/", 404),
        ("/api/v2/pages/?limit=x", 400),
        ("/api/v3/images/?offset=434297156701501259776", 400),
        ("/api/v3/pages/find/?html_path=/world%00/", 400),
        ("/api/v2/pages/find/?html_path=/world%00/", 400),
    ],
)
def test_errors_are_json_with_a_message(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]
