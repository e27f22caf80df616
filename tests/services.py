"""What a test needs beyond Python: chromium, PostgreSQL, a redis-server binary.

On a laptop without it the test is skipped and says why; CI names what it provides in
NEWSDESK_CI_PROVIDES (comma-separated, e.g. "chromium,postgresql,redis-server"), and there a
missing one fails the test instead, so nothing CI can run is ever skipped unseen.

Under CI (NEWSDESK_CI_PROVIDES set) every skip fails the test, whatever skipped it, except one
kind: a test marked `only_on_database("sqlite", why=...)` (it reads that database's query plans
or index tables) is skipped on the other database, since CI runs the suite on both. A test that
needs the suite's database to be PostgreSQL says so with that marker, not with `require`.
Tests marked `replica` are treated alike outside the run that has a streaming replica
(skip_outside_the_replica_run).
"""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

other_database = pytest.StashKey[str]()


def provided_by_ci():
    return {name.strip() for name in os.environ.get("NEWSDESK_CI_PROVIDES", "").split(",")}


def under_ci():
    return bool(os.environ.get("NEWSDESK_CI_PROVIDES", "").strip())


def require(service, available, how_to_get_it):
    """Skip (or, where CI provides `service`, fail) unless `available`."""
    if available:
        return
    message = f"{service} is not available: {how_to_get_it}"
    if service in provided_by_ci():
        pytest.fail(f"CI provides {service}, yet {message}")
    pytest.skip(message)


def skip_on_other_databases(items):
    """For pytest_collection_modifyitems: skip the tests marked only_on_database elsewhere."""
    for item in items:
        marker = item.get_closest_marker("only_on_database")
        if marker is None or connection.vendor in marker.args:
            continue
        databases = " or ".join(marker.args)
        reason = f"only on {databases}, not {connection.vendor}: {marker.kwargs['why']}"
        item.stash[other_database] = reason
        item.add_marker(pytest.mark.skip(reason=reason))


REPLICA_SERVICE = "postgresql-replica"


def skip_outside_the_replica_run(items):
    """For pytest_collection_modifyitems: tests marked `replica` need DATABASE_REPLICA_URL, a
    streaming replica of the suite's PostgreSQL database (.ci/replica makes one). CI runs them
    in a step of their own that provides it; in its other runs they are skipped as tests for
    another database are, and where CI says it provides the replica, a missing one fails."""
    if "replica" in settings.DATABASES or REPLICA_SERVICE in provided_by_ci():
        return
    if shutil.which("pg_createcluster") is None:
        why = "no PostgreSQL binaries to make one (Debian's postgresql-15: pg_createcluster)"
    else:
        why = "start one with `.ci/replica start`, then set DATABASE_URL and DATABASE_REPLICA_URL"
    reason = f"needs a streaming replica (DATABASE_REPLICA_URL): {why}"
    for item in items:
        if item.get_closest_marker("replica") is not None:
            item.stash[other_database] = reason
            item.add_marker(pytest.mark.skip(reason=reason))


def fail_skips_under_ci(report, for_other_database=False):
    """For the hooks that make test and collection reports: under CI, a skip is a failure
    unless it is for another database (an expected failure, xfail, is not a skip)."""
    if not (under_ci() and report.skipped) or hasattr(report, "wasxfail") or for_other_database:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
    reason = str(reason).removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = (
        f"Skipped under CI ({reason}). CI runs every test except those for another database: "
        "provide what it needs (NEWSDESK_CI_PROVIDES, .ci/run) or mark it only_on_database."
    )
