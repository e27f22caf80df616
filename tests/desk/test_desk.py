"""The desk's view: the dashboard's review queue, the story budget, and desks per section."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission, TaskState, Workflow, WorkflowPage, WorkflowTask

from live.models import LiveCoverage
from news.desk.workflow import DeskReviewTask
from news.models import NewsArticle
from tests.desk.conftest import workflow_action_url
from tests.factories import make_section, make_story, make_user

pytestmark = pytest.mark.django_db


def submit(section, reporter, title, waited=timedelta(0), **fields):
    story = make_story(section, title=title, owner=reporter, publish=False, **fields)
    state = story.get_workflow().start(story, reporter)
    TaskState.objects.filter(workflow_state=state).update(started_at=timezone.now() - waited)
    return story


def approve(client, editor, story):
    client.force_login(editor)
    # Followed, so the success message is read here and not on the next page the test opens.
    client.post(workflow_action_url(story, "approve"), {"comment": ""}, follow=True)


def review_desk_rows(html):
    """The headlines in the dashboard's review panel, top to bottom."""
    return re.findall(r'data-review-desk-story="\d+">.*?<a href="[^"]*">([^<]*)</a>', html, re.S)


def test_the_dashboard_lists_stories_awaiting_review_oldest_first(client, world, rita, raj, ed):
    submit(world, rita, "Fresh copy", waited=timedelta(minutes=5))
    submit(world, raj, "Waiting since dawn", waited=timedelta(hours=3))
    client.force_login(ed)
    html = client.get("/admin/").content.decode()

    assert review_desk_rows(html) == ["Waiting since dawn", "Fresh copy"]
    assert "Raj Reporter" in html and "3\xa0hours" in html
    assert "Request changes" in html
    assert "Awaiting your review" not in html  # Wagtail's newest-first list gives way to ours


def test_reporters_have_no_review_queue(client, world, rita, raj):
    submit(world, raj, "Raj's story")
    client.force_login(rita)
    assert review_desk_rows(client.get("/admin/").content.decode()) == []


def test_the_review_queue_costs_the_same_for_one_story_or_many(client, world, rita, ed):
    def dashboard_queries():
        client.force_login(ed)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/").status_code == 200
        return len(queries)

    submit(world, rita, "First story")
    dashboard_queries()  # the first visit sets up the editor's profile
    one = dashboard_queries()
    for n in range(4):
        submit(world, rita, f"Story {n}")
    assert dashboard_queries() == one


def test_the_story_budget_shows_the_week_by_day_and_section(client, world, rita, raj, ed):
    business = make_section("Business")
    tomorrow = timezone.now() + timedelta(days=1)
    approve(client, ed, submit(world, rita, "Budget day", go_live_at=tomorrow))
    approve(client, ed, submit(world, rita, "Next month", go_live_at=tomorrow + timedelta(days=30)))
    submit(business, raj, "Markets rally")
    # A live coverage is reviewed and scheduled as a story, so the budget lists it as one.
    submit(business, raj, "Strike: live", model=LiveCoverage)
    approve(client, ed, submit(world, rita, "Vote: live", go_live_at=tomorrow, model=LiveCoverage))

    html = client.get("/admin/story-budget/").content.decode()
    runs_when_approved, week = html.split('id="budget-on-approval"')[1].split('id="budget-', 1)
    assert "Markets rally" in runs_when_approved and "Business" in runs_when_approved
    assert "Strike: live" in runs_when_approved
    day = week.split(timezone.localdate(tomorrow).strftime("%Y-%m-%d"), 1)[1].split("<section", 1)
    assert "Budget day" in day[0] and "World" in day[0] and "Scheduled" in day[0]
    assert "Vote: live" in day[0]
    assert "Next month" not in html


def test_the_budget_shows_a_story_sent_back_as_changes_requested(client, world, rita, ed):
    tomorrow = timezone.now() + timedelta(days=1)
    for story in [
        submit(world, rita, "Sent back"),
        submit(world, rita, "Sent back too", go_live_at=tomorrow),
    ]:
        client.force_login(ed)
        client.post(workflow_action_url(story, "reject"), {"comment": "Name the source."})
    submit(world, rita, "Still waiting")

    html = client.get("/admin/story-budget/").content.decode()
    runs_when_approved, rest = html.split('id="budget-on-approval"')[1].split('id="budget-', 1)
    changes_requested, week = rest.split('id="budget-', 1)
    assert changes_requested.startswith('changes-requested"')
    assert "Still waiting" in runs_when_approved and "Sent back" not in runs_when_approved
    assert "Sent back" in changes_requested and "Sent back too" in changes_requested
    assert "Changes requested" in changes_requested and "Sent back" not in week


def test_only_the_desk_sees_the_budget(client, rita, ed):
    client.force_login(rita)
    response = client.get("/admin/story-budget/", follow=True)
    assert "Sorry, you do not have permission" in response.content.decode()
    assert "/admin/story-budget/" not in client.get("/admin/").content.decode()
    client.force_login(ed)
    assert "/admin/story-budget/" in client.get("/admin/").content.decode()


def world_desk(world):
    """A desk of its own for the World section, set up as the README describes."""
    group = Group.objects.create(name="World desk editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.create(group=group, page=world, permission=permission)
    task = DeskReviewTask.objects.create(name="World desk review")
    task.groups.set([group])
    workflow = Workflow.objects.create(name="World desk")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=world, workflow=workflow)
    return group


def test_a_section_desk_reviews_its_own_section_only(client, world, rita, ed):
    business = make_section("Business")
    wanda = make_user("wanda", "Reporters", "Wanda World")
    wanda.groups.set([world_desk(world)])

    world_story = submit(world, rita, "Ceasefire holds")
    business_story = submit(business, rita, "Rates rise")
    assert [message.to for message in mail.outbox] == [[wanda.email], [ed.email]]

    approve(client, wanda, business_story)
    assert not NewsArticle.objects.get(pk=business_story.pk).live
    approve(client, ed, world_story)
    assert not NewsArticle.objects.get(pk=world_story.pk).live
    approve(client, wanda, world_story)
    assert NewsArticle.objects.get(pk=world_story.pk).live

    client.force_login(wanda)
    budget = client.get("/admin/story-budget/").content.decode()
    assert "Rates rise" not in budget
