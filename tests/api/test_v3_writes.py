"""API v3 with a token does exactly what the admin lets that user do: no more, no less."""

import pytest
from django.test import Client

from news.models import NewsArticle
from tests.api.conftest import bearer, make_newsroom_user, token_for
from tests.factories import lede, make_section, make_story

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def if_match(response):
    """The header that makes a write from this response's version of the page."""
    return {"HTTP_IF_MATCH": response["ETag"]}


def read_etag(client, page, token):
    """A page's ETag as a token holder who may read it gets it."""
    return if_match(client.get(f"{PAGES}{page.pk}/?version=draft", **token))


def new_story(section, title="Filed from the field"):
    return {
        "meta": {"type": "news.NewsArticle", "parent_id": section.pk},
        "title": title,
        "summary": "Short and plain.",
        "body": [{"type": "lede", "value": "<p>It happened this morning.</p>"}],
    }


def test_a_reporter_files_a_draft_and_updates_it_but_cannot_publish(client, world, reporter_user):
    token = bearer(token_for(reporter_user))

    created = client.post(PAGES, new_story(world), content_type="application/json", **token)
    assert created.status_code == 201, created.content
    story = NewsArticle.objects.get(pk=created.json()["id"])
    assert not story.live
    assert created.json()["body"][0] == {
        "type": "lede",
        "value": "<p>It happened this morning.</p>",
        "id": story.body[0].id,
    }

    edit = {"title": "Filed, and rewritten"}
    updated = client.patch(
        f"{PAGES}{story.pk}/", edit, content_type="application/json", **if_match(created), **token
    )
    assert updated.status_code == 200, updated.content
    story.refresh_from_db()
    assert story.get_latest_revision_as_object().title == "Filed, and rewritten"

    publish = {"meta": {"action": "publish"}, "title": "Published by a reporter?"}
    sneaky = client.patch(
        f"{PAGES}{story.pk}/",
        publish,
        content_type="application/json",
        **if_match(updated),
        **token,
    )
    assert sneaky.status_code == 403
    action = client.post(f"{PAGES}{story.pk}/actions/publish/", **if_match(updated), **token)
    assert action.status_code == 403
    creating_live = {
        **new_story(world, "Straight to print"),
        "meta": {"type": "news.NewsArticle", "parent_id": world.pk, "action": "publish"},
    }
    assert (
        client.post(PAGES, creating_live, content_type="application/json", **token).status_code
        == 403
    )
    assert not NewsArticle.objects.filter(live=True).exists()


def test_an_editor_may_publish(client, world, editor_user):
    story = make_story(world, title="Ready to go", publish=False)
    response = client.post(f"{PAGES}{story.pk}/actions/publish/", **bearer(token_for(editor_user)))
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.live


def test_permissions_are_checked_on_the_story_not_only_the_model(
    client, world, django_user_model, editor_user
):
    business = make_section("Business")
    world_reporter = make_newsroom_user(
        django_user_model, "world-desk", "add", "change", page=world
    )
    other_desk = make_story(business, title="Business desk story", publish=False)
    token = bearer(token_for(world_reporter))
    current = read_etag(client, other_desk, bearer(token_for(editor_user)))

    edit = {"title": "Edited by another desk"}
    response = client.patch(
        f"{PAGES}{other_desk.pk}/", edit, content_type="application/json", **current, **token
    )
    assert response.status_code == 403
    response = client.post(PAGES, new_story(business), content_type="application/json", **token)
    assert response.status_code == 403
    assert client.get(f"{PAGES}{other_desk.pk}/?version=draft", **token).status_code == 404
    assert NewsArticle.objects.get(pk=other_desk.pk).get_latest_revision_as_object().title == (
        "Business desk story"
    )


def test_a_draft_is_served_only_to_someone_who_may_edit_the_story(
    client, world, reporter_user, outsider_user
):
    story = make_story(world, title="Published headline", body=[lede()])
    story.title = "Draft headline"
    story.save_revision()
    url = f"{PAGES}{story.pk}/?version=draft"

    assert client.get(url).json()["title"] == "Published headline"
    assert client.get(url, **bearer(token_for(outsider_user))).status_code == 404
    assert client.get(url, **bearer(token_for(reporter_user))).json()["title"] == "Draft headline"


def copy_to(story, elsewhere):
    return {"destination_id": elsewhere.pk}


def move_to(story, elsewhere):
    return {"destination_id": elsewhere.pk, "position": "last-child"}


def no_body(story, elsewhere):
    return {}


# Each write as a newsroom tool would send it, valid in every way: only the grant is missing.
# (method, path, body, the status it gets with a grant)
WRITES = {
    "create": ("post", "", lambda story, elsewhere: new_story(story.get_parent()), 201),
    "edit": ("patch", "{pk}/", lambda story, elsewhere: {"title": "Rewritten"}, 200),
    "publish": ("post", "{pk}/actions/publish/", no_body, 200),
    "unpublish": ("post", "{pk}/actions/unpublish/", no_body, 200),
    "delete": ("delete", "{pk}/", no_body, 204),
    "copy": ("post", "{pk}/actions/copy/", copy_to, 201),
    "move": ("post", "{pk}/actions/move/", move_to, 200),
}


@pytest.mark.parametrize("write", WRITES)
def test_writes_need_a_token_and_a_grant(client, world, outsider_user, editor_user, write):
    method, path, body, granted = WRITES[write]
    story = make_story(world, title="Untouchable")
    elsewhere = make_section("Business")
    url = PAGES + path.format(pk=story.pk)
    call = getattr(client, method)
    request = {
        "data": body(story, elsewhere),
        "content_type": "application/json",
        **read_etag(client, story, bearer(token_for(editor_user))),
    }
    assert call(url, **request).status_code == 401
    assert call(url, **request, **bearer(token_for(outsider_user))).status_code == 403
    story.refresh_from_db()
    assert story.live and story.title == "Untouchable"
    assert story.get_parent().pk == world.pk
    assert NewsArticle.objects.count() == 1
    # The same request with a grant goes through: nothing else in it was wrong.
    assert call(url, **request, **bearer(token_for(editor_user))).status_code == granted


def test_a_reporter_moves_stories_only_where_they_may_file(
    client, world, django_user_model, editor_user
):
    business = make_section("Business")
    world_reporter = make_newsroom_user(
        django_user_model, "world-desk", "add", "change", page=world
    )
    story = make_story(world, title="Filed to World", publish=False)
    token = bearer(token_for(world_reporter))
    url = f"{PAGES}{story.pk}/actions/move/"

    to_business = {"destination_id": business.pk, "position": "last-child"}
    refused = client.post(url, to_business, content_type="application/json", **token)
    assert refused.status_code == 403
    assert story.get_parent().pk == world.pk
    # The editor, with a grant on the whole newsroom, may.
    moved = client.post(
        url, to_business, content_type="application/json", **bearer(token_for(editor_user))
    )
    assert moved.status_code == 200
    assert NewsArticle.objects.get(pk=story.pk).get_parent().pk == business.pk


def test_a_token_edit_needs_no_csrf_cookie(world, reporter_user):
    # A front end or tool sends its token, not a browser's cookies: Django's CSRF check, which
    # the test client skips unless asked, must not stand in its way.
    client = Client(enforce_csrf_checks=True)
    token = bearer(token_for(reporter_user))
    created = client.post(PAGES, new_story(world), content_type="application/json", **token)
    assert created.status_code == 201, created.content
    story_id = created.json()["id"]

    edit = {"title": "Filed, and rewritten"}
    updated = client.patch(
        f"{PAGES}{story_id}/", edit, content_type="application/json", **if_match(created), **token
    )
    assert updated.status_code == 200, updated.content
