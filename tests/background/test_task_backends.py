"""With TASKS_URL=redis://…, a task asked for inside an editor's transaction (Wagtail indexes a
page from `post_save`) reaches RQ when the change commits, so a worker never reads the page as
it was before; and never, if the change rolls back (background/task_backends.py)."""

import django_rq
import pytest
from django.db import transaction

from tests.factories import make_story

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


@pytest.fixture
def queue(settings, redis_server):
    settings.TASKS = {"default": {"BACKEND": "background.task_backends.OnCommitRQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url}}
    return django_rq.get_queue("default")


def indexing_of(queue, story):
    return [
        job for job in queue.get_jobs() if job.func_name == INDEX_TASK and str(story.pk) in job.args
    ]


def test_an_index_update_reaches_the_queue_when_the_save_commits(queue, world):
    with transaction.atomic():
        story = make_story(world, title="Held until commit")
        assert indexing_of(queue, story) == []
    assert indexing_of(queue, story)
    # Its result is known by the id handed out inside the transaction.
    assert all(job.meta["backend_name"] == "default" for job in indexing_of(queue, story))


def test_a_save_that_rolls_back_sends_nothing_to_the_queue(queue, world):
    jobs_before = queue.count

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        make_story(world, title="Never saved")
        raise Abandoned
    assert queue.count == jobs_before


def test_outside_a_transaction_a_task_is_queued_at_once(queue, world):
    from webhooks.delivery import deliver_webhook

    result = deliver_webhook.enqueue(12345)
    assert [job.id for job in queue.get_jobs()][-1] == result.id
