"""Posting entries from the coverage's admin: a live editor's go out at once, a reporter's wait
for one click of a live editor's; every view checks who asks, whatever its buttons showed."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import ModelLogEntry

from live.models import LiveCoverage, LiveEntry
from tests import factories
from tests.live.conftest import make_coverage, post_entry
from tests.live.desk import (
    ended_coverage,
    entries_url,
    entry_form,
    entry_url,
    messages_in,
    post_url,
)

pytestmark = pytest.mark.django_db


def one_click_target(client, coverage):
    """Where the coverage's edit page's "Post an entry" button goes."""
    page = BeautifulSoup(client.get(f"/admin/pages/{coverage.pk}/edit/").content, "html.parser")
    link = page.select_one("a[data-live-post-entry]")
    return link["href"] if link else None


def test_the_coverage_edit_page_reaches_the_post_form_in_one_click(client, ed, coverage):
    client.force_login(ed)
    assert one_click_target(client, coverage) == post_url(coverage)
    html = client.get(post_url(coverage)).content.decode()
    fields = {field["name"] for field in BeautifulSoup(html, "html.parser").select("form [name]")}
    assert {"title", "pinned", "key_event", "authors", "status"} <= fields
    # The body's blocks are Wagtail's StreamField widget, drawn by its script from this.
    assert '"fieldName": "body", "widget": {"_type": "wagtail.widgets.BlockWidget"' in html
    assert "corrections" not in html  # posting is short: corrections come with editing


def test_no_post_button_before_the_coverage_is_published_or_after_it_ends(client, ed, world):
    draft = make_coverage(world, title="Not yet", publish=False)
    ended = ended_coverage(world)
    client.force_login(ed)
    assert one_click_target(client, draft) is None
    assert one_click_target(client, ended) is None


def test_a_live_editors_entry_is_published_at_once_under_their_own_byline(client, lena, coverage):
    byline = factories.make_author("Lena Live", user=lena, live=True)
    client.force_login(lena)
    form = BeautifulSoup(client.get(post_url(coverage)).content, "html.parser")
    chosen = [option["value"] for option in form.select("[name=authors] option[selected]")]
    assert chosen == [str(byline.pk)]
    assert form.select_one("[data-live-save-entry]").get_text(strip=True) == "Publish entry"

    before = timezone.now()
    response = client.post(
        post_url(coverage),
        entry_form("<p>The bridge is closed.</p>", "published", [byline], pinned="on"),
        follow=True,
    )
    entry = LiveEntry.objects.get()
    assert (entry.status, entry.published_by, entry.filed_by) == ("published", lena, lena)
    assert entry.posted_at >= before and entry.pinned and list(entry.authors.all()) == [byline]
    assert entry.sequence == 1
    [message] = messages_in(response)
    assert "“The bridge is closed.” is live." in message
    assert f'href="{coverage.url}?entry={entry.pk}#entry-{entry.pk}"' in message


def test_a_reporters_entry_waits_and_a_live_editor_approves_it_with_one_post(
    client, rita, ritas_byline, ed, coverage
):
    client.force_login(rita)
    form = BeautifulSoup(client.get(post_url(coverage)).content, "html.parser")
    assert form.select_one("[data-live-save-entry]")["value"] == "pending"
    response = client.post(post_url(coverage), entry_form(status="pending"), follow=True)
    entry = LiveEntry.objects.get()
    assert (entry.status, entry.posted_at, entry.published_by) == ("pending", None, None)
    assert "“Water is over the bridge.” is filed: a live editor approves it." in response.text
    assert client.get(coverage.url).text.count("Water is over the bridge") == 0

    client.force_login(ed)
    listing = BeautifulSoup(client.get(entries_url(coverage)).content, "html.parser")
    approve = listing.select_one(
        f"[data-live-waiting] [data-live-entry='{entry.pk}'] [data-live-approve]"
    )
    assert approve["data-w-action-url-value"] == entry_url(entry, "approve")
    response = client.post(entry_url(entry, "approve"), follow=True)

    entry.refresh_from_db()
    assert (entry.status, entry.published_by) == ("published", ed)
    assert entry.posted_at is not None and entry.sequence == 2
    assert "“Water is over the bridge.” is approved and live." in response.text
    assert ModelLogEntry.objects.filter(action="wagtail.publish", user=ed).exists()


def test_approving_twice_or_on_an_ended_coverage_changes_nothing(client, ed, rita, world):
    coverage = make_coverage(world)
    waiting = post_entry(coverage, user=rita, status="pending")
    done = post_entry(coverage, user=ed)
    client.force_login(ed)
    response = client.post(entry_url(done, "approve"), follow=True)
    assert "is not waiting for approval: nothing changed." in response.text
    coverage.__class__.objects.filter(pk=coverage.pk).update(coverage_status="ended")
    response = client.post(entry_url(waiting, "approve"), follow=True)
    assert "stays waiting: the coverage is not open for entries." in response.text
    assert LiveEntry.objects.get(pk=waiting.pk).status == "pending"


def test_a_reporter_cannot_publish_an_entry_by_any_path(client, rita, ed, coverage):
    client.force_login(rita)
    assert client.post(post_url(coverage), entry_form(status="published")).status_code == 403
    assert not LiveEntry.objects.exists()
    waiting = post_entry(coverage, user=rita, status="pending")
    assert client.post(entry_url(waiting, "approve")).status_code == 403
    edited = entry_form("<p>Mine, published.</p>", status="published")
    assert client.post(entry_url(waiting), edited).status_code == 403
    assert client.post(entry_url(waiting, "withdraw")).status_code == 403
    assert LiveEntry.objects.get(pk=waiting.pk).status == "pending"


def test_a_user_without_live_permissions_is_refused_everywhere(client, outsider, coverage, ed):
    entry = post_entry(coverage, user=ed)
    client.force_login(outsider)
    gets = [entries_url(coverage), post_url(coverage), entry_url(entry)]
    posts = [post_url(coverage), entry_url(entry), *(entry_url(entry, a) for a in ACTIONS)]
    posts += [f"/admin/live/{coverage.pk}/end/", f"/admin/live/{coverage.pk}/reopen/"]
    assert {url: client.get(url).status_code for url in gets} == dict.fromkeys(gets, 403)
    answers = {url: client.post(url, entry_form(status="published")).status_code for url in posts}
    assert answers == dict.fromkeys(posts, 403)
    assert one_click_target(client, coverage) is None
    assert LiveEntry.objects.get().status == "published" and LiveEntry.objects.count() == 1


ACTIONS = ("approve", "withdraw", "breakout")


def test_another_coverages_entry_is_not_found_under_this_one(client, ed, world, coverage):
    other = make_coverage(world, title="Elections: live")
    entry = post_entry(other, user=ed, status="pending")
    client.force_login(ed)
    wrong = f"{entries_url(coverage)}{entry.pk}/"
    assert client.get(wrong).status_code == 404
    for action in ACTIONS:
        assert client.post(f"{wrong}{action}/").status_code == 404
    assert client.get(f"/admin/live/{10**6}/entries/").status_code == 404
    assert LiveEntry.objects.get().status == "pending"


def test_decisions_are_posts_only(client, ed, coverage):
    entry = post_entry(coverage, user=ed, status="pending")
    client.force_login(ed)
    for action in ACTIONS:
        assert client.get(entry_url(entry, action)).status_code == 405
    assert client.get(f"/admin/live/{coverage.pk}/end/").status_code == 405
    assert LiveEntry.objects.get().status == "pending"


def test_nothing_is_posted_to_a_draft_expired_or_ended_coverage(client, ed, world):
    draft = make_coverage(world, title="Not yet", publish=False)
    ended = ended_coverage(world)
    # Past its expiry, before the scheduler unpublishes it: readers no longer see it.
    expired = make_coverage(world, title="Over", expire_at=timezone.now() - timedelta(minutes=1))
    client.force_login(ed)
    for coverage, why in [
        (draft, "is not published yet"),
        (ended, "has ended"),
        (expired, "has expired"),
    ]:
        response = client.post(post_url(coverage), entry_form(status="published"), follow=True)
        assert why in response.text
        assert response.redirect_chain[-1][0] == entries_url(coverage)
    assert not LiveEntry.objects.exists()


def test_a_malformed_entry_is_shown_again_with_its_errors(client, ed, coverage):
    client.force_login(ed)
    response = client.post(post_url(coverage), entry_form(text="", status="published"))
    assert response.status_code == 200
    assert "The live entry could not be created due to errors." in response.text
    assert "Write the entry: its paragraph is empty." in response.text
    assert not LiveEntry.objects.exists()


def test_editing_a_published_entry_marks_it_updated_and_takes_a_correction(client, ed, coverage):
    entry = post_entry(coverage, "<p>Three bridges closed.</p>", user=ed)
    client.force_login(ed)
    correction = {"id": "", "kind": "correction", "noted_at": "2026-05-01 10:00"}
    correction["text"] = "An earlier version said three bridges; it was two."
    form = entry_form("<p>Two bridges closed.</p>", "published", corrections=[correction])
    response = client.post(entry_url(entry), form, follow=True)
    entry.refresh_from_db()
    assert entry.status == "published" and entry.edited_at is not None and entry.was_edited
    assert [c.text for c in entry.corrections.all()] == [correction["text"]]
    assert "“Two bridges closed.” is saved." in response.text
    assert entry.sequence == 2


def test_pinning_or_an_unchanged_save_does_not_mark_the_entry_updated(client, ed, coverage):
    # As the admin stores it: the editor keeps each paragraph's key, so nothing differs.
    stored = '<p data-block-key="calm1">Calm tonight.</p>'
    entry = post_entry(coverage, stored, user=ed)
    client.force_login(ed)
    block_id = entry.body.raw_data[0]["id"]
    client.post(entry_url(entry), entry_form(stored, corrections=[], block_id=block_id))
    pinned = entry_form(stored, corrections=[], block_id=block_id, pinned="on", key_event="on")
    client.post(entry_url(entry), pinned)
    entry.refresh_from_db()
    assert entry.pinned and entry.key_event and entry.edited_at is None
    assert entry.sequence == 3  # each save still tells readers' pages


def test_a_reporter_edits_only_their_own_waiting_entries(client, rita, raj, ed, coverage):
    own = post_entry(coverage, "<p>Mine.</p>", user=rita, status="pending")
    anothers = post_entry(coverage, "<p>Raj's.</p>", user=raj, status="pending")
    published = post_entry(coverage, "<p>Out.</p>", user=ed, filed_by_id=rita.pk)
    client.force_login(rita)
    form = entry_form("<p>Mine, better.</p>", "pending", corrections=[])
    assert client.post(entry_url(own), form).status_code == 302
    assert client.post(entry_url(anothers), form).status_code == 403
    assert client.post(entry_url(published), form).status_code == 403
    assert [e.status for e in LiveEntry.objects.order_by("pk")] == ["pending"] * 2 + ["published"]
    assert "Mine, better." in LiveEntry.objects.get(pk=own.pk).body.raw_data[0]["value"]


def test_withdrawing_keeps_the_entry_so_readers_pages_learn_it_went(client, ed, coverage):
    entry = post_entry(coverage, "<p>Unconfirmed report.</p>", user=ed)
    client.force_login(ed)
    response = client.post(entry_url(entry, "withdraw"), follow=True)
    entry.refresh_from_db()
    assert entry.status == "withdrawn" and entry.sequence == 2
    assert "“Unconfirmed report.” is withdrawn: readers no longer see it." in response.text
    assert [e.pk for e in LiveEntry.objects.changed_after(1)] == [entry.pk]
    again = client.post(entry_url(entry, "withdraw"), follow=True)
    assert "was already withdrawn" in again.text
    edit_page = client.get(entry_url(entry))
    assert "Delete" not in BeautifulSoup(edit_page.content, "html.parser").select_one("footer").text


def test_the_listing_puts_waiting_entries_first_and_costs_the_same_for_many(
    client, ed, rita, coverage, django_assert_max_num_queries
):
    client.force_login(ed)
    post_entry(coverage, "<p>Filed by Rita.</p>", user=rita, status="pending")
    post_entry(coverage, user=ed)
    client.get(entries_url(coverage))  # Wagtail's per-process lookups, once
    with django_assert_max_num_queries(40) as few:
        client.get(entries_url(coverage))
    for number in range(10):
        entry = post_entry(coverage, f"<p>Update {number}.</p>", user=ed)
        entry.authors.add(factories.make_author())
        post_entry(coverage, f"<p>Waiting {number}.</p>", user=rita, status="pending")
    with django_assert_max_num_queries(len(few)):
        response = client.get(entries_url(coverage))
    page = BeautifulSoup(response.content, "html.parser")
    waiting = [
        row.select_one(".title").get_text(" ", strip=True)
        for row in page.select("[data-live-waiting] tr[data-live-entry]")
    ]
    assert waiting[0] == "Filed by Rita." and len(waiting) == 11
    assert re.search(r"Update 9\.", page.select("[data-live-entries] tr[data-live-entry]")[0].text)


def test_a_live_editor_fixes_a_waiting_entry_and_publishes_it_in_one_save(client, ed, rita, world):
    coverage = make_coverage(world)
    waiting = post_entry(coverage, "<p>Boats reach the villages.</p>", user=rita, status="pending")
    client.force_login(ed)
    form = BeautifulSoup(client.get(entry_url(waiting)).content, "html.parser")
    assert form.select_one("[data-live-save-entry]").get_text(strip=True) == "Publish entry"
    fixed = entry_form("<p>Boats reach the northern villages.</p>", "published", corrections=[])
    response = client.post(entry_url(waiting), fixed, follow=True)
    assert "“Boats reach the northern villages.” is live." in response.text
    waiting.refresh_from_db()
    assert (waiting.status, waiting.published_by, waiting.edited_at) == ("published", ed, None)

    later = post_entry(coverage, "<p>More boats.</p>", user=rita, status="pending")
    LiveCoverage.objects.filter(pk=coverage.pk).update(coverage_status="ended")
    response = client.post(entry_url(later), fixed, follow=True)
    assert "has ended: reopen it to post entries." in response.text
    assert LiveEntry.objects.get(pk=later.pk).status == "pending"
