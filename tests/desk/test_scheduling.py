"""Embargoes hold until their time, and expired stories come down: the scheduler is what acts."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from news.models import NewsArticle
from tests.desk.conftest import add_story_url, story_form, workflow_action_url
from tests.factories import make_story

pytestmark = pytest.mark.django_db

HEADLINE = "Budget embargoed until noon"


def form_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def clock(monkeypatch):
    """Move the newsroom's clock: everything that asks Django for the time is told `moment`."""

    def move_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move_to


@pytest.fixture
def other_story(world, byline):
    """A published story whose Recent Posts would list the embargoed one."""
    return make_story(world, title="Harbour reopens", authors=[byline])


def seen_by_readers(client, byline, other_story, story):
    pages = ["/", "/world/", f"/authors/{byline.slug}/", other_story.url, "/search/?q=embargoed"]
    seen = b"".join(client.get(url).content for url in pages).decode()
    return HEADLINE in seen, client.get(story.url).status_code


@pytest.fixture
def embargoed(client, world, byline, rita, ed):
    """Rita's story, to run in two hours, approved by Ed."""
    runs_at = timezone.now() + timedelta(hours=2)
    client.force_login(rita)
    form = story_form(byline, title=HEADLINE, go_live_at=form_time(runs_at))
    client.post(add_story_url(world), form | {"action-submit": "Submit"})
    story = NewsArticle.objects.get(title=HEADLINE)
    client.force_login(ed)
    client.post(workflow_action_url(story, "approve"), {"comment": ""})
    client.logout()
    return NewsArticle.objects.get(pk=story.pk)


def test_an_approved_embargo_stays_hidden_until_the_scheduler_runs_at_its_time(
    client, embargoed, byline, other_story, clock
):
    assert not embargoed.live
    assert embargoed.scheduled_revision is not None
    assert seen_by_readers(client, byline, other_story, embargoed) == (False, 404)

    clock(embargoed.go_live_at - timedelta(minutes=1))
    call_command("publish_scheduled")
    assert seen_by_readers(client, byline, other_story, embargoed) == (False, 404)

    clock(embargoed.go_live_at + timedelta(minutes=1))
    call_command("publish_scheduled")
    assert seen_by_readers(client, byline, other_story, embargoed) == (True, 200)


def test_an_expired_story_disappears(client, world, byline, ed, other_story, clock):
    expires_at = timezone.now() + timedelta(hours=2)
    client.force_login(ed)
    form = story_form(byline, title=HEADLINE, expire_at=form_time(expires_at))
    client.post(add_story_url(world), form | {"action-publish": "Publish"})
    client.logout()
    story = NewsArticle.objects.get(title=HEADLINE)
    assert seen_by_readers(client, byline, other_story, story) == (True, 200)

    clock(expires_at + timedelta(minutes=1))
    call_command("publish_scheduled")
    assert seen_by_readers(client, byline, other_story, story) == (False, 404)
    assert NewsArticle.objects.get(pk=story.pk).expired


def test_the_development_scheduler_publishes_on_each_round_until_stopped(
    embargoed, clock, monkeypatch
):
    clock(embargoed.go_live_at + timedelta(minutes=1))
    rounds = []

    def one_round_then_stop(seconds):
        rounds.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr("news.management.commands.run_scheduler.time.sleep", one_round_then_stop)
    out = StringIO()
    call_command("run_scheduler", interval=5, stdout=out)

    assert NewsArticle.objects.get(pk=embargoed.pk).live
    assert rounds == [5]
    assert "Scheduler stopped." in out.getvalue()


def test_an_editor_can_take_a_story_off_the_schedule(client, embargoed, ed):
    client.force_login(ed)
    client.post(
        f"/admin/pages/{embargoed.pk}/revisions/{embargoed.scheduled_revision.pk}/unschedule/"
    )
    assert NewsArticle.objects.get(pk=embargoed.pk).scheduled_revision is None
