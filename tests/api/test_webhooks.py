"""Webhooks: signed JSON after commit, retried with back-off, never in the way of publishing."""

import hashlib
import hmac
import json
from datetime import timedelta
from unittest import mock

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_story
from webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

ALL_STORY_EVENTS = ["story.published", "story.updated", "story.unpublished"]


@pytest.fixture
def receiver():
    return Webhook.objects.create(
        name="Front end cache", url="https://hooks.example/newsdesk", events=ALL_STORY_EVENTS
    )


@pytest.fixture
def sent():
    """Every HTTP call a delivery makes, answered 204; no test reaches the network."""
    with mock.patch("webhooks.delivery.send", return_value=204) as send:
        yield send


def calls(sent):
    return [(json.loads(call.args[1]), call.args[2]) for call in sent.call_args_list]


def test_publishing_a_story_sends_a_signed_event(
    receiver, sent, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(world, title="Just out")

    [(payload, headers)] = calls(sent)
    assert payload == {
        "event": "story.published",
        "story": {
            "id": story.pk,
            "type": "news.NewsArticle",
            "api_url": f"http://testserver/api/v2/pages/{story.pk}/",
        },
    }
    body = sent.call_args.args[1]
    expected = hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Newsdesk-Signature"] == f"sha256={expected}"
    assert headers["X-Newsdesk-Event"] == "story.published"
    assert WebhookDelivery.objects.get().status == "delivered"


def test_nothing_is_sent_before_the_transaction_commits(
    receiver, sent, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_story(world)
    assert sent.call_count == 0 and len(callbacks) >= 1


def test_republishing_a_live_story_is_an_update_and_unpublishing_is_told(
    receiver, sent, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(world)
        story.title = "Corrected headline"
        story.save_revision().publish()
        story.unpublish()
        story.get_latest_revision().publish()
    events = [payload["event"] for payload, _ in calls(sent)]
    assert events == ["story.published", "story.updated", "story.unpublished", "story.published"]


def test_a_webhook_gets_only_the_events_it_asked_for(
    sent, world, django_capture_on_commit_callbacks
):
    Webhook.objects.create(
        name="Unpublish only", url="https://a.example/", events=["story.unpublished"]
    )
    Webhook.objects.create(
        name="Paused", url="https://b.example/", events=ALL_STORY_EVENTS, is_active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world).unpublish()
    assert [payload["event"] for payload, _ in calls(sent)] == ["story.unpublished"]


def test_a_failing_receiver_never_stops_publishing_and_is_retried_with_backoff(
    receiver, world, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDESK_WEBHOOK_MAX_ATTEMPTS = 3
    failing = mock.patch("webhooks.delivery.send", side_effect=requests.Timeout("too slow"))
    with failing, django_capture_on_commit_callbacks(execute=True):
        story = make_story(world, title="Out despite the receiver")
    story.refresh_from_db()
    assert story.live

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == ("pending", 1, "too slow")
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < first_wait <= timedelta(seconds=30)

    with mock.patch("webhooks.delivery.send", return_value=500):
        call_command("deliver_webhooks")  # not due yet: nothing happens
        delivery.refresh_from_db()
        assert delivery.attempts == 1
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        call_command("deliver_webhooks")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 2, 500)
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=100)  # backing off

    with mock.patch("webhooks.delivery.send", return_value=503):
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        call_command("deliver_webhooks")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)  # gave up, logged


def test_a_later_success_is_logged_as_delivered(
    receiver, world, django_capture_on_commit_callbacks
):
    failing = mock.patch("webhooks.delivery.send", return_value=502)
    with failing, django_capture_on_commit_callbacks(execute=True):
        make_story(world)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    with mock.patch("webhooks.delivery.send", return_value=200):
        call_command("deliver_webhooks")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.delivered_at


def test_the_admin_configures_webhooks_and_shows_the_log_read_only(
    admin_client, receiver, sent, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world)
    assert admin_client.get("/admin/webhooks/").status_code == 200
    log = admin_client.get("/admin/webhook_deliveries/")
    assert log.status_code == 200 and b"story.published" in log.content
    delivery = WebhookDelivery.objects.get()
    assert admin_client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/").status_code == 200
    assert admin_client.get(f"/admin/webhook_deliveries/edit/{delivery.pk}/").status_code in (
        302,
        403,
    )

    response = admin_client.post(
        "/admin/webhooks/new/",
        {
            "name": "Slack",
            "url": "https://hooks.slack.example/x",
            "events": ["story.approved"],
            "secret": "s3cret",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Webhook.objects.get(name="Slack").events == ["story.approved"]


def test_an_event_raised_during_a_request_is_sent_after_its_response(
    receiver, sent, world, django_capture_on_commit_callbacks
):
    from django.core.signals import request_finished, request_started

    from webhooks.delivery import hold_deliveries, release_deliveries

    # Django signals the start and the end of every request to these two.
    assert hold_deliveries in [receiver[1]() for receiver in request_started.receivers]
    assert release_deliveries in [receiver[1]() for receiver in request_finished.receivers]

    hold_deliveries()
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world)
    assert sent.call_count == 0  # the editor's response is not kept waiting on a receiver
    assert WebhookDelivery.objects.get().status == "pending"

    release_deliveries()
    assert sent.call_count == 1
    assert WebhookDelivery.objects.get().status == "delivered"
