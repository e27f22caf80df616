"""My byline: a new story starts under its writer's own author profile; a draft never needs a
byline (autosave is never blocked), but no path submits or publishes a story without one."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from news.models import NewsArticle
from news.story_form import BYLINE_REQUIRED
from people.models import Author
from tests import factories
from tests.api.conftest import bearer, make_newsroom_user, token_for
from tests.desk.conftest import add_story_url, edit_url, story_form

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def without_byline(form):
    form = {key: value for key, value in form.items() if not key.startswith("story_authors-")}
    return form | {
        "story_authors-TOTAL_FORMS": "0",
        "story_authors-INITIAL_FORMS": "0",
        "story_authors-MIN_NUM_FORMS": "0",
        "story_authors-MAX_NUM_FORMS": "1000",
    }


def page_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def byline_less_draft(section, title="Floods in the delta", **fields):
    story = factories.make_story(section, title=title, publish=False, **fields)
    draft = story.get_latest_revision_as_object()
    draft.story_authors.set([])
    draft.save_revision()
    return NewsArticle.objects.get(pk=story.pk)


def test_a_new_story_starts_under_the_writers_own_byline(client, world, rita):
    own = factories.make_author("Rita Reporter", user=rita)
    client.force_login(rita)
    page = BeautifulSoup(client.get(add_story_url(world)).content, "html.parser")
    assert page.select_one("[name=story_authors-TOTAL_FORMS]")["value"] == "1"
    assert page.select_one("[name=story_authors-0-author]")["value"] == str(own.pk)
    assert "Create my byline" not in page.get_text()
    assert page.select_one("label[for=id_title]").get_text(strip=True).startswith("Headline")


def test_a_reporter_without_a_byline_gets_one_in_one_click(client, world, rita):
    client.force_login(rita)
    assert "Create my byline" in page_text(client.get(add_story_url(world)))

    made = client.post(f"/admin/my-byline/?next={add_story_url(world)}")
    assert made.status_code == 302 and made["Location"] == add_story_url(world)
    own = Author.objects.get(user=rita)
    assert (own.name, own.live) == ("Rita Reporter", False)  # a draft, for an editor to publish
    page = BeautifulSoup(client.get(add_story_url(world)).content, "html.parser")
    assert page.select_one("[name=story_authors-0-author]")["value"] == str(own.pk)

    # A second click makes no second profile, and the way back never leaves the site.
    again = client.post("/admin/my-byline/?next=https://evil.example/")
    assert again["Location"] == "/admin/"
    assert Author.objects.filter(user=rita).count() == 1
    assert client.get("/admin/my-byline/").status_code == 405


def test_a_draft_saves_without_a_byline_so_autosave_never_fails(client, world, rita, byline):
    client.force_login(rita)
    created = client.post(add_story_url(world), without_byline(story_form(byline)))
    assert created.status_code == 302, page_text(created)[:2000]
    story = NewsArticle.objects.get()
    assert not story.live and not story.story_authors.exists()

    edited = client.post(edit_url(story), without_byline(story_form(byline, title="Floods")))
    assert edited.status_code == 302, page_text(edited)[:2000]


def test_submitting_without_a_byline_is_refused_saying_why(client, world, rita, byline):
    client.force_login(rita)
    form = without_byline(story_form(byline)) | {"action-submit": "action-submit"}
    response = client.post(add_story_url(world), form)
    assert response.status_code == 200
    assert BYLINE_REQUIRED in page_text(response)
    assert not NewsArticle.objects.exists()

    story = byline_less_draft(world, owner=rita)
    form = without_byline(story_form(byline, story=story)) | {"action-submit": "action-submit"}
    response = client.post(edit_url(story), form)
    assert response.status_code == 200
    assert BYLINE_REQUIRED in page_text(response)
    assert NewsArticle.objects.get().current_workflow_state is None


def test_publishing_without_a_byline_is_refused_saying_why(client, world, ed, byline):
    client.force_login(ed)
    form = without_byline(story_form(byline)) | {"action-publish": "action-publish"}
    response = client.post(add_story_url(world), form)
    assert response.status_code == 200
    assert BYLINE_REQUIRED in page_text(response)
    assert not NewsArticle.objects.exists()

    # Removing the byline in the same publish is refused too.
    story = factories.make_story(world, title="Floods in the delta", publish=False)
    form = story_form(byline, story=story) | {
        "story_authors-0-DELETE": "1",
        "action-publish": "action-publish",
    }
    response = client.post(edit_url(story), form)
    assert BYLINE_REQUIRED in page_text(response)
    assert not NewsArticle.objects.get().live


def test_publishing_by_any_other_path_is_refused(world):
    # Scheduled publishing, scripts: whatever publishes a revision meets the same rule.
    story = byline_less_draft(world)
    with pytest.raises(ValidationError, match="Add a byline"):
        story.get_latest_revision().publish()
    assert not NewsArticle.objects.get(pk=story.pk).live


def test_api_v3_publishes_no_story_without_a_byline(client, world, django_user_model):
    editor = make_newsroom_user(django_user_model, "eddie", "add", "change", "publish")
    token = bearer(token_for(editor))
    story = byline_less_draft(world)
    etag = {"HTTP_IF_MATCH": client.get(f"{PAGES}{story.pk}/?version=draft", **token)["ETag"]}

    refused = client.post(f"{PAGES}{story.pk}/actions/publish/", **etag, **token)
    assert refused.status_code == 422, refused.content
    assert BYLINE_REQUIRED in refused.content.decode()
    assert not NewsArticle.objects.get(pk=story.pk).live

    straight_to_print = {
        "meta": {"type": "news.NewsArticle", "parent_id": world.pk, "action": "publish"},
        "title": "Straight to print",
        "body": [{"type": "lede", "value": "<p>It happened this morning.</p>"}],
    }
    created = client.post(PAGES, straight_to_print, content_type="application/json", **token)
    assert created.status_code == 422, created.content
    assert not NewsArticle.objects.filter(title="Straight to print").exists()

    # With a byline of their own, what they file through the API carries it.
    own = factories.make_author("Eddie Editor", user=editor)
    created = client.post(PAGES, straight_to_print, content_type="application/json", **token)
    assert created.status_code == 201, created.content
    story = NewsArticle.objects.get(pk=created.json()["id"])
    assert story.live and [link.author for link in story.story_authors.all()] == [own]


def test_the_review_api_sends_no_story_without_a_byline(client, world, django_user_model, ed):
    reporter = make_newsroom_user(django_user_model, "ria", "add", "change", page=world)
    story = byline_less_draft(world)
    submit = client.post(
        f"/api/v3/stories/{story.pk}/review/submit/", **bearer(token_for(reporter))
    )
    assert submit.status_code == 422, submit.content
    assert BYLINE_REQUIRED in submit.content.decode()
    assert NewsArticle.objects.get(pk=story.pk).current_workflow_state is None

    # Submitted with a byline, then the byline removed in review: approving is refused.
    with_byline = factories.make_story(world, title="Harbour reopens", publish=False)
    with_byline.get_workflow().start(with_byline, reporter)
    draft = with_byline.get_latest_revision_as_object()
    draft.story_authors.set([])
    draft.save_revision()
    approve = client.post(
        f"/api/v3/stories/{with_byline.pk}/review/approve/",
        {},
        content_type="application/json",
        **bearer(token_for(ed)),
    )
    assert approve.status_code == 422, approve.content
    assert not NewsArticle.objects.get(pk=with_byline.pk).live
