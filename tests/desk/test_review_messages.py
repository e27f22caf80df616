"""After approving or requesting changes, the editor is told which story went where."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import NewsArticle
from tests.desk.conftest import edit_url, story_form, workflow_action_url
from tests.desk.test_desk import submit

pytestmark = pytest.mark.django_db


def act(client, editor, story, action, comment="", **headers):
    client.force_login(editor)
    response = client.post(
        workflow_action_url(story, action), {"comment": comment}, follow=True, **headers
    )
    return response.content.decode()


def test_approving_from_the_dashboard_says_the_story_is_live_with_a_link(client, world, rita, ed):
    story = submit(world, rita, "Floods recede")
    html = act(client, ed, story, "approve")
    story = NewsArticle.objects.get(pk=story.pk)
    assert story.live
    assert "“Floods recede” is approved and live." in html
    assert re.search(rf'href="{re.escape(story.url)}"[^>]*>\s*View live', html)


def test_approving_a_story_whose_byline_was_removed_in_review_says_why_and_publishes_nothing(
    client, world, rita, ed
):
    story = submit(world, rita, "Floods recede")
    draft = story.get_latest_revision_as_object()
    draft.story_authors.clear()
    draft.save_revision(user=ed)

    html = act(client, ed, story, "approve")

    assert "Add a byline before submitting or publishing" in html
    story = NewsArticle.objects.get(pk=story.pk)
    assert not story.live
    assert story.current_workflow_state.status == "in_progress"


def test_approving_a_scheduled_story_says_when_it_runs(client, world, rita, ed):
    runs_at = timezone.now() + timedelta(days=2)
    story = submit(world, rita, "Budget day", go_live_at=runs_at)
    html = act(client, ed, story, "approve")
    when = timezone.localtime(runs_at).strftime("%-d %B %Y, %H:%M")
    assert f"“Budget day” is approved. Scheduled for {when}." in html
    assert "View live" not in html and not NewsArticle.objects.get(pk=story.pk).live


def test_requesting_changes_names_the_story_and_who_was_told(client, world, rita, ed):
    story = submit(world, rita, "Floods recede")
    html = act(client, ed, story, "reject", comment="Name the source.")
    assert "Changes requested on “Floods recede”: Rita Reporter has been told." in html


def test_approve_asks_first_since_it_publishes_at_once(client, world, rita, ed):
    story = submit(world, rita, "Floods recede")
    client.force_login(ed)
    dashboard = client.get("/admin/").content.decode()
    buttons = re.findall(r"<button[^>]*data-workflow-action-url=[^>]*>[^<]*</button>", dashboard)
    approve = [button for button in buttons if "/approve/" in button]
    assert approve and all("data-launch-modal" in button for button in approve)
    dialog = client.get(workflow_action_url(story, "approve")).content.decode()
    assert "Approve and publish" in dialog
    assert not NewsArticle.objects.get(pk=story.pk).live  # opening the dialog publishes nothing


def test_requesting_changes_in_the_page_editor_says_the_same(client, world, byline, rita, ed):
    story = submit(world, rita, "Floods recede")
    client.force_login(ed)
    form = story_form(byline, story, title="Floods recede") | {
        "action-workflow-action": "true",
        "workflow-action-name": "reject",
        "workflow-action-extra-data": json.dumps({"comment": "Name the source."}),
    }
    html = client.post(edit_url(story), form, follow=True).content.decode()
    assert "Changes requested on “Floods recede”: Rita Reporter has been told." in html
