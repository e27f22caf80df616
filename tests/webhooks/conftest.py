import pytest

from tests.webhook_receivers import receiving
from webhooks.models import Webhook

ALL_STORY_EVENTS = ["story.published", "story.updated", "story.unpublished"]


@pytest.fixture
def receiver(settings):
    """A receiver on 127.0.0.1 that answers 204, reachable because the test allows that host."""
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with receiving() as receiver:
        yield receiver


@pytest.fixture
def webhook(receiver, task_worker):
    return Webhook.objects.create(name="Front end cache", url=receiver.url, events=ALL_STORY_EVENTS)
