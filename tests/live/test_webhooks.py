"""Live coverage webhooks: a receiver gets exactly the entry and coverage events it asked for,
signed, with the entry as the API serves it; a pending entry announces nothing."""

import hashlib
import hmac
import json

import pytest

from live.desk.ending import end_coverage
from live.models import EntryCorrection, LiveEntry
from tests import factories
from tests.live.conftest import make_coverage, post_entry
from tests.webhook_receivers import receiving
from webhooks.models import Webhook

pytestmark = pytest.mark.django_db

LIVE_EVENTS = ["live.entry_published", "live.entry_updated", "live.ended"]


@pytest.fixture
def webhook(receiver, task_worker):
    return Webhook.objects.create(name="Live front end", url=receiver.url, events=LIVE_EVENTS)


@pytest.fixture
def receiver(settings):
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with receiving() as receiver:
        yield receiver


def received(receiver):
    return [json.loads(body) for _, body in receiver.requests]


def test_an_entry_published_is_told_with_its_json_and_coverage_signed(
    client, webhook, receiver, task_worker, coverage, django_capture_on_commit_callbacks
):
    author = factories.make_author("Asha Rao")
    with django_capture_on_commit_callbacks(execute=True):
        entry = post_entry(coverage, "<p>Dam breached.</p>", title="Dam", key_event=True)
        # As the desk saves them: authors and corrections after the entry itself.
        entry.authors.add(author)
        EntryCorrection.objects.create(entry=entry, text="It was the north dam.")
    task_worker()

    [(headers, body)] = receiver.requests
    payload = json.loads(body)
    assert payload["event"] == "live.entry_published"
    assert payload["story"]["id"] == payload["coverage"]["id"] == coverage.pk
    assert payload["story"]["type"] == "live.LiveCoverage"
    assert payload["coverage"]["url"] == f"http://localhost{coverage.url}"
    sent = payload["entry"]
    assert (sent["id"], sent["status"], sent["title"], sent["key_event"]) == (
        entry.pk,
        "published",
        "Dam",
        True,
    )
    assert [a["name"] for a in sent["authors"]] == ["Asha Rao"]
    assert sent["corrections"][0]["text"] == "It was the north dam."
    # The same JSON the cursor endpoint serves.
    served = client.get(f"/api/v2/live/{coverage.pk}/entries/", {"since": 0}).json()
    assert served["entries"] == [sent]
    expected = hmac.new(webhook.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-newsdesk-signature"] == f"sha256={expected}"


def test_edits_pins_and_withdrawals_of_a_published_entry_are_updates(
    webhook, receiver, task_worker, coverage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = post_entry(coverage)
    with django_capture_on_commit_callbacks(execute=True):
        entry.title = "Edited"
        entry.save()
    with django_capture_on_commit_callbacks(execute=True):
        entry.pinned = True
        entry.save()
    with django_capture_on_commit_callbacks(execute=True):
        entry.status = LiveEntry.Status.WITHDRAWN
        entry.save()
    task_worker()
    payloads = received(receiver)
    assert sorted(p["event"] for p in payloads) == sorted(
        ["live.entry_published"] + ["live.entry_updated"] * 3
    )
    updates = [p["entry"] for p in payloads if p["event"] == "live.entry_updated"]
    assert {"withdrawn"} == {u["status"] for u in updates if "title" not in u}
    assert {(u.get("title"), u.get("pinned")) for u in updates if "title" in u} == {
        ("Edited", False),
        ("Edited", True),
    }


def test_a_pending_entry_announces_nothing_until_it_is_published(
    webhook, receiver, task_worker, coverage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = post_entry(coverage, status=LiveEntry.Status.PENDING)
        entry.title = "Still waiting"
        entry.save()
    task_worker()
    assert receiver.requests == []

    with django_capture_on_commit_callbacks(execute=True):
        entry.status = LiveEntry.Status.PUBLISHED
        entry.posted_at = factories.timezone.now()
        entry.save()
    task_worker()
    assert [p["event"] for p in received(receiver)] == ["live.entry_published"]


def test_a_withdrawn_entry_changed_again_is_not_told(
    webhook, receiver, task_worker, coverage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = post_entry(coverage, status=LiveEntry.Status.WITHDRAWN)
        entry.title = "Gone anyway"
        entry.save()
    task_worker()
    assert receiver.requests == []


def test_ending_a_coverage_is_told_once(
    webhook, receiver, task_worker, coverage, django_capture_on_commit_callbacks
):
    editor = factories.make_user("desk", "Editors", "Desk Editor")
    with django_capture_on_commit_callbacks(execute=True):
        assert end_coverage(coverage, editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert not end_coverage(coverage, editor)  # already ended: nothing more to tell
    task_worker()
    [payload] = received(receiver)
    assert payload["event"] == "live.ended"
    assert payload["coverage"]["status"] == "ended" and payload["coverage"]["ended_at"]


def test_a_receiver_gets_only_the_events_it_asked_for(
    receiver, task_worker, world, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Stories", url=receiver.url, events=["story.published"])
    with django_capture_on_commit_callbacks(execute=True):
        coverage = make_coverage(world, title="Opening a coverage is publishing a story")
    with django_capture_on_commit_callbacks(execute=True):
        post_entry(coverage)
    task_worker()
    assert [(p["event"], p["story"]["type"]) for p in received(receiver)] == [
        ("story.published", "live.LiveCoverage")
    ]
