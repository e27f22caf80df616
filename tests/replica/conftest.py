"""A real PostgreSQL streaming replica (DATABASE_REPLICA_URL) of the suite's database.

`.ci/replica start` makes a primary and a replica on their own ports; CI runs these tests in a
step of their own against them (.ci/run). Elsewhere they are skipped, saying why
(tests/services.py). The test's writes must be committed for the replica to replay them.
"""

import time
from contextlib import contextmanager

import pytest
from django.db import connections

from tests.services import REPLICA_SERVICE, require

CATCH_UP_SECONDS = 30


class Replica:
    def __init__(self):
        self.connection = connections["replica"]

    def query(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def run(self, sql):
        with self.connection.cursor() as cursor:
            cursor.execute(sql)

    def catch_up(self):
        """Wait until the replica has replayed everything the primary has committed."""
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            target = cursor.fetchone()[0]
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while not self.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
            if time.monotonic() > deadline:
                pytest.fail(f"the replica did not replay up to {target} in {CATCH_UP_SECONDS}s")
            time.sleep(0.05)

    @contextmanager
    def lagging(self):
        """The replica stops replaying the primary's changes until the block ends."""
        self.catch_up()
        self.run("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            self.run("SELECT pg_wal_replay_resume()")


def replica_state():
    try:
        if Replica().query("SELECT pg_is_in_recovery()"):
            return None
        return "it is not in recovery: not a streaming replica"
    except Exception as error:  # noqa: BLE001 - whatever stops it answering, say what it was
        return f"it does not answer ({error})"


@pytest.fixture
def replica(db):
    problem = replica_state()
    require(
        REPLICA_SERVICE,
        problem is None,
        f"DATABASE_REPLICA_URL must name a streaming replica (.ci/replica start); {problem}",
    )
    replica = Replica()
    yield replica
    # The next test's flush must reach the replica, whatever this one paused.
    replica.run("SELECT pg_wal_replay_resume()")
