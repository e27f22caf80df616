"""API v3 writes name the version they were made from (If-Match): a stale edit is refused, not lost.

One request at a time here; tests/api/test_concurrent_writes.py races real writers.
"""

import pytest
from django.test import Client

from news.models import NewsArticle
from tests.api.conftest import bearer, token_for
from tests.api.test_v3_writes import PAGES, if_match, read_etag
from tests.factories import make_story
from tests.news.test_corrections import edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world):
    return make_story(world, title="Council approves the budget", publish=False)


@pytest.fixture
def editor(editor_user):
    return bearer(token_for(editor_user))


def patch(client, story, data, token, **headers):
    return client.patch(
        f"{PAGES}{story.pk}/", data, content_type="application/json", **token, **headers
    )


def saved_title(story):
    return NewsArticle.objects.get(pk=story.pk).get_latest_revision_as_object().title


def test_every_page_a_token_holder_gets_carries_its_etag(client, world, story, editor):
    live = client.get(f"{PAGES}{story.pk}/", **editor)
    draft = client.get(f"{PAGES}{story.pk}/?version=draft", **editor)
    assert live.status_code == 200
    # One version of the story, however it is shown.
    assert live["ETag"] == draft["ETag"]

    edited = patch(client, story, {"title": "Council passes the budget"}, editor, **if_match(live))
    assert edited.status_code == 200
    assert edited["ETag"] != live["ETag"]
    assert client.get(f"{PAGES}{story.pk}/", **editor)["ETag"] == edited["ETag"]

    published = client.post(f"{PAGES}{story.pk}/actions/publish/", **editor)
    assert published.status_code == 200
    # Publishing makes no new revision, yet it is a new version of the story.
    assert published["ETag"] != edited["ETag"]

    filed = client.post(
        PAGES,
        {"meta": {"type": "news.NewsArticle", "parent_id": world.pk}, "title": "Late budget vote"},
        content_type="application/json",
        **editor,
    )
    assert filed.status_code == 201
    assert (
        filed["ETag"]
        == read_etag(client, NewsArticle.objects.get(pk=filed.json()["id"]), editor)[
            "HTTP_IF_MATCH"
        ]
    )


def test_an_edit_without_if_match_is_refused_with_428(client, story, editor):
    revisions = story.revisions.count()
    response = patch(client, story, {"title": "Blind overwrite"}, editor)
    assert response.status_code == 428
    assert response["Content-Type"] == "application/problem+json"
    assert "If-Match" in response.json()["detail"]
    assert story.revisions.count() == revisions
    assert saved_title(story) == "Council approves the budget"


def test_an_edit_from_a_stale_version_is_refused_with_412_and_saves_nothing(client, story, editor):
    first_read = read_etag(client, story, editor)
    assert (
        patch(client, story, {"title": "Desk A's headline"}, editor, **first_read).status_code
        == 200
    )
    revisions = story.revisions.count()

    stale = patch(client, story, {"title": "Desk B's headline"}, editor, **first_read)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert "changed since the version you edited" in stale.json()["detail"]
    # The current version comes back, to fetch and re-apply against.
    assert stale["ETag"] == read_etag(client, story, editor)["HTTP_IF_MATCH"]
    assert story.revisions.count() == revisions
    assert saved_title(story) == "Desk A's headline"


@pytest.mark.parametrize(
    ("sent", "status"),
    [
        (lambda etag: f"W/{etag}", 412),  # a weak validator never matches a write
        (lambda etag: f'"not-this-one", {etag}', 200),  # any of several may match
        (lambda etag: "*", 200),  # "whatever version exists"
        (lambda etag: '"not-this-one"', 412),
    ],
)
def test_if_match_is_compared_strongly(client, story, editor, sent, status):
    current = read_etag(client, story, editor)["HTTP_IF_MATCH"]
    response = patch(client, story, {"title": "Checked"}, editor, HTTP_IF_MATCH=sent(current))
    assert response.status_code == status


def test_a_publish_that_changes_the_version_makes_older_edits_stale(client, story, editor):
    before = read_etag(client, story, editor)
    assert client.post(f"{PAGES}{story.pk}/actions/publish/", **editor).status_code == 200
    assert patch(client, story, {"title": "From before"}, editor, **before).status_code == 412


def test_a_save_in_the_admin_makes_a_tools_version_stale(client, story, editor, editor_user):
    before = read_etag(client, story, editor)
    newsroom = Client()
    newsroom.force_login(editor_user)
    saved = newsroom.post(f"/admin/pages/{story.pk}/edit/", edit_form(story, [], "action-save"))
    assert saved.status_code == 302

    assert patch(client, story, {"title": "From before"}, editor, **before).status_code == 412
    assert saved_title(story) == "Council approves the budget"
    assert story.revisions.count() == 2


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "actions/publish/"), ("delete", ""), ("post", "actions/unpublish/")],
)
def test_actions_and_deletes_check_if_match_when_sent(client, world, editor, method, path):
    story = make_story(world, title="Already out")  # live, so every action applies
    stale = read_etag(client, story, editor)
    assert patch(client, story, {"title": "Corrected"}, editor, **stale).status_code == 200

    response = getattr(client, method)(
        f"{PAGES}{story.pk}/{path}", {}, content_type="application/json", **stale, **editor
    )
    assert response.status_code == 412
    # Undone entirely: still there, still live, the correction still a draft.
    kept = NewsArticle.objects.get(pk=story.pk)
    assert kept.live and kept.title == "Already out" and kept.has_unpublished_changes


def test_a_precondition_is_weighed_only_for_someone_allowed_to_write(client, story, outsider_user):
    # A stranger's stale If-Match tells them nothing about the story: the grant comes first.
    response = patch(
        client, story, {"title": "Sneaky"}, bearer(token_for(outsider_user)), HTTP_IF_MATCH='"x"'
    )
    assert response.status_code == 403


def test_the_openapi_schema_documents_if_match(client):
    schema = client.get("/api/v3/openapi.json").json()
    update = schema["paths"]["/api/v3/pages/{page_id}/"]["patch"]
    (if_match_header,) = [p for p in update["parameters"] if p["name"] == "If-Match"]
    assert (if_match_header["in"], if_match_header["required"]) == ("header", True)
    assert {"412", "428"} <= set(update["responses"])
    publish = schema["paths"]["/api/v3/pages/{page_id}/actions/publish/"]["post"]
    assert [p["required"] for p in publish["parameters"] if p["name"] == "If-Match"] == [False]
    assert "412" in publish["responses"] and "428" not in publish["responses"]
