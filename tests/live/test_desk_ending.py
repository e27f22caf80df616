"""Ending and reopening a coverage: a live editor's one action, which no revision undoes and
which never publishes a draft waiting in review."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageLogEntry

from live.models import LiveCoverage, LiveEntry
from live.signals import coverage_ended
from tests import factories
from tests.desk.conftest import edit_url, story_form, workflow_action_url
from tests.live.conftest import make_coverage, post_entry
from tests.live.desk import ended_coverage, entry_form, messages_in, post_url

pytestmark = pytest.mark.django_db


def end_url(coverage):
    return f"/admin/live/{coverage.pk}/end/"


def reopen_url(coverage):
    return f"/admin/live/{coverage.pk}/reopen/"


@pytest.fixture
def endings():
    heard = []

    def listen(sender, coverage, **kwargs):
        heard.append((coverage.pk, coverage.coverage_status, kwargs["user"]))

    coverage_ended.connect(listen)
    yield heard
    coverage_ended.disconnect(listen)


def edit_page(client, coverage):
    return BeautifulSoup(client.get(edit_url(coverage)).content, "html.parser")


def desk_panel(client, coverage):
    return edit_page(client, coverage).select_one("[data-live-desk]").parent


def test_a_live_editor_ends_the_coverage_with_one_post_from_its_edit_page(
    client, ed, coverage, endings, django_capture_on_commit_callbacks
):
    client.force_login(ed)
    end = desk_panel(client, coverage).select_one("[data-live-end]")
    assert end["data-w-action-url-value"] == end_url(coverage)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(end_url(coverage), follow=True)

    ended = LiveCoverage.objects.get(pk=coverage.pk)
    assert ended.coverage_status == "ended" and ended.coverage_ended_at is not None
    assert f"“{coverage.title}” has ended" in " ".join(messages_in(response))
    assert response.redirect_chain[-1][0] == edit_url(coverage)
    assert endings == [(coverage.pk, "ended", ed)]
    log = PageLogEntry.objects.get(page=coverage, action="live.ended")
    assert log.user == ed and log.message == "Live coverage ended"
    # The edit page shows the status, read-only, and offers to reopen.
    page = edit_page(client, coverage)
    assert page.select_one("[data-live-reopen]") and not page.select_one("[data-live-end]")
    shown = [output.get_text(strip=True) for output in page.select(".w-field__textoutput")]
    assert "Ended" in shown and not page.select("[name=coverage_status]")


def test_ending_twice_ends_once(client, ed, coverage, endings, django_capture_on_commit_callbacks):
    client.force_login(ed)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(end_url(coverage))
        response = client.post(end_url(coverage), follow=True)
    assert "had already ended" in response.text
    assert len(endings) == 1
    assert PageLogEntry.objects.filter(page=coverage, action="live.ended").count() == 1


def test_ending_empties_what_shows_the_coverage_and_nothing_else(client, ed, world, coverage):
    business = factories.make_section("Business")
    unrelated = [business.url, f"/api/v2/pages/{factories.make_story(business).pk}/"]
    shows_it = [coverage.url, world.url, f"/api/v2/live/{coverage.pk}/entries/"]
    for url in shows_it + unrelated:
        client.get(url)
    client.force_login(ed)
    client.post(end_url(coverage))
    client.logout()
    assert {url: client.get(url)["X-Cache"] for url in shows_it} == dict.fromkeys(shows_it, "miss")
    assert {url: client.get(url)["X-Cache"] for url in unrelated} == dict.fromkeys(unrelated, "hit")
    assert (
        client.get(f"/api/v2/live/{coverage.pk}/entries/").json()["coverage"]["status"] == "ended"
    )


def test_ending_publishes_no_draft_and_publishing_the_draft_later_keeps_it_ended(
    client, rita, ed, world
):
    coverage = make_coverage(world, title="Floods: live", owner=rita)
    client.force_login(rita)
    rewrite = story_form(None, coverage, title="Floods: the toll rises", **{"action-submit": "1"})
    client.post(edit_url(coverage), rewrite)
    coverage = LiveCoverage.objects.get(pk=coverage.pk)
    assert coverage.workflow_in_progress and coverage.has_unpublished_changes

    client.force_login(ed)
    client.post(end_url(coverage))
    after = LiveCoverage.objects.get(pk=coverage.pk)
    assert (after.title, after.coverage_status) == ("Floods: live", "ended")
    assert after.has_unpublished_changes and after.latest_revision_id == coverage.latest_revision_id
    assert client.get(coverage.url).context["page"].title == "Floods: live"

    client.post(workflow_action_url(after, "approve"), {"comment": ""})
    published = LiveCoverage.objects.get(pk=coverage.pk)
    assert published.title == "Floods: the toll rises" and not published.has_unpublished_changes
    assert (published.coverage_status, published.coverage_ended_at) == (
        "ended",
        after.coverage_ended_at,
    )


def test_a_save_that_read_the_coverage_before_it_ended_does_not_reopen_it(client, ed, coverage):
    # A publish that read the coverage just before a live editor ended it, saving just after.
    read_before_the_end = LiveCoverage.objects.get(pk=coverage.pk)
    client.force_login(ed)
    client.post(end_url(coverage))
    read_before_the_end.title = "Floods: the toll rises"
    read_before_the_end.save()
    coverage.refresh_from_db()
    assert coverage.title == "Floods: the toll rises"
    assert coverage.coverage_status == "ended" and coverage.coverage_ended_at is not None


def test_the_edit_form_does_not_set_the_status(client, ed, world):
    coverage = ended_coverage(world)
    client.force_login(ed)
    reopened = story_form(None, coverage, coverage_status="live", coverage_ended_at="")
    client.post(edit_url(coverage), {**reopened, "action-publish": "1"})
    coverage.refresh_from_db()
    assert coverage.title == "Floods in the delta"  # published, with everything else it said
    assert coverage.coverage_status == "ended" and coverage.coverage_ended_at is not None


def test_reopening_lets_entries_be_posted_again(client, ed, world):
    coverage = ended_coverage(world)
    client.force_login(ed)
    assert client.post(post_url(coverage), entry_form(status="published")).status_code == 302
    assert not LiveEntry.objects.exists()

    response = client.post(reopen_url(coverage), follow=True)
    coverage.refresh_from_db()
    assert (coverage.coverage_status, coverage.coverage_ended_at) == ("live", None)
    assert "is live again" in response.text
    assert PageLogEntry.objects.filter(page=coverage, action="live.reopened", user=ed).exists()
    client.post(post_url(coverage), entry_form(status="published"))
    assert LiveEntry.objects.get().status == "published"


def test_only_a_live_editor_ends_or_reopens(client, rita, lena, world, endings):
    coverage = make_coverage(world, owner=rita)  # hers: she may edit it, not end it
    over = ended_coverage(world)
    client.force_login(rita)
    assert client.post(end_url(coverage)).status_code == 403
    assert client.post(reopen_url(over)).status_code == 403
    assert not desk_panel(client, coverage).select("[data-live-end]")
    assert LiveCoverage.objects.get(pk=coverage.pk).coverage_status == "live"
    assert LiveCoverage.objects.get(pk=over.pk).coverage_status == "ended"
    client.force_login(lena)  # a reporter the desk trusts
    client.post(end_url(coverage))
    assert LiveCoverage.objects.get(pk=coverage.pk).coverage_status == "ended"


def test_a_draft_coverage_is_neither_ended_nor_reopened(client, ed, world, endings):
    draft = make_coverage(world, title="Not yet", publish=False)
    client.force_login(ed)
    response = client.post(end_url(draft), follow=True)
    assert "is not published: only a published coverage is ended or reopened." in response.text
    assert LiveCoverage.objects.get(pk=draft.pk).coverage_status == "live" and not endings
    assert client.post(f"/admin/live/{10**6}/end/").status_code == 404


def test_entries_of_an_ended_coverage_can_still_be_corrected(client, ed, world):
    coverage = make_coverage(world)
    entry = post_entry(coverage, "<p>Five dead.</p>", user=ed)
    LiveCoverage.objects.filter(pk=coverage.pk).update(coverage_status="ended")
    client.force_login(ed)
    correction = {"id": "", "kind": "correction", "noted_at": "2026-05-01 10:00", "text": "Four."}
    client.post(
        f"/admin/live/{coverage.pk}/entries/{entry.pk}/",
        entry_form("<p>Four dead.</p>", corrections=[correction]),
    )
    assert LiveEntry.objects.get().corrections.get().text == "Four."
