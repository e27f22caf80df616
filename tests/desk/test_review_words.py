"""What a reporter and an editor read around a review: "review", never Wagtail's "moderation";
and a reporter cannot end a review, only wait for it, knowing who has the story."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from news.models import NewsArticle
from tests.desk.conftest import add_story_url, edit_url, story_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, world, byline, rita, ed):
    client.force_login(rita)
    form = story_form(byline, **{"action-submit": "Submit for review"})
    assert client.post(add_story_url(world), form).status_code == 302
    return NewsArticle.objects.get(slug="floods-in-the-delta")


def desk_pages(story):
    return [
        "/admin/",
        edit_url(story),
        f"/admin/pages/{story.get_parent().pk}/",
        f"/admin/pages/{story.pk}/workflow_history/",
    ]


def test_review_messages_say_review_not_moderation(client, submitted, rita, ed):
    emails = [message.subject + message.body for message in mail.outbox]
    assert emails and not [text for text in emails if "moderation" in text.lower()]
    for user in (rita, ed):
        client.force_login(user)
        for url in desk_pages(submitted):
            html = client.get(url).content.decode()
            assert "moderation" not in html.lower(), f"{user} reads 'moderation' on {url}"
    client.force_login(rita)
    assert "in review" in client.get(f"/admin/pages/{submitted.get_parent().pk}/").content.decode()


def test_a_reporter_reads_a_story_in_review_and_sees_who_has_it(client, submitted, rita, ed):
    client.force_login(rita)
    html = client.get(edit_url(submitted)).content.decode()
    assert "content-locked" in html  # Wagtail's read-only editor
    assert "In review with Administrators and Editors since" in html
    assert "Cancel workflow" not in html and "action-cancel-workflow" not in html

    client.force_login(ed)
    html = client.get(edit_url(submitted)).content.decode()
    assert "action-cancel-workflow" in html and "In review with" not in html


def test_a_reporter_cannot_cancel_a_review_by_posting_either(client, submitted, byline, rita):
    client.force_login(rita)
    form = story_form(byline, submitted, **{"action-cancel-workflow": "Cancel workflow"})
    response = client.post(edit_url(submitted), form, follow=True)
    assert "Only an editor can cancel or restart" in response.content.decode()
    state = NewsArticle.objects.get(pk=submitted.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
