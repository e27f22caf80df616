"""Deliveries run on the database task worker: never in a web request, cut off at a deadline,
retried with back-off until delivered or given up, and visible in the delivery log."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.api.conftest import bearer, make_newsroom_user, token_for
from tests.factories import make_story
from tests.webhook_receivers import receiving
from webhooks.delivery import LOST_AFTER
from webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

DELIVERY_TASK = "webhooks.delivery.deliver_webhook"


def waiting_tasks():
    return DBTaskResult.objects.filter(task_path=DELIVERY_TASK, status="READY")


def bring_retries_forward():
    """What waiting does: the next attempt's time has come."""
    now = timezone.now()
    waiting_tasks().update(run_after=now)
    WebhookDelivery.objects.filter(status="pending").update(next_attempt_at=now)


def publish_over_the_api(client, story, django_user_model, capture_on_commit):
    editor = make_newsroom_user(django_user_model, "editor", "add", "change", "publish")
    with capture_on_commit(execute=True):
        response = client.post(
            f"/api/v3/pages/{story.pk}/actions/publish/", **bearer(token_for(editor))
        )
    assert response.status_code == 200
    return response


def test_a_publish_only_enqueues_and_the_worker_delivers(
    webhook, receiver, task_worker, client, world, django_user_model,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    story = make_story(world, title="Ready to go", publish=False)
    publish_over_the_api(client, story, django_user_model, django_capture_on_commit_callbacks)

    assert receiver.connections == 0  # the editor's request never talked to the receiver
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.next_attempt_at is not None
    assert waiting_tasks().count() == 1

    task_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 204)
    assert len(receiver.requests) == 1
    assert waiting_tasks().count() == 0


def test_a_slow_receiver_never_blocks_publishing_and_is_cut_off_at_the_deadline(
    task_worker, client, world, django_user_model, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.NEWSDESK_WEBHOOK_TIMEOUT_SECONDS = 1
    # Well within any per-read timeout, a byte at a time: the whole answer takes about 5.6 s.
    dribbling = receiving(answer=b"HTTP/1.1 204 No Content\r\n\r\n", byte_every=0.2)
    with dribbling as slow:
        Webhook.objects.create(name="Slow", url=slow.url, events=["story.published"])
        story = make_story(world, publish=False)
        publish_over_the_api(client, story, django_user_model, django_capture_on_commit_callbacks)
        assert slow.connections == 0

        task_worker()
    delivery = WebhookDelivery.objects.get()
    assert len(slow.requests) == 1  # it was asked, and dribbled its answer
    assert (delivery.status, delivery.attempts, delivery.error) == (
        "pending",
        1,
        "No answer within 1 s.",
    )
    assert waiting_tasks().get().run_after == delivery.next_attempt_at


def test_a_failing_receiver_is_retried_with_backoff_then_given_up_visibly(
    webhook, receiver, task_worker, world, django_capture_on_commit_callbacks, settings,
    admin_client, caplog,
):  # fmt: skip
    settings.NEWSDESK_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answer = b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
    caplog.set_level(logging.INFO, logger="webhooks")
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(world, title="Out despite the receiver")
    task_worker()
    story.refresh_from_db()
    assert story.live

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        "pending",
        1,
        "Not a 2xx response (500).",
    )
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < first_wait <= timedelta(seconds=30)
    assert waiting_tasks().get().run_after == delivery.next_attempt_at

    task_worker()  # not due yet: nothing happens
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    bring_retries_forward()
    task_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 2, 500)
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=100)  # backing off

    bring_retries_forward()
    task_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert waiting_tasks().count() == 0
    assert len(receiver.requests) == 3

    failures = [r for r in caplog.records if r.name == "webhooks.delivery"]
    assert [r.levelname for r in failures] == ["WARNING", "WARNING", "ERROR"]
    assert "given up after 3 attempts" in failures[-1].getMessage()
    log = admin_client.get("/admin/webhook_deliveries/?status=failed")
    assert log.status_code == 200
    assert b"Gave up" in log.content and b"Not a 2xx response (500)." in log.content


def test_a_later_success_is_logged_as_delivered(
    webhook, receiver, task_worker, world, django_capture_on_commit_callbacks
):
    receiver.answer = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world)
    task_worker()
    receiver.answer = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
    bring_retries_forward()
    task_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == ("delivered", 2, "")
    assert delivery.delivered_at and delivery.next_attempt_at is None


def test_a_delivery_whose_worker_died_mid_attempt_is_sent_again(
    webhook, receiver, task_worker, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world)
    with mock.patch("webhooks.transport.post", side_effect=SystemExit):
        task_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert delivery.next_attempt_at > timezone.now()  # still knows when to be tried again
    assert waiting_tasks().count() == 0  # but its task is gone

    call_command("deliver_webhooks")  # not lost yet: the attempt may still be running
    assert waiting_tasks().count() == 0
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - LOST_AFTER)
    call_command("deliver_webhooks")
    task_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert len(receiver.requests) == 1


def test_a_pending_delivery_cannot_lack_a_next_attempt(webhook):
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookDelivery.objects.create(
            webhook=webhook, event="story.published", payload={}, next_attempt_at=None
        )


def test_an_unexpected_error_counts_as_an_attempt_and_is_logged(
    webhook, task_worker, world, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world)
    with mock.patch("webhooks.transport.post", side_effect=RuntimeError("bug")):
        task_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        "pending",
        1,
        "The delivery failed unexpectedly (see the server log).",
    )
    assert waiting_tasks().get().run_after == delivery.next_attempt_at
    assert "failed unexpectedly" in caplog.text
