"""Webhook events: which newsroom moments are told, signed, only once committed."""

import hashlib
import hmac
import json

import pytest

from tests.factories import make_story
from tests.webhooks.conftest import ALL_STORY_EVENTS
from webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def events(receiver):
    return [json.loads(body)["event"] for _, body in receiver.requests]


def test_publishing_a_story_sends_a_signed_event(
    webhook, receiver, task_worker, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(world, title="Just out")
    task_worker()

    [(headers, body)] = receiver.requests
    assert json.loads(body) == {
        "event": "story.published",
        "story": {
            "id": story.pk,
            "type": "news.NewsArticle",
            "api_url": f"http://testserver/api/v2/pages/{story.pk}/",
        },
    }
    expected = hmac.new(webhook.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-newsdesk-signature"] == f"sha256={expected}"
    assert headers["x-newsdesk-event"] == "story.published"
    assert headers["host"] == receiver.url.split("/")[2]
    assert WebhookDelivery.objects.get().status == "delivered"


def test_nothing_is_sent_before_the_transaction_commits(
    webhook, receiver, task_worker, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_story(world)
    task_worker()
    assert receiver.connections == 0 and len(callbacks) >= 1


def test_republishing_a_live_story_is_an_update_and_unpublishing_is_told(
    webhook, receiver, task_worker, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(world)
        story.title = "Corrected headline"
        story.save_revision().publish()
        story.unpublish()
        story.get_latest_revision().publish()
    task_worker()
    assert sorted(events(receiver)) == sorted(
        ["story.published", "story.updated", "story.unpublished", "story.published"]
    )
    assert [delivery.event for delivery in WebhookDelivery.objects.order_by("pk")] == [
        "story.published",
        "story.updated",
        "story.unpublished",
        "story.published",
    ]


def test_a_webhook_gets_only_the_events_it_asked_for(
    receiver, task_worker, world, django_capture_on_commit_callbacks
):
    Webhook.objects.create(name="Unpublish only", url=receiver.url, events=["story.unpublished"])
    Webhook.objects.create(
        name="Paused", url=receiver.url, events=ALL_STORY_EVENTS, is_active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world).unpublish()
    task_worker()
    assert events(receiver) == ["story.unpublished"]
