"""Sending events to webhooks: signed, after the transaction commits, retried with back-off.

Publishing never waits on a receiver: an event raised while an editor's request is being
handled is delivered only once the response has gone back (Django's request_finished), each
attempt has a short timeout, and a failed attempt is scheduled again rather than slept on.
With a task worker (a TASKS backend that supports `run_after`) attempts run on the worker;
with the default inline backend retries are picked up by `manage.py deliver_webhooks`, run
from cron like `publish_scheduled`.
"""

import hashlib
import hmac
import json
from contextvars import ContextVar
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from webhooks.models import Webhook, WebhookDelivery

FIRST_RETRY = timedelta(seconds=30)
BACKOFF_FACTOR = 4  # 30 s, 2 min, 8 min, 32 min, about 2 h


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def announce(event, story):
    """Tell every webhook that wants `event` about `story`, once the change is committed."""
    payload = {
        "event": event,
        "story": {
            "id": story.pk,
            "type": story.specific_class._meta.label,
            "api_url": settings.WAGTAILADMIN_BASE_URL
            + reverse("wagtailapi:pages:detail", args=[story.pk]),
        },
    }
    transaction.on_commit(lambda: queue_deliveries(event, payload))


def queue_deliveries(event, payload):
    for webhook in Webhook.objects.filter(is_active=True):
        if webhook.wants(event):
            delivery = WebhookDelivery.objects.create(webhook=webhook, event=event, payload=payload)
            after_response = _after_response.get()
            if after_response is None:  # a command or the scheduler: nobody is waiting
                deliver_webhook.enqueue(delivery.pk)
            else:
                after_response.append(delivery.pk)


# Deliveries raised while a request is handled, sent once its response has gone out.
_after_response = ContextVar("webhook_deliveries_after_response", default=None)


def hold_deliveries(**kwargs):
    _after_response.set([])


def release_deliveries(**kwargs):
    held = _after_response.get() or []
    _after_response.set(None)
    for delivery_id in held:
        deliver_webhook.enqueue(delivery_id)


def send(url, body, headers):
    """The one network call; tests replace it."""
    response = requests.post(
        url, data=body, headers=headers, timeout=settings.NEWSDESK_WEBHOOK_TIMEOUT_SECONDS
    )
    return response.status_code


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
    try:
        delivery.response_status = send(delivery.webhook.url, body, headers)
        delivery.error = "" if 200 <= delivery.response_status < 300 else "Not a 2xx response"
    except requests.RequestException as error:
        delivery.response_status, delivery.error = None, str(error)[:2000]

    now = timezone.now()
    if not delivery.error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
    elif delivery.attempts >= settings.NEWSDESK_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        delay = FIRST_RETRY * BACKOFF_FACTOR ** (delivery.attempts - 1)
        delivery.status, delivery.next_attempt_at = "pending", now + delay
    delivery.save()
    return delivery


@task()
def deliver_webhook(delivery_id):
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.status != WebhookDelivery.Status.PENDING:
        return
    attempt(delivery)
    if delivery.next_attempt_at and retries_on_worker(deliver_webhook):
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


def retries_on_worker(task: Task):
    return task.get_backend().supports_defer


def deliver_due(now=None):
    """Retry every delivery whose time has come; what `manage.py deliver_webhooks` runs."""
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now or timezone.now()
    ).select_related("webhook")
    return [attempt(delivery) for delivery in due]
