"""Where the services beside the database are, read from the environment: the search cluster
and the task queue (docs/deployment.md). Each default needs no other server."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def search_backend_from_env():
    """The database back-end by default; SEARCH_URL switches to Elasticsearch or OpenSearch."""
    url = os.environ.get("SEARCH_URL", "").strip()
    if not url:
        return {"BACKEND": "search.backends"}
    # A large archive's index: shards to spread it over the cluster's nodes, replicas to survive
    # losing one and to share the searching (docs/deployment.md, "Search at scale").
    index = {
        setting: int(os.environ[name])
        for setting, name in (
            ("number_of_shards", "SEARCH_SHARDS"),
            ("number_of_replicas", "SEARCH_REPLICAS"),
        )
        if os.environ.get(name)
    }
    return {
        "BACKEND": "wagtail.search.backends." + os.environ.get("SEARCH_BACKEND", "opensearch2"),
        "URLS": env_list("SEARCH_URL"),  # one cluster, several nodes: comma-separated
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "newsdesk_"),
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
        "INDEX_SETTINGS": {"settings": {"index": index}},
    }


def tasks_from_env():
    """Background work goes through django-tasks: Wagtail 8's own (search and reference indexes,
    CDN purges) and ours (webhook deliveries, warming a published story). By default tasks are
    rows in our own database, so no other server is needed, and `manage.py db_worker` runs them.
    TASKS_URL=redis://host:6379/1 puts them on RQ in that Redis instead, run by `manage.py
    rqworker --with-scheduler --job-class django_tasks_rq.Job default` (docs/deployment.md).

    RQ only with TASKS_URL, never implied by REDIS_URL: the cache's Redis may evict keys (jobs
    with them), and a site that set REDIS_URL for its cache runs db_worker, which would then
    find nothing to do.
    """
    url = os.environ.get("TASKS_URL", "").strip()
    if url in ("", "database"):
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, {}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"TASKS_URL must be 'database' or a Redis URL (redis://host:6379/1), not {url!r}"
        )
    tasks = {"default": {"BACKEND": "background.task_backends.OnCommitRQBackend"}}
    return tasks, {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}
