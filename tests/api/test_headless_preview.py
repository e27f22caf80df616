"""wagtail-headless-preview's front ends preview stories unchanged.

The admin's Preview sends the editor to the front end with `?content_type=…&token=…`; the front
end fetches `/api/v2/page_preview/` (or `/api/v2/page_preview/<id>/`) with both, from its own
origin. The token follows `/api/v2/preview/`'s rules: signed, expiring, one story.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from news.api.preview import SALT, preview_token
from tests.api.conftest import closed_port
from tests.factories import make_story

pytestmark = pytest.mark.django_db

STORY_TYPE = "news.newsarticle"


def view_draft(client, user, story):
    """The editor's Preview of the story's latest draft, as the admin opens it."""
    client.force_login(user)
    return client.get(f"/admin/pages/{story.pk}/view_draft/")


def page_preview(client, query, story_id=None, **headers):
    url = "/api/v2/page_preview/" if story_id is None else f"/api/v2/page_preview/{story_id}/"
    return client.get(url, query, **headers)


def test_preview_sends_the_editor_to_the_front_end_with_content_type_and_token(
    client, ed, story, front_end
):
    response = view_draft(client, ed, story)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == front_end
    query = parse_qs(location.query)
    assert query["content_type"] == [STORY_TYPE]
    assert query["type"] == ["news.NewsArticle"]  # our own front ends' convention, kept

    # What the front end then asks for, both ways the protocol allows.
    given = {"content_type": STORY_TYPE, "token": query["token"][0], "format": "json"}
    by_query = page_preview(client, given)
    by_id = page_preview(client, given, story_id=story.pk)
    ours = client.get("/api/v2/preview/", {"token": query["token"][0]})
    for response in (by_query, by_id):
        assert response.status_code == 200, response.content
        assert response.json() == ours.json()
        assert response.json()["title"] == "Draft headline"
        assert response["Cache-Control"] == "private, no-store"


def test_a_never_published_story_can_be_previewed(client, world):
    draft = make_story(world, title="Not yet out", publish=False)
    query = {"content_type": STORY_TYPE, "token": preview_token(draft)}
    assert page_preview(client, query, story_id=draft.pk).json()["title"] == "Not yet out"


def test_the_token_alone_names_the_story_whatever_id_the_path_says(client, world, story):
    """Front ends for wagtail-headless-preview fetch `page_preview/1/` for every page: the id
    is a placeholder, so it can neither break their preview nor open another story."""
    other = make_story(world, title="Someone else's draft", publish=False)
    query = {"content_type": STORY_TYPE, "token": preview_token(story)}

    for story_id in (1, other.pk, 999999):
        response = page_preview(client, query, story_id=story_id)
        assert response.status_code == 200, story_id
        assert response.json()["id"] == story.pk
        assert "Someone else" not in response.content.decode()


def test_an_expired_token_is_refused(client, story, settings):
    query = {"content_type": STORY_TYPE, "token": preview_token(story)}
    settings.NEWSDESK_PREVIEW_TOKEN_SECONDS = -1
    for story_id in (None, story.pk):
        response = page_preview(client, query, story_id=story_id)
        assert response.status_code == 403
        assert "expired" in response.json()["message"]


@pytest.mark.parametrize("how", ["another story's id", "another salt", "garbage", "empty"])
def test_a_forged_token_is_refused(client, world, story, how):
    other = make_story(world, title="Someone else's draft", publish=False)
    _, _, signature = preview_token(story).partition(":")
    token = {
        "another story's id": f"{other.pk}:{signature}",
        "another salt": signing.TimestampSigner(salt="not-" + SALT).sign(str(other.pk)),
        "garbage": "not-a-token",
        "empty": "",
    }[how]
    for story_id in (None, other.pk):
        response = page_preview(client, {"content_type": STORY_TYPE, "token": token}, story_id)
        assert response.status_code == 403
        assert "Someone else" not in response.content.decode()


@pytest.mark.parametrize("content_type", ["news.categorypage", "wagtailcore.page", "news", None])
def test_a_content_type_other_than_the_story_type_is_a_400(client, story, content_type):
    query = {"token": preview_token(story)}
    if content_type is not None:
        query["content_type"] = content_type
    response = page_preview(client, query, story_id=story.pk)
    assert response.status_code == 400
    assert "content_type must be news.newsarticle" in response.json()["message"]
    assert "Draft headline" not in response.content.decode()


# CORS: the front end's origin fetches the draft from the browser.


def preflight(client, url, origin):
    return client.options(
        url,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


@pytest.mark.parametrize("path", ["/api/v2/page_preview/", "/api/v2/preview/"])
def test_the_preview_origin_passes_the_preflight_and_reads_the_draft(
    client, story, front_end, path
):
    origin = front_end.removesuffix("/preview")
    response = preflight(client, path, origin)
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == origin
    assert "GET" in response["Access-Control-Allow-Methods"]

    query = {"content_type": STORY_TYPE, "token": preview_token(story)}
    response = client.get(path, query, HTTP_ORIGIN=origin)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == origin
    assert "Origin" in response["Vary"]


def test_other_origins_and_other_endpoints_get_no_cors(client, story, front_end):
    origin = front_end.removesuffix("/preview")
    for path, asking in [
        ("/api/v2/page_preview/", "https://elsewhere.example"),
        ("/api/v2/page_preview/", origin.replace("127.0.0.1", "localhost")),
        ("/api/v2/pages/", origin),  # only the preview endpoints: the rest is configured apart
    ]:
        response = preflight(client, path, asking)
        assert "Access-Control-Allow-Origin" not in response, (path, asking)


# The admin says what is wrong when the front end cannot show the preview.


def test_a_front_end_that_is_not_running_is_named_in_the_preview(client, ed, story, settings):
    settings.NEWSDESK_PREVIEW_URL = f"http://127.0.0.1:{closed_port()}/preview"

    response = view_draft(client, ed, story)

    assert response.status_code == 502
    page = response.content.decode()
    assert "cannot be reached" in page
    assert settings.NEWSDESK_PREVIEW_URL in page
    assert "refused" in page.lower()


@pytest.mark.parametrize(
    "url", ["localhost:3000/preview", "ftp://localhost/preview", "http:///preview", "http://h:x/"]
)
def test_a_preview_url_that_is_no_web_address_is_named_in_the_preview_and_the_checks(
    client, ed, story, settings, url
):
    settings.NEWSDESK_PREVIEW_URL = url

    response = view_draft(client, ed, story)

    assert response.status_code == 503
    assert "NEWSDESK_PREVIEW_URL" in response.content.decode()
    with pytest.raises(SystemCheckError, match="newsdesk.E010"):
        call_command("check")


def test_a_working_preview_url_passes_the_checks(front_end):
    call_command("check")
