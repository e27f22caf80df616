"""Headless preview: a signed token opens one story's latest draft, for a limited time."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import RequestFactory

from news.api.preview import SALT, preview_token
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def preview(client, token):
    return client.get("/api/v2/preview/", {"token": token})


def test_the_admin_preview_opens_the_front_end_with_a_token(front_end, story, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user

    response = story.serve_preview(request, "")

    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == front_end
    assert parse_qs(url.query)["type"] == ["news.NewsArticle"]


def test_without_a_front_end_the_admin_previews_with_our_templates(settings, story, admin_user):
    settings.NEWSDESK_PREVIEW_URL = ""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    assert b"Draft headline" in story.serve_preview(request, "").render().content


def test_a_token_opens_the_draft_in_the_shape_of_a_published_story(client, story):
    draft = preview(client, preview_token(story))
    live = client.get(f"/api/v2/pages/{story.pk}/")

    assert draft.status_code == 200
    assert draft.json()["title"] == "Draft headline"
    assert live.json()["title"] == "Live headline"
    assert set(draft.json()) == set(live.json())
    assert draft["Cache-Control"] == "private, no-store"


def test_a_never_published_story_can_be_previewed(client, world):
    draft = make_story(world, title="Not yet out", publish=False)
    assert preview(client, preview_token(draft)).json()["title"] == "Not yet out"


def test_a_token_expires(client, story, settings):
    token = preview_token(story)
    settings.NEWSDESK_PREVIEW_TOKEN_SECONDS = -1
    response = preview(client, token)
    assert response.status_code == 403
    assert "expired" in response.json()["message"]


def test_a_token_opens_only_its_own_story(client, world, story):
    token = preview_token(story)
    story_id, _, rest = token.partition(":")
    other = make_story(world, title="Someone else's draft", publish=False)

    forged = preview(client, f"{other.pk}:{rest}")
    assert forged.status_code == 403
    assert "Someone else" not in forged.content.decode()
    assert preview(client, "").status_code == 403


def test_a_token_signed_for_something_else_is_refused(client, story):
    other_salt = signing.TimestampSigner(salt="not-" + SALT).sign(str(story.pk))
    assert preview(client, other_salt).status_code == 403
