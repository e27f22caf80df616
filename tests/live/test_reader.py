"""The reader's coverage page: what it shows of the entries, in which order, page by page, and
what it hides; how it hands the self-updating script its cursor; what the cache does with it."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from live.models import EntryCorrection, LiveCoverage, LiveCursor, LiveEntry
from tests import factories
from tests.live.conftest import make_coverage, post_entry
from tests.live.reading import post_entries, stream_ids

pytestmark = pytest.mark.django_db


def test_entries_show_newest_first_with_their_times_titles_and_bylines(client, coverage):
    reporter = factories.make_author("Asha Rao")
    older, newer = post_entries(coverage, 2)
    newer.title = "Bridge closed"
    newer.save()
    newer.authors.add(reporter)
    response = client.get(coverage.url)
    assert stream_ids(response) == [newer.pk, older.pk]
    article = entry_html(response, newer)
    assert '<h3 class="live-entry__title">Bridge closed</h3>' in article
    assert "Update number 1." in article
    assert 'rel="author" href="/authors/asha-rao/">Asha Rao</a>' in article
    # Relative time as Recent Posts prints it, and the clock time beside it.
    assert "2 hours ago" in entry_html(response, older)
    assert f">{older.posted_at:%H:%M}</time>" in entry_html(response, older)


def test_pending_and_withdrawn_entries_and_other_coverages_entries_are_never_shown(
    client, world, coverage
):
    shown = post_entry(coverage, text="<p>Confirmed by the agency.</p>")
    post_entry(coverage, text="<p>Rumour awaiting approval.</p>", status=LiveEntry.Status.PENDING)
    gone = post_entry(coverage, text="<p>Posted in error.</p>")
    gone.status = LiveEntry.Status.WITHDRAWN
    gone.save()
    elsewhere = make_coverage(world, title="Election night: live")
    post_entry(elsewhere, text="<p>Polls close.</p>", pinned=True, key_event=True)
    response = client.get(coverage.url)
    assert stream_ids(response) == [shown.pk]
    for hidden in ["Rumour awaiting approval.", "Posted in error.", "Polls close."]:
        assert hidden not in response.text


def test_an_author_whose_profile_is_unpublished_is_left_off_an_entrys_byline(client, coverage):
    entry = post_entry(coverage)
    unpublished = factories.make_author("Draft", live=False)
    entry.authors.add(factories.make_author("Shown Writer"), unpublished)
    article = entry_html(client.get(coverage.url), entry)
    assert "Shown Writer" in article and "Draft" not in article


def test_what_we_know_and_pinned_entries_come_before_key_events_and_the_stream(client, world):
    coverage = make_coverage(
        world, body=[factories.paragraph("<p>Three districts are under water.</p>")]
    )
    pinned, key, plain = post_entries(coverage, 3)
    LiveEntry.objects.filter(pk=pinned.pk).update(pinned=True)
    key.title, key.key_event = "Dam gates opened", True
    key.save()
    text = client.get(coverage.url).text
    order = [
        text.index("What we know"),
        text.index("Three districts are under water."),
        text.index(f'id="pinned-entry-{pinned.pk}"'),
        text.index('id="key-events"'),
        text.index(f'id="entry-{plain.pk}"'),
    ]
    assert order == sorted(order)
    # The pinned entry keeps its place in the stream too; its copy above has ids of its own.
    assert text.count(f'id="entry-{pinned.pk}"') == 1
    assert f'<a href="#entry-{key.pk}"><time' in text and "Dam gates opened</a>" in text


def test_a_key_event_without_a_title_is_named_by_its_opening_words(client, coverage):
    text = "<p>The <b>army</b> has arrived in the northern villages.</p>"
    entry = post_entry(coverage, text=text)
    entry.key_event = True
    entry.save()
    key_events = section(client.get(coverage.url).text, 'id="key-events"', "</nav>")
    assert "The army has arrived in the northern villages.</a>" in key_events


def test_no_key_events_and_no_pinned_entries_leave_their_boxes_hidden(client, coverage):
    post_entry(coverage)
    text = client.get(coverage.url).text
    assert re.search(r'<section class="live-pinned"[^>]* hidden>', text)
    assert re.search(r'<nav class="live-key-events"[^>]* hidden>', text)


def test_an_edited_entry_says_updated_at_the_newsroom_time(client, settings, coverage):
    settings.TIME_ZONE = "Asia/Kolkata"
    posted = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    edited = post_entry(coverage, posted_at=posted)
    edited.edited_at = posted + timedelta(minutes=47)
    edited.save()
    untouched = post_entry(coverage, posted_at=posted + timedelta(minutes=5))
    response = client.get(coverage.url)
    assert "Updated <time" in entry_html(response, edited)
    assert ">15:17</time>" in entry_html(response, edited)  # 09:47 UTC is 15:17 in Kolkata
    assert ">14:30</time>" in entry_html(response, edited)  # and it was posted at 14:30 there
    assert "Updated" not in entry_html(response, untouched)


def test_an_entrys_corrections_show_with_it(client, coverage):
    entry = post_entry(coverage)
    EntryCorrection.objects.create(entry=entry, text="We said 300 families; it was 30.")
    article = entry_html(client.get(coverage.url), entry)
    assert "We said 300 families; it was 30." in article
    assert f'id="corrections-entry-{entry.pk}"' in article


def test_entries_beyond_the_newest_come_a_page_at_a_time_and_past_the_last_is_a_404(
    client, settings, coverage
):
    settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE = 3
    entries = post_entries(coverage, 7)
    newest_first = [entry.pk for entry in reversed(entries)]
    assert stream_ids(client.get(coverage.url)) == newest_first[:3]
    assert stream_ids(client.get(f"{coverage.url}?page=2")) == newest_first[3:6]
    last = client.get(f"{coverage.url}?page=3")
    assert stream_ids(last) == newest_first[6:]
    assert 'rel="prev" href="?page=2"' in last.text and 'rel="next"' not in last.text
    for page in ["4", "0", "-1", "abc"]:
        assert client.get(f"{coverage.url}?page={page}").status_code == 404, page


def test_a_coverage_without_entries_says_so(client, coverage):
    post_entry(coverage, status=LiveEntry.Status.PENDING)
    response = client.get(coverage.url)
    assert stream_ids(response) == []
    assert "No updates yet." in response.text


def test_the_page_hands_its_script_the_cursor_and_the_entries_endpoint(client, coverage):
    post_entries(coverage, 2)
    text = client.get(coverage.url).text
    cursor = LiveCursor.current(coverage.pk)
    assert cursor > 0
    assert f'data-cursor="{cursor}"' in text
    assert f'data-entries-url="/api/v2/live/{coverage.pk}/entries/"' in text
    assert 'data-live="true"' in text and '<span class="live-badge">Live</span>' in text
    assert re.search(r'<script src="/static/live/live_coverage\.js" defer></script>', text)
    # The CSP allows our own scripts only: nothing inline but JSON-LD, which is data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text)
    assert inline == [' type="application/ld+json"']


def test_an_ended_coverage_says_when_it_ended_and_asks_the_script_for_nothing(client, world):
    coverage = make_coverage(world)
    ended_at = datetime(2024, 5, 2, 18, 30, tzinfo=UTC)
    LiveCoverage.objects.filter(pk=coverage.pk).update(
        coverage_status=LiveCoverage.Status.ENDED, coverage_ended_at=ended_at
    )
    text = client.get(coverage.url).text
    assert 'live-badge--ended">Ended</span>' in text
    assert 'Ended <time datetime="2024-05-02T18:30:00+00:00">May 2, 18:30</time>' in text
    assert 'data-live="false"' in text


def test_a_new_entry_reaches_the_cached_page_and_a_withdrawn_one_leaves_it(client, coverage):
    first = post_entry(coverage, text="<p>First report.</p>")
    client.get(coverage.url)
    assert client.get(coverage.url)["X-Cache"] == "hit"
    second = post_entry(coverage, text="<p>Second report.</p>")
    response = client.get(coverage.url)
    assert response["X-Cache"] == "miss"
    assert stream_ids(response) == [second.pk, first.pk]
    assert client.get(coverage.url)["X-Cache"] == "hit"
    second.status = LiveEntry.Status.WITHDRAWN
    second.save()
    assert stream_ids(client.get(coverage.url)) == [first.pk]


def entry_html(response, entry):
    return section(response.text, f'<li><article id="entry-{entry.pk}"', "</article>")


def section(text, start, end):
    assert start in text, start
    opening = text.index(start)
    return text[opening : text.index(end, opening)]
