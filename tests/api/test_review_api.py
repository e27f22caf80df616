"""The review desk over API v3: the admin's rules exactly, and the admin's audit trail."""

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from news.models import NewsArticle
from tests.api.conftest import bearer, make_newsroom_user, token_for
from tests.factories import make_story
from tests.webhook_receivers import receiving
from webhooks.models import Webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world, django_user_model):
    """A review workflow on the World section, set up as an administrator would in the admin."""
    reviewers = Group.objects.create(name="World desk reviewers")
    task = GroupApprovalTask.objects.create(name="Desk review")
    task.groups.add(reviewers)
    workflow = Workflow.objects.create(name="World review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=world)

    reporter = make_newsroom_user(django_user_model, "ria", "add", "change", page=world)
    editor = make_newsroom_user(django_user_model, "eddie", "add", "change", "publish", page=world)
    editor.groups.add(reviewers)
    story = make_story(world, title="For review", publish=False)
    return {
        "story": story,
        "reporter": bearer(token_for(reporter)),
        "editor": bearer(token_for(editor)),
        "outsider": bearer(token_for(make_newsroom_user(django_user_model, "otto"))),
    }


def url(story, action=""):
    return f"/api/v3/stories/{story.pk}/review/{action}"


def post(client, story, action, token, **data):
    return client.post(url(story, action), data, content_type="application/json", **token)


def test_submit_approve_publishes_and_leaves_the_admins_audit_trail(client, desk):
    story = desk["story"]
    state = client.get(url(story), **desk["reporter"]).json()
    assert (state["workflow"], state["status"], state["can_submit"]) == ("World review", None, True)

    submitted = post(client, story, "submit/", desk["reporter"])
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "in_progress"
    assert submitted.json()["current_task"] == "Desk review"
    assert submitted.json()["actions"] == []  # a reporter cannot approve

    assert client.get(url(story), **desk["editor"]).json()["actions"] == ["approve", "reject"]
    approved = post(client, story, "approve/", desk["editor"], comment="Good to go")
    assert approved.status_code == 200, approved.content
    assert NewsArticle.objects.get(pk=story.pk).live
    [round_] = approved.json()["history"]
    assert round_["status"] == "approved"
    assert round_["steps"][0]["finished_by"] == "eddie"
    assert round_["steps"][0]["comment"] == "Good to go"

    actions = set(PageLogEntry.objects.filter(page=story).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_request_changes_needs_a_comment_then_the_reporter_resubmits(client, desk):
    story = desk["story"]
    post(client, story, "submit/", desk["reporter"])
    assert post(client, story, "request-changes/", desk["editor"]).status_code == 422

    sent_back = post(client, story, "request-changes/", desk["editor"], comment="Source the quote")
    assert sent_back.status_code == 200
    assert sent_back.json()["status"] == "needs_changes"
    assert sent_back.json()["history"][0]["steps"][0]["comment"] == "Source the quote"
    assert PageLogEntry.objects.filter(page=story, action="wagtail.workflow.reject").exists()

    resubmitted = post(client, story, "submit/", desk["reporter"])
    assert resubmitted.json()["status"] == "in_progress"
    assert not NewsArticle.objects.get(pk=story.pk).live


def test_a_reporter_cannot_approve_or_request_changes(client, desk):
    story = desk["story"]
    post(client, story, "submit/", desk["reporter"])
    assert post(client, story, "approve/", desk["reporter"]).status_code == 403
    assert post(client, story, "request-changes/", desk["reporter"], comment="x").status_code == 403
    assert not NewsArticle.objects.get(pk=story.pk).live


def test_a_story_already_in_review_cannot_be_submitted_again(client, desk):
    post(client, desk["story"], "submit/", desk["reporter"])
    assert post(client, desk["story"], "submit/", desk["reporter"]).status_code == 403


def test_someone_with_no_say_finds_nothing(client, desk):
    story = desk["story"]
    assert client.get(url(story), **desk["outsider"]).status_code == 404
    assert post(client, story, "submit/", desk["outsider"]).status_code == 404
    post(client, story, "submit/", desk["reporter"])
    assert post(client, story, "approve/", desk["outsider"]).status_code == 404


@pytest.mark.parametrize("action", ["", "submit/", "approve/", "request-changes/"])
def test_every_review_endpoint_needs_a_token(client, desk, action):
    call = client.get if not action else client.post
    assert call(url(desk["story"], action)).status_code == 401


def test_the_review_endpoints_are_in_the_schema(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert {
        "/api/v3/stories/{story_id}/review/",
        "/api/v3/stories/{story_id}/review/submit/",
        "/api/v3/stories/{story_id}/review/approve/",
        "/api/v3/stories/{story_id}/review/request-changes/",
    } <= set(paths)


def test_review_moments_reach_webhooks(
    client, desk, django_capture_on_commit_callbacks, task_worker, settings
):
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    story = desk["story"]
    with receiving() as bot:
        Webhook.objects.create(
            name="Desk bot",
            url=bot.url,
            events=["story.submitted", "story.changes_requested", "story.approved"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            post(client, story, "submit/", desk["reporter"])
            post(client, story, "request-changes/", desk["editor"], comment="Add a source")
            post(client, story, "submit/", desk["reporter"])
            post(client, story, "approve/", desk["editor"])
        task_worker()
    told = sorted(bot.requests, key=lambda request: int(request[0]["x-newsdesk-delivery"]))
    assert [json.loads(body)["event"] for _, body in told] == [
        "story.submitted",
        "story.changes_requested",
        "story.submitted",
        "story.approved",
    ]
