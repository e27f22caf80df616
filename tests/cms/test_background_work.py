"""With TASKS_URL naming a Redis, background work goes to RQ workers, in processes of their own:
webhook deliveries, Wagtail's search-index updates and CDN purges all wait for a worker, so a
publish never waits for them; and a delivery whose worker was killed mid-attempt is made again
by another worker, once.

Everything runs as deployed: gunicorn, `manage.py rqworker`, a redis-server of the test's own,
on a database set up by `migrate` alone (tests/fresh_newsroom.py).
"""

import time

import pytest
import requests

from tests.cms.test_migrate_is_the_whole_setup import HEADLINE, SEED_ARTICLE, bearer
from tests.webhook_receivers import receiving

# How long a test waits for a worker before failing; never an assertion about speed.
PATIENCE_SECONDS = 90


def eventually(check, what):
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"Not within {PATIENCE_SECONDS} s: {what}")


@pytest.fixture
def rq_newsroom(newsroom, redis_server):
    """A newsroom whose tasks go to RQ, with a draft story, an editor's token, and receivers on
    loopback allowed."""

    def make(**env):
        room = newsroom(
            TASKS_URL=redis_server.url,
            NEWSDESK_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
            NEWSDESK_WEBHOOK_TIMEOUT_SECONDS="120",
            **env,
        )
        room.token = room.editor_token()
        room.manage("import_articles", str(SEED_ARTICLE))
        return room

    return make


def add_webhook(room, url):
    room.manage(
        "shell",
        "-c",
        "from webhooks.models import Webhook; "
        f"Webhook.objects.create(name='Front end', url={url!r}, events=['story.published'])",
    )


def deliveries(room):
    """(status, attempts) of every webhook delivery, as the delivery log lists them."""
    return room.query("SELECT status, attempts FROM webhooks_webhookdelivery ORDER BY id")


def story_id(room, site):
    drafts = requests.get(
        f"{site}/api/v3/pages/",
        params={"type": "news.NewsArticle"},
        headers=bearer(room.token),
        timeout=30,
    ).json()["items"]
    return drafts[0]["id"]


def publish(room, site):
    response = requests.post(
        f"{site}/api/v3/pages/{story_id(room, site)}/actions/publish/",
        headers=bearer(room.token),
        timeout=60,
    )
    assert response.status_code == 200, response.text


def found_by_search(site):
    results = requests.get(f"{site}/search/", params={"q": "Taliban"}, timeout=30)
    assert results.status_code == 200
    return 'href="/world/terror-vs-terror-isis-k' in results.text  # a result's link


def test_a_publish_leaves_deliveries_indexing_and_purges_to_the_worker(rq_newsroom):
    with receiving(hold=True) as receiver, receiving() as cdn:
        room = rq_newsroom(FRONTEND_CACHE_PURGE_URL=cdn.url)
        add_webhook(room, receiver.url)
        site = room.web_node()

        publish(room, site)  # with no worker running at all
        page = requests.get(f"{site}/api/v2/pages/?type=news.NewsArticle", timeout=30).json()
        assert [story["title"] for story in page["items"]] == [HEADLINE]
        # Nothing of the background work was done in the request.
        assert (receiver.connections, cdn.connections) == (0, 0)
        assert not found_by_search(site)
        assert deliveries(room) == [["pending", 0]]

        room.rq_worker()
        eventually(lambda: receiver.requests, "the worker sends the delivery")
        # The receiver sleeps on it; the publish has long been answered.
        assert deliveries(room) == [["pending", 0]]
        receiver.release()
        eventually(lambda: deliveries(room) == [["delivered", 1]], "the delivery is recorded")
        eventually(lambda: found_by_search(site), "the worker indexes the published story")
        eventually(lambda: cdn.requests, "the worker purges the CDN")
        assert len(receiver.requests) == 1


def test_a_delivery_whose_worker_was_killed_is_made_by_the_next_worker_once(rq_newsroom):
    with receiving(hold=True) as receiver:
        room = rq_newsroom()
        add_webhook(room, receiver.url)
        site = room.web_node()
        first_worker = room.rq_worker()
        publish(room, site)
        eventually(lambda: receiver.requests, "the first worker sends the delivery")

        room.kill(first_worker)  # mid-attempt: the receiver never answered it
        assert deliveries(room) == [["pending", 0]]
        room.rq_worker()
        receiver.release()
        # The time a lost delivery is given passes (webhooks.delivery.LOST_AFTER); then the
        # scheduler's deliver_webhooks hands it to the worker again.
        room.manage(
            "shell",
            "-c",
            "from django.utils import timezone; from webhooks.delivery import LOST_AFTER; "
            "from webhooks.models import WebhookDelivery as D; "
            "D.objects.update(next_attempt_at=timezone.now() - LOST_AFTER)",
        )
        assert "Enqueued 1 lost" in room.manage("deliver_webhooks")
        eventually(lambda: deliveries(room) == [["delivered", 1]], "the next worker delivers it")
        assert len(receiver.requests) == 2  # the killed attempt, then the one that was answered
        # Nothing is left to send it a third time.
        assert "Enqueued 0 lost" in room.manage("deliver_webhooks")
        assert deliveries(room) == [["delivered", 1]]
