import logging
from unittest import mock

import pytest
from django.core.management import call_command

from news.desk.workflow import ADMINISTRATORS, EDITORS, REPORTERS
from tests import factories
from tests.redis_server import start_redis_server
from tests.services import (
    fail_skips_under_ci,
    other_database,
    skip_on_other_databases,
    skip_outside_the_replica_run,
)


def pytest_collection_modifyitems(items):
    skip_on_other_databases(items)
    skip_outside_the_replica_run(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    fail_skips_under_ci(report, other_database in item.stash)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield  # a module skipped whole, e.g. by pytest.importorskip
    fail_skips_under_ci(report)
    return report


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    # Wagtail caches site root paths; a fresh cache per test keeps tests independent.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def uncached(settings):
    """Measure the work a request does, not the response cache's shortcut around it."""
    settings.NEWSDESK_RESPONSE_CACHE = False


@pytest.fixture
def world(db):
    return factories.make_section("World")


@pytest.fixture
def reporter(db):
    return factories.make_author(
        "Mrityunjoy Kumar Jha",
        role="Senior correspondent",
        bio='<p>Covers <a href="https://example.com/terror">global terrorism</a>.</p>',
        x_handle="mkjha",
        email="mk@newsroom.example",
    )


@pytest.fixture
def task_worker(settings):
    """Background tasks go to the database, as in production, and wait there for a worker;
    call the fixture's value to run one worker pass (`manage.py db_worker --batch`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # db_worker sets its loggers' levels from its verbosity; later tests get them back as they were.
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]

    def run_worker():
        # The worker closes stale connections between tasks; in a test that connection holds the
        # test's transaction, which Django's test client likewise keeps from being closed.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    yield run_worker
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


# The newsroom's people, each with one role (news/desk/workflow.py), password "password".
@pytest.fixture
def rita(db):
    return factories.make_user("rita", REPORTERS, "Rita Reporter")


@pytest.fixture
def raj(db):
    """A second reporter, whose stories Rita may not touch."""
    return factories.make_user("raj", REPORTERS, "Raj Reporter")


@pytest.fixture
def ed(db):
    return factories.make_user("ed", EDITORS, "Ed Editor")


@pytest.fixture
def ada(db):
    """An administrator by group membership alone, not a superuser."""
    return factories.make_user("ada", ADMINISTRATORS, "Ada Admin")


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own (skips, saying why, where there is none)."""
    server = start_redis_server(tmp_path)
    yield server
    server.stop()
