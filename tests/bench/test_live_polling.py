"""The live readers' benchmark polls as the coverage page's script does, and counts what it saw
correctly: the poller against the real cursor endpoint, and the arithmetic of its report."""

import json

import pytest

from bench.live_polling import (
    MOST_BACKOFF_SECONDS,
    POLL_SECONDS,
    Poller,
    latencies,
    page_state,
    poll_counts,
    summary,
)
from live.models import LiveEntry
from tests.live.conftest import make_coverage, post_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def coverage(world, settings):
    settings.NEWSDESK_RESPONSE_CACHE = True  # as the benchmark serves it
    coverage = make_coverage(world)
    post_entry(coverage, title="Before the reader came")
    return coverage


class Reader:
    """A Poller driven through the test client, each answer stamped with the next moment."""

    def __init__(self, client, coverage):
        self.client, self.moment = client, 0.0
        self.poller = Poller(*page_state(client.get(coverage.url).content.decode()))

    def poll(self):
        path, headers = self.poller.request()
        response = self.client.get(path, headers=headers)
        self.moment += POLL_SECONDS
        self.poller.receive(
            response.status_code, response.get("ETag"), response.content, self.moment
        )
        return response


def test_the_poller_starts_from_the_cursor_and_url_the_page_names(client, coverage):
    poller = Reader(client, coverage).poller
    assert poller.cursor == str(coverage.last_sequence)
    assert poller.entries_url == f"/api/v2/live/{coverage.pk}/entries/"
    assert poller.request() == (
        f"/api/v2/live/{coverage.pk}/entries/?since={coverage.last_sequence}",
        {"Accept": "application/json"},
    )


def test_a_page_without_a_live_entries_list_is_refused(client, world):
    with pytest.raises(ValueError, match="data-live-entries"):
        page_state(client.get(world.url).content.decode())


def test_an_idle_poll_sends_the_last_etag_and_gets_a_304(client, coverage):
    reader = Reader(client, coverage)
    first = reader.poll()
    assert first.status_code == 200 and json.loads(first.content)["entries"] == []
    assert reader.poller.etag == first["ETag"]
    assert reader.poller.request()[1]["If-None-Match"] == first["ETag"]
    assert reader.poll().status_code == 304
    assert reader.poller.first_seen == {}  # the entry before the page opened is not news


def test_a_new_entry_is_seen_once_at_the_poll_that_brought_it(client, coverage):
    reader = Reader(client, coverage)
    reader.poll(), reader.poll()
    entry = post_entry(coverage, title="Bridge closed")
    assert reader.poll().status_code == 200
    assert reader.poller.first_seen == {"Bridge closed": 3 * POLL_SECONDS}
    assert reader.poller.cursor == str(entry.sequence)
    # The next poll asks from the new cursor with the older answer's ETag: a different answer
    # (no entries), then idle 304s again; the entry keeps the moment it first arrived.
    assert reader.poll().status_code == 200
    assert reader.poll().status_code == 304
    assert reader.poller.first_seen == {"Bridge closed": 3 * POLL_SECONDS}
    assert [status for _, status in reader.poller.polls] == [200, 304, 200, 200, 304]


def test_a_withdrawn_or_waiting_entry_is_not_counted_as_received(client, coverage):
    reader = Reader(client, coverage)
    reader.poll()
    post_entry(coverage, title="Waiting for an editor", status=LiveEntry.Status.PENDING)
    withdrawn = post_entry(coverage, title="Wrong town")
    withdrawn.status = LiveEntry.Status.WITHDRAWN
    withdrawn.save()
    assert reader.poll().status_code == 200
    assert reader.poller.first_seen == {}


def test_the_poller_stops_when_the_coverage_is_hidden(client, coverage):
    reader = Reader(client, coverage)
    coverage.unpublish()
    assert reader.poll().status_code == 404
    assert reader.poller.stopped


def test_the_poller_stops_when_the_coverage_ends():
    poller = Poller("4", "/api/v2/live/1/entries/")
    answer = {"coverage": {"status": "ended"}, "cursor": 5, "entries": []}
    poller.receive(200, '"e"', json.dumps(answer), 1.0)
    assert poller.stopped and poller.cursor == "5"


def test_failures_double_the_pause_up_to_a_minute_and_an_answer_resets_it():
    poller = Poller("4", "/api/v2/live/1/entries/?format=json")
    for _ in range(8):
        poller.receive(503, None, b"", 1.0)
    assert poller.delay == MOST_BACKOFF_SECONDS
    poller.receive(0, None, b"connection refused", 2.0)  # no answer at all
    assert poller.delay == MOST_BACKOFF_SECONDS and not poller.stopped
    poller.receive(304, None, b"", 3.0)
    assert poller.delay == POLL_SECONDS
    assert poller.request()[0] == "/api/v2/live/1/entries/?format=json&since=4"


def test_latency_is_first_receipt_minus_the_post_returning_and_misses_are_counted():
    posted = {"A": 10.0, "B": 20.0}
    early, late = Poller("0", "/e/"), Poller("0", "/e/")
    early.first_seen = {"A": 11.5, "B": 21.0, "Backlog": 1.0}
    late.first_seen = {"A": 12.0}
    assert latencies(posted, [early, late]) == ([1.5, 1.0, 2.0], 1)


def test_the_summary_takes_nearest_rank_percentiles():
    assert summary([i / 10 for i in range(100, 0, -1)]) == {
        "n": 100,
        "p50": 5.0,
        "p95": 9.5,
        "max": 10.0,
    }
    assert summary([]) == {"n": 0, "p50": None, "p95": None, "max": None}


def test_poll_counts_cover_the_window_only():
    reader = Poller("0", "/e/")
    reader.polls = [(0.5, 200), (1.0, 304), (2.0, 304), (3.0, 500), (4.0, 304), (9.0, 200)]
    assert poll_counts([reader], 1.0, 5.0) == {
        "polls": 4,
        "polls_per_second": 1.0,
        "share_304": 0.75,
        "failed": 1,
    }
    assert poll_counts([reader], 5.0, 6.0)["share_304"] is None
