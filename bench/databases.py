"""The benchmark's scratch database: a SQLite file under /tmp, or a PostgreSQL database of its
own (`nd_bench_<articles>` by default), optionally with a streaming read replica made for the
run by `.ci/replica` (a primary on 5442 and its replica on 5443, removed afterwards).

Never the repository's db.sqlite3, and never a PostgreSQL database whose name does not start
with `nd_bench`: the run drops and recreates it.
"""

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.scratch_site import REPO, SCRATCH

REPLICA_SCRIPT = REPO / ".ci" / "replica"
PRIMARY_PORT, REPLICA_PORT = 5442, 5443
NAME_PREFIX = "nd_bench"


@dataclass
class ScratchDatabase:
    url: str  # DATABASE_URL for the run
    replica_url: str | None = None  # DATABASE_REPLICA_URL for the replica-on servers
    sqlite_path: Path | None = None
    started_replica: bool = False

    @property
    def vendor(self):
        return "sqlite" if self.sqlite_path else "postgresql"

    def exists(self):
        if self.sqlite_path:
            return self.sqlite_path.exists()
        found = _query(self.url, "SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
        return found is not None

    @property
    def name(self):
        return urlsplit(self.url).path.lstrip("/")

    def recreate(self):
        """An empty database (a reused one is kept as it is)."""
        if self.sqlite_path:
            self.sqlite_path.unlink(missing_ok=True)
            return
        _execute(self.url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        _execute(self.url, f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.sqlite_path:
            self.sqlite_path.unlink(missing_ok=True)
        else:
            _execute(self.url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def wait_for_replica(self, log, limit=600):
        """Until the replica has replayed everything the primary wrote (the seed)."""
        if not self.replica_url:
            return
        target = _query(self.url, "SELECT pg_current_wal_lsn()::text")
        deadline = time.time() + limit
        while time.time() < deadline:
            behind = _query(
                self.replica_url, f"SELECT pg_wal_lsn_diff('{target}', pg_last_wal_replay_lsn())"
            )
            if behind is not None and float(behind) <= 0:
                return
            time.sleep(1)
        raise SystemExit(f"the replica did not catch up with {target} within {limit} s")

    def stop_replica(self):
        if self.started_replica:
            subprocess.run([str(REPLICA_SCRIPT), "stop"], check=False, capture_output=True)


def scratch_database(args, log):
    """The database for this run, from --database, --db, --database-url and --replica."""
    if args.database == "sqlite":
        if args.replica:
            raise SystemExit("--replica needs --database postgres")
        path = args.db or SCRATCH / f"{args.articles}.db"
        if path.resolve() == (REPO / "db.sqlite3").resolve():
            raise SystemExit("refusing to use the repository's db.sqlite3")
        return ScratchDatabase(url=f"sqlite:///{path}", sqlite_path=path)
    name = f"{NAME_PREFIX}_{args.articles}"
    if args.replica:
        if not args.reuse_db:
            log(f"starting a primary ({PRIMARY_PORT}) and a streaming replica ({REPLICA_PORT})")
            subprocess.run([str(REPLICA_SCRIPT), "start"], check=True, capture_output=True)
        host = "postgres@127.0.0.1"
        return ScratchDatabase(
            url=f"postgres://{host}:{PRIMARY_PORT}/{name}",
            replica_url=f"postgres://{host}:{REPLICA_PORT}/{name}",
            started_replica=not args.reuse_db,
        )
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/{name}"
    if not urlsplit(url).path.lstrip("/").startswith(NAME_PREFIX):
        raise SystemExit(f"the benchmark drops its database: name it {NAME_PREFIX}…, not {url}")
    return ScratchDatabase(url=url)


def _maintenance_url(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def _execute(url, sql):
    import psycopg

    with psycopg.connect(_maintenance_url(url), autocommit=True) as connection:
        connection.execute(sql)


def _query(url, sql, params=()):
    """The first column of the first row, or None if the database cannot be reached.
    Questions about databases (pg_database) go to the maintenance database."""
    import psycopg

    target = _maintenance_url(url) if "pg_database" in sql else url
    try:
        with psycopg.connect(target, autocommit=True) as connection:
            row = connection.execute(sql, params).fetchone()
    except psycopg.OperationalError:
        return None
    return row[0] if row else None
