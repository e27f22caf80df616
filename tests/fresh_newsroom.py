"""A newsroom of a test's own, run as a deployment runs it: a database of its own that
`manage.py migrate` alone set up, the real management commands, gunicorn web nodes and task
workers, each a process of its own.

Migrating takes tens of seconds, so it is done once per run into a template database, and each
test gets a copy (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL): a copy of
what `migrate` alone made. The databases are the suite's kind (SQLite or PostgreSQL), on the
suite's PostgreSQL server, under names of their own, and are dropped afterwards.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing, suppress
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.db import connection

from tests.api.test_concurrent_writes import wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
# What the suite's own environment may say that a newsroom of its own must not inherit.
NOT_INHERITED = {"DATABASE_URL", "REDIS_URL", "TASKS_URL", "DJANGO_SETTINGS_MODULE"}
EDITOR_PASSWORD = "a-long-and-unguessable-password"


class Databases:
    """Creates and drops databases of the suite's kind, for newsrooms of their own."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.vendor = connection.vendor
        self.made = []

    def url(self, name):
        if self.vendor == "sqlite":
            return f"sqlite:///{self.directory / name}.sqlite3"
        db = connection.settings_dict
        credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        host = db["HOST"] or "localhost"
        return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{name}"

    def server(self):
        db = connection.settings_dict
        return psycopg.connect(
            dbname="postgres",
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"] or "localhost",
            port=db["PORT"] or 5432,
            autocommit=True,
        )

    def new_name(self):
        return f"newsdesk_fresh_{uuid.uuid4().hex[:12]}"

    def migrated(self):
        """A new database set up by `manage.py migrate` and nothing else; its URL."""
        name = self.new_name()
        if self.vendor != "sqlite":
            with self.server() as server:
                server.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        url = self.url(name)
        manage("migrate", "--noinput", database_url=url, timeout=900)
        return url

    def copy(self, template_url):
        name = self.new_name()
        template = template_url.rsplit("/", 1)[1].removesuffix(".sqlite3")
        if self.vendor == "sqlite":
            shutil.copyfile(
                self.url(template).removeprefix("sqlite:///"),
                self.url(name).removeprefix("sqlite:///"),
            )
        else:
            with self.server() as server:
                server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.made.append(name)
        return self.url(name)

    def drop(self, url):
        name = url.rsplit("/", 1)[1].removesuffix(".sqlite3")
        if self.vendor == "sqlite":
            Path(self.directory / f"{name}.sqlite3").unlink(missing_ok=True)
        else:
            with self.server() as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self):
        for name in self.made:
            self.drop(self.url(name))


def environment(database_url, **extra):
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.test", DATABASE_URL=database_url)
    env.update(extra)
    return env


def manage(*args, database_url, timeout=180, **env):
    """Run a management command as an operator would; fails the test if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Newsroom:
    """One database and the processes a deployment runs on it: web nodes and workers."""

    def __init__(self, database_url, directory, **env):
        self.database_url = database_url
        self.directory = Path(directory)
        self.env = env  # for every process of this newsroom, e.g. TASKS_URL, REDIS_URL
        self.processes = []

    def manage(self, *args, **env):
        return manage(*args, database_url=self.database_url, **self.env, **env)

    def query(self, sql):
        """Rows of a read-only SQL query, straight from the database (no Django start-up)."""
        if self.database_url.startswith("sqlite:"):
            with closing(sqlite3.connect(self.database_url.removeprefix("sqlite:///"))) as db:
                return [list(row) for row in db.execute(sql)]
        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://", 1)) as db:
            return [list(row) for row in db.execute(sql)]

    def editor_token(self, username="chief"):
        """A superuser made with `createsuperuser`, and an API token made with `api_tokens`."""
        self.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            username,
            "--email",
            f"{username}@newsroom.example",
            DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
        )
        return self.manage("api_tokens", "create", "--user", username, "--name", "desk").strip()

    def start(self, name, *command, **env):
        log = self.directory / f"{name}-{len(self.processes)}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment(self.database_url, **self.env, **env),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so that stopping it stops its children too
            )
        process.log = log
        self.processes.append(process)
        return process

    def web_node(self, **env):
        """gunicorn with our configuration on a loopback port of its own; its base URL."""
        server = self.start(
            "gunicorn",
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "cms/gunicorn.conf.py",
            "cms.wsgi",
            GUNICORN_BIND="127.0.0.1:0",
            WEB_CONCURRENCY="1",
            GUNICORN_THREADS="4",
            **env,
        )
        return wait_until_serving(server, server.log)

    def rq_worker(self):
        """An RQ worker as docs/deployment.md runs it, with its scheduler for retries."""
        return self.start(
            "rqworker",
            sys.executable,
            "manage.py",
            "rqworker",
            "--with-scheduler",
            "--job-class",
            "django_tasks_rq.Job",
            "default",
        )

    def kill(self, process):
        """As a lost machine would: no chance to finish or clean up. Its children go too, also
        those in process groups of their own (RQ's work horse, which runs the job)."""
        children = descendants(process.pid)
        os.killpg(process.pid, signal.SIGKILL)
        for child in children:
            with suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        process.wait()

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill(process)


def descendants(pid):
    """The process ids below `pid`, read from /proc (Linux)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The parent is the second field after the command, which is in parentheses.
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, its_parent in parents.items() if its_parent == parent]
        found.extend(children)
        frontier.extend(children)
    return found
