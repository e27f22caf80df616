"""django-tasks on RQ, enqueued when the change that asked for the task is committed.

A database-backed task is a row written in the same transaction as the change, so a worker
never sees it before the change. A job in Redis is visible at once: Wagtail enqueues its
search-index and reference-index updates from `post_save`, inside the editor's transaction,
and a fast worker would index the page as it was before the publish (or not find a new one).
So inside a transaction the job is pushed to Redis on commit, and never if it rolls back.
"""

import django_rq
from django.db import transaction
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import Job, RQBackend
from django_tasks_rq.backend import failed_callback, success_callback
from rq.job import Callback, JobStatus


class OnCommitRQBackend(RQBackend):
    def enqueue(self, task, args, kwargs):
        if not transaction.get_connection().in_atomic_block:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(lambda: self.push(result))
        return result

    def push(self, result):
        """RQBackend.enqueue's job, under the id already handed out."""

        task = result.task
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        job = queue.create_job(
            task.module_path,
            args=result.args,
            kwargs=result.kwargs,
            job_id=result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
        )
        if task.run_after is None:
            queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            queue.schedule_job(job, task.run_after)
        object.__setattr__(result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=result)
