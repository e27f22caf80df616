"""Opening a live coverage: a reporter starts it beside "New story", and it goes live only
through the same review desk as a story."""

import pytest
from bs4 import BeautifulSoup

from live.models import LiveCoverage
from tests import factories
from tests.api.conftest import bearer, token_for
from tests.desk.conftest import edit_url, story_form, workflow_action_url

pytestmark = pytest.mark.django_db

ADD_COVERAGE = "/admin/pages/add/live/livecoverage/{}/"


def new_story_buttons(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return [(a.get_text(strip=True), a["href"]) for a in page.select("a[data-new-story]")]


def coverage_form(byline, coverage=None, **fields):
    return story_form(byline, coverage, title="Floods: live", coverage_started_at="", **fields)


def test_new_live_coverage_is_offered_beside_new_story(client, rita, world):
    business = factories.make_section("Business")
    client.force_login(rita)
    assert new_story_buttons(client, "/admin/") == [
        ("New story", "/admin/new-story/"),
        ("New live coverage", "/admin/new-story/live/livecoverage/"),
    ]
    chooser = BeautifulSoup(
        client.get("/admin/new-story/live/livecoverage/").content, "html.parser"
    )
    offered = [a["href"] for a in chooser.select("[data-new-story-sections] a")]
    assert offered == [ADD_COVERAGE.format(world.pk), ADD_COVERAGE.format(business.pk)]
    assert new_story_buttons(client, f"/admin/pages/{world.pk}/")[1] == (
        "New live coverage",
        ADD_COVERAGE.format(world.pk),
    )
    assert client.get("/admin/new-story/news/categorypage/").status_code == 404


def test_a_reporter_opens_a_coverage_for_review_and_an_editor_puts_it_live(
    client, rita, ed, world, ritas_byline
):
    client.force_login(rita)
    client.post(
        ADD_COVERAGE.format(world.pk), coverage_form(ritas_byline, **{"action-submit": "1"})
    )
    coverage = LiveCoverage.objects.get()
    assert not coverage.live and coverage.workflow_in_progress and coverage.owner == rita
    assert client.get(f"/admin/pages/{world.pk}/").text.count("Floods: live") >= 1

    client.force_login(ed)
    client.post(workflow_action_url(coverage, "approve"), {"comment": ""})
    coverage = LiveCoverage.objects.get()
    assert coverage.live and coverage.coverage_status == "live"
    assert coverage.coverage_started_at == coverage.first_published_at
    assert client.get(coverage.url).status_code == 200
    assert "Floods: live" in client.get(world.url).text


def test_a_reporter_cannot_publish_a_coverage_by_any_path(client, rita, world, ritas_byline):
    client.force_login(rita)
    publish = {"action-publish": "1"}
    client.post(ADD_COVERAGE.format(world.pk), coverage_form(ritas_byline, **publish))
    coverage = LiveCoverage.objects.get()
    client.post(edit_url(coverage), coverage_form(ritas_byline, coverage, **publish))
    coverage.get_workflow().start(coverage, rita)
    client.post(workflow_action_url(coverage, "approve"), {"comment": ""})
    api = client.post(f"/api/v3/pages/{coverage.pk}/actions/publish/", **bearer(token_for(rita)))
    assert api.status_code == 403
    coverage = LiveCoverage.objects.get()
    assert not coverage.live and coverage.first_published_at is None
