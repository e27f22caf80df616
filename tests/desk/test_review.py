"""A story's way through the desk: submit, request changes, resubmit, approve; who hears of it."""

import json

import pytest
from django.core import mail
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

from news.models import NewsArticle
from tests.desk.conftest import add_story_url, edit_url, story_form, workflow_action_url

pytestmark = pytest.mark.django_db

CHANGES = "The second paragraph needs a named source."


def inboxes():
    """Who got which e-mail, by subject, then forget them."""
    received = [(message.to[0], message.subject, message.body) for message in mail.outbox]
    mail.outbox.clear()
    return received


def fetch(story):
    return NewsArticle.objects.get(pk=story.pk)


@pytest.fixture
def submitted(client, world, byline, rita, ed, ada):
    """Rita's story, just submitted for review from the page editor."""
    client.force_login(rita)
    response = client.post(
        add_story_url(world), story_form(byline, **{"action-submit": "Submit for review"})
    )
    assert response.status_code == 302
    story = NewsArticle.objects.get(slug="floods-in-the-delta")
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    return story


def test_submitting_tells_the_reviewers_and_nobody_else(submitted, rita, ed, ada):
    received = inboxes()
    to_reviewers = [to for to, subject, _ in received if "submitted for approval" in subject]
    assert sorted(to_reviewers) == [ada.email, ed.email]
    assert rita.email not in [to for to, _, _ in received]
    assert not submitted.live


def test_each_person_gets_one_email_per_submission(client, world, byline, rita, ed, ada):
    # The newsroom's administrator is a superuser as well as on the desk (load_demo does this).
    ada.is_superuser = True
    ada.save()
    client.force_login(rita)
    form = story_form(byline, **{"action-submit": "Submit for review"})
    assert client.post(add_story_url(world), form).status_code == 302
    recipients = [to for to, _, _ in inboxes()]
    assert sorted(recipients) == [ada.email, ed.email]


def test_a_story_in_review_is_locked_to_its_reporter_and_open_to_editors(
    client, submitted, byline, rita, ed
):
    client.force_login(rita)
    response = client.post(edit_url(submitted), story_form(byline, submitted, title="Sneaky edit"))
    assert "could not be saved as it is locked" in response.content.decode()
    assert fetch(submitted).draft_title == "Floods in the delta"

    client.force_login(ed)
    client.post(edit_url(submitted), story_form(byline, submitted, title="Floods hit the delta"))
    assert fetch(submitted).draft_title == "Floods hit the delta"
    assert fetch(submitted).workflow_in_progress


def test_request_changes_then_resubmit_then_approve(client, submitted, byline, rita, ed):
    inboxes()
    client.force_login(ed)
    client.post(workflow_action_url(submitted, "reject"), {"comment": CHANGES})
    assert fetch(submitted).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [(to, subject, body)] = inboxes()
    assert (to, "rejected" in subject) == (rita.email, True)
    assert CHANGES in body

    # The reporter finds the editor's words at the top of the story, and may edit again.
    client.force_login(rita)
    page = client.get(edit_url(submitted)).content.decode()
    assert f"Ed Editor requested changes: “{CHANGES}”" in page
    body = [
        ("lede", rich_text("<p>Water rose overnight.</p>")),
        ("paragraph", rich_text("<p>“It came fast,” said the mayor, Ana Lima.</p>")),
    ]
    form = story_form(byline, submitted, body=body, **{"action-submit": "Resubmit"})
    assert client.post(edit_url(submitted), form).status_code == 302
    assert fetch(submitted).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert ed.email in [to for to, _, _ in inboxes()]

    client.force_login(ed)
    client.post(workflow_action_url(submitted, "approve"), {"comment": ""})
    story = fetch(submitted)
    assert story.live and not story.has_unpublished_changes
    assert "Ana Lima" in client.get(story.url).content.decode()
    assert [(to, "approved" in subject) for to, subject, _ in inboxes()] == [(rita.email, True)]


def test_request_changes_without_a_comment_is_refused_everywhere(client, submitted, byline, ed):
    client.force_login(ed)
    client.post(workflow_action_url(submitted, "reject"), {"comment": "  "})
    assert fetch(submitted).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # The page editor sends the modal's answers as JSON; the same rule holds, and the
    # editor's unsaved edit is not half-saved either.
    revisions = submitted.revisions.count()
    form = story_form(byline, submitted, title="Edited while rejecting")
    form |= {
        "action-workflow-action": "true",
        "workflow-action-name": "reject",
        "workflow-action-extra-data": json.dumps({"comment": ""}),
    }
    response = client.post(edit_url(submitted), form, follow=True)
    assert "Tell the reporter what to change." in response.content.decode()
    story = fetch(submitted)
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert (story.draft_title, story.revisions.count()) == ("Floods in the delta", revisions)

    form["workflow-action-extra-data"] = json.dumps({"comment": CHANGES})
    client.post(edit_url(submitted), form)
    assert fetch(submitted).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_an_edit_to_a_published_story_waits_for_review_again(client, submitted, byline, rita, ed):
    client.force_login(ed)
    client.post(workflow_action_url(submitted, "approve"), {"comment": ""})
    url = fetch(submitted).url

    client.force_login(rita)
    form = story_form(byline, submitted, title="Floods recede", **{"action-publish": "Publish"})
    client.post(edit_url(submitted), form)
    assert "Floods recede" not in client.get(url).content.decode()
    assert not fetch(submitted).workflow_in_progress

    client.post(edit_url(submitted), story_form(byline, submitted, **{"action-submit": "Submit"}))
    assert fetch(submitted).workflow_in_progress
    assert fetch(submitted).title == "Floods in the delta"
