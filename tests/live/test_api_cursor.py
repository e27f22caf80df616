"""The cursor endpoint: the newest entries, then every change since a cursor, in API v2 and v3."""

import pytest

from live.models import LiveEntry
from tests.live.conftest import post_entry

ENDPOINTS = ["/api/v2/live/{}/entries/", "/api/v3/live/{}/entries/"]


@pytest.fixture(params=ENDPOINTS, ids=["v2", "v3"])
def entries_url(request, coverage):
    return request.param.format(coverage.pk)


def test_without_a_cursor_the_newest_published_entries_come_newest_first(
    client, coverage, entries_url
):
    first = post_entry(coverage, "<p>First.</p>", title="First")
    second = post_entry(coverage, "<p>Second.</p>", title="Second")
    post_entry(coverage, "<p>Waiting for an editor.</p>", status=LiveEntry.Status.PENDING)

    data = client.get(entries_url).json()

    assert [entry["id"] for entry in data["entries"]] == [second.pk, first.pk]
    assert data["coverage"]["id"] == coverage.pk
    assert data["coverage"]["status"] == "live"
    assert data["coverage"]["url"].endswith(coverage.url)
    # The pending entry took a number too: the cursor is the coverage's last one.
    assert data["cursor"] == 3
    newest = data["entries"][0]
    assert newest["title"] == "Second"
    assert newest["body"][0]["type"] == "paragraph"
    assert "Second." in newest["body"][0]["value"]
    assert newest["url"].endswith(f"{coverage.url}?entry={second.pk}#entry-{second.pk}")
    assert f'id="entry-{second.pk}"' in newest["html"]


def test_limit_picks_how_many_of_the_newest(client, coverage, entries_url):
    entries = [post_entry(coverage, f"<p>Update {n}.</p>") for n in range(4)]
    data = client.get(entries_url, {"limit": 2}).json()
    assert [entry["id"] for entry in data["entries"]] == [entries[3].pk, entries[2].pk]


def test_since_gives_every_change_after_the_cursor_oldest_first(client, coverage, entries_url):
    kept = post_entry(coverage, "<p>Kept.</p>")
    gone = post_entry(coverage, "<p>Wrong.</p>")
    cursor = client.get(entries_url).json()["cursor"]

    new = post_entry(coverage, "<p>New.</p>")
    gone.status = LiveEntry.Status.WITHDRAWN
    gone.save()
    kept.pinned = True
    kept.save()

    data = client.get(entries_url, {"since": cursor}).json()

    assert [(entry["id"], entry["status"]) for entry in data["entries"]] == [
        (new.pk, "published"),
        (gone.pk, "withdrawn"),
        (kept.pk, "published"),
    ]
    # A withdrawn entry says only that it went.
    assert data["entries"][1] == {"id": gone.pk, "sequence": gone.sequence, "status": "withdrawn"}
    assert data["entries"][2]["pinned"] is True
    assert data["cursor"] == kept.sequence
    assert client.get(entries_url, {"since": data["cursor"]}).json()["entries"] == []


def test_a_pending_entry_is_not_a_change_readers_learn_of(client, coverage, entries_url):
    cursor = client.get(entries_url).json()["cursor"]
    post_entry(coverage, "<p>Not yet.</p>", status=LiveEntry.Status.PENDING)
    assert client.get(entries_url, {"since": cursor}).json()["entries"] == []


def test_a_client_far_behind_gets_the_changes_in_pages_by_cursor(client, coverage, entries_url):
    entries = [post_entry(coverage, f"<p>Update {n}.</p>") for n in range(5)]
    seen = []
    cursor = 0
    for _ in range(3):
        data = client.get(entries_url, {"since": cursor, "limit": 2}).json()
        seen += [entry["id"] for entry in data["entries"]]
        cursor = data["cursor"]
    assert seen == [entry.pk for entry in entries]
    assert cursor == entries[-1].sequence
