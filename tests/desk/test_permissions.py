"""Who may do what to a story, tried through the admin's own pages as each person would.

Each action reports whether it took effect in the database, not merely what status code came
back: a refused publish that silently saved a draft still published nothing.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from news.models import CategoryPage, NewsArticle
from tests.desk.conftest import add_story_url, edit_url, story_form, workflow_action_url
from tests.factories import home_page, make_story

pytestmark = pytest.mark.django_db


def story_by(user, section, **fields):
    return make_story(section, owner=user, **fields)


def in_review(section, reporter):
    story = story_by(reporter, section, publish=False)
    story.get_workflow().start(story, reporter)
    return story


def create(client, user, world, byline, raj):
    client.post(add_story_url(world), story_form(byline, title="A new story"))
    return NewsArticle.objects.filter(slug="a-new-story", owner=user).exists()


def create_a_section(client, user, world, byline, raj):
    form = {"title": "Sport", "slug": "sport", "intro": "", "comments-TOTAL_FORMS": "0"}
    form |= {"comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}
    client.post(f"/admin/pages/add/news/categorypage/{home_page().pk}/", form)
    return CategoryPage.objects.filter(slug="sport").exists()


def edit(story, client, byline):
    client.post(edit_url(story), story_form(byline, story, title="Rewritten headline"))
    return NewsArticle.objects.get(pk=story.pk).draft_title == "Rewritten headline"


def edit_own(client, user, world, byline, raj):
    return edit(story_by(user, world, publish=False), client, byline)


def edit_anothers(client, user, world, byline, raj):
    return edit(story_by(raj, world, publish=False), client, byline)


def submit(client, user, world, byline, raj):
    story = story_by(user, world, publish=False)
    client.post(edit_url(story), story_form(byline, story, **{"action-submit": "Submit"}))
    return NewsArticle.objects.get(pk=story.pk).workflow_in_progress


def approve(client, user, world, byline, raj):
    story = in_review(world, raj)
    client.post(workflow_action_url(story, "approve"), {"comment": ""})
    return NewsArticle.objects.get(pk=story.pk).live


def request_changes(client, user, world, byline, raj):
    story = in_review(world, raj)
    client.post(workflow_action_url(story, "reject"), {"comment": "Needs a second source."})
    state = NewsArticle.objects.get(pk=story.pk).current_workflow_state
    return state.status == state.STATUS_NEEDS_CHANGES


def publish(client, user, world, byline, raj):
    story = story_by(user, world, publish=False)
    client.post(edit_url(story), story_form(byline, story, **{"action-publish": "Publish"}))
    return NewsArticle.objects.get(pk=story.pk).live


def schedule(client, user, world, byline, raj):
    story = story_by(user, world, publish=False)
    go_live_at = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    form = story_form(byline, story, go_live_at=go_live_at, **{"action-publish": "Publish"})
    client.post(edit_url(story), form)
    return NewsArticle.objects.get(pk=story.pk).scheduled_revision is not None


def unpublish(client, user, world, byline, raj):
    story = story_by(user, world)
    client.post(f"/admin/pages/{story.pk}/unpublish/", {})
    return not NewsArticle.objects.get(pk=story.pk).live


def delete(client, user, world, byline, raj):
    story = story_by(user, world)
    client.post(f"/admin/pages/{story.pk}/delete/", {})
    return not Page.objects.filter(pk=story.pk).exists()


ROLES = ["rita", "ed", "ada"]  # reporter, editor, administrator
MATRIX = {
    #                      reporter editor administrator
    create: (True, True, True),
    edit_own: (True, True, True),
    edit_anothers: (False, True, True),
    submit: (True, True, True),
    approve: (False, True, True),
    request_changes: (False, True, True),
    publish: (False, True, True),
    schedule: (False, True, True),
    unpublish: (False, True, True),
    delete: (False, True, True),
    create_a_section: (False, True, True),
}


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        pytest.param(role, action, allowed, id=f"{role}-{action.__name__}")
        for action, row in MATRIX.items()
        for role, allowed in zip(ROLES, row, strict=True)
    ],
)
def test_permission_matrix(request, client, world, byline, raj, role, action, allowed):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert action(client, user, world, byline, raj) is allowed


def test_a_reporter_may_delete_a_draft_of_their_own(client, world, rita):
    story = story_by(rita, world, publish=False)
    client.force_login(rita)
    client.post(f"/admin/pages/{story.pk}/delete/", {})
    assert not Page.objects.filter(pk=story.pk).exists()
