"""Sending events to webhooks: signed, on the task worker, retried with back-off, logged.

A web request never talks to a receiver. Publishing records one delivery per interested
webhook in the same transaction as the change, and once it commits enqueues a django-tasks
task; the worker (`manage.py db_worker`) makes each attempt within a total deadline and, when it
fails, enqueues the next one for later (`run_after`) until it is delivered or given up after
NEWSDESK_WEBHOOK_MAX_ATTEMPTS. A pending delivery always has a next attempt time, and
`manage.py deliver_webhooks` enqueues again any whose task was lost (a worker killed mid-attempt).
"""

import hashlib
import hmac
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from webhooks import transport
from webhooks.addresses import Unreachable, destination
from webhooks.models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
BACKOFF_FACTOR = 4  # 30 s, 2 min, 8 min, 32 min, about 2 h
# How long past its time a pending delivery may wait for a worker before it is enqueued again.
LOST_AFTER = timedelta(minutes=5)


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def story_reference(story):
    return {
        "id": story.pk,
        "type": story.specific_class._meta.label,
        "api_url": settings.WAGTAILADMIN_BASE_URL
        + reverse("wagtailapi:pages:detail", args=[story.pk]),
    }


def announce(event, story, **details):
    """Tell every webhook that wants `event` about `story` (and `details`, more of the
    payload), once the change is committed."""
    payload = {"event": event, "story": story_reference(story), **details}
    now = timezone.now()
    for webhook in Webhook.objects.filter(is_active=True):
        if webhook.wants(event):
            delivery = WebhookDelivery.objects.create(
                webhook=webhook, event=event, payload=payload, next_attempt_at=now
            )
            transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))


def attempt(delivery):
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Newsdesk-Webhooks/1",
        "X-Newsdesk-Event": delivery.event,
        "X-Newsdesk-Delivery": str(delivery.pk),
        "X-Newsdesk-Signature": signature(delivery.webhook.secret, body),
    }
    delivery.attempts += 1
    delivery.response_status, delivery.error = None, ""
    try:
        # Checked again now, not trusted from when the URL was saved: DNS may have changed.
        receiver = destination(delivery.webhook.url)
        delivery.response_status = transport.post(
            receiver, body, headers, settings.NEWSDESK_WEBHOOK_TIMEOUT_SECONDS
        )
    except Unreachable as refusal:
        delivery.error = f"Refused: {refusal.message}"
    except transport.DeliveryFailed as failure:
        delivery.error = str(failure)
    except Exception:
        # Whatever went wrong, this attempt counts and is recorded: a delivery must move on
        # towards delivered or given up, never be retried for ever unseen.
        logger.exception("Webhook delivery %s failed unexpectedly", delivery.pk)
        delivery.error = "The delivery failed unexpectedly (see the server log)."
    else:
        if 300 <= delivery.response_status < 400:
            delivery.error = f"Redirect ({delivery.response_status}) not followed."
        elif not 200 <= delivery.response_status < 300:
            delivery.error = f"Not a 2xx response ({delivery.response_status})."
    record(delivery)


def record(delivery):
    now = timezone.now()
    if not delivery.error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
        logger.info("Webhook delivery %s (%s) delivered", delivery.pk, delivery)
    elif delivery.attempts >= settings.NEWSDESK_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = "failed", None
        logger.error(
            "Webhook delivery %s (%s) given up after %s attempts: %s",
            delivery.pk,
            delivery,
            delivery.attempts,
            delivery.error,
        )
    else:
        delay = FIRST_RETRY * BACKOFF_FACTOR ** (delivery.attempts - 1)
        delivery.status, delivery.next_attempt_at = "pending", now + delay
        logger.warning(
            "Webhook delivery %s (%s) attempt %s failed, next at %s: %s",
            delivery.pk,
            delivery,
            delivery.attempts,
            delivery.next_attempt_at.isoformat(timespec="seconds"),
            delivery.error,
        )
    delivery.save()
    if delivery.next_attempt_at:
        enqueue_retry(delivery)


def enqueue_retry(delivery):
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    # Otherwise (an inline backend) deliver_webhooks, from the scheduler or cron, enqueues it.


def claim(delivery_id):
    """Take a due delivery for one attempt, or None if it is not due (a duplicate task)."""
    now = timezone.now()
    # Until the attempt is recorded, the next attempt is after this one's deadline: should the
    # worker die mid-attempt, the delivery is still pending with a time, and is picked up again.
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(
        next_attempt_at=now
        + timedelta(seconds=settings.NEWSDESK_WEBHOOK_TIMEOUT_SECONDS)
        + LOST_AFTER
    )
    if claimed:
        return WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    return None


@task()
def deliver_webhook(delivery_id):
    if delivery := claim(delivery_id):
        attempt(delivery)


def enqueue_lost(now=None):
    """Enqueue again every pending delivery long past its time; what deliver_webhooks runs."""
    lost = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=(now or timezone.now()) - LOST_AFTER,
    ).values_list("pk", flat=True)
    for delivery_id in lost:
        deliver_webhook.enqueue(delivery_id)
    return len(lost)
