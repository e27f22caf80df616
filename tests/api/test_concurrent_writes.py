"""Editors writing at the same moment, against a real server: nothing fails, nothing is lost.

The server is gunicorn with our production configuration (cms/gunicorn.conf.py: two worker
processes, here with two threads each), serving the test's own database: a file copy of it on
SQLite (so the embedded default's locking is what is tested, across processes), the test
database itself on PostgreSQL. Each writer is a thread with its own token and connection.
"""

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection

from tests.api.conftest import token_for
from tests.factories import make_story

# The server reads what the test wrote, so the test's writes must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = "/api/v3/pages/"
BOOT_SECONDS = 60


def database_url_for_the_server(tmp_path):
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: the server gets a file copy.
        connection.ensure_connection()
        copy = tmp_path / "newsroom.sqlite3"
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until_serving(server, log):
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        if listening := re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text()):
            try:
                if requests.get(f"{listening[1]}/healthz", timeout=5).status_code == 200:
                    return listening[1]
            except requests.ConnectionError:
                pass  # a worker is still booting
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not serve within {BOOT_SECONDS} s:\n{log.read_text()}")


@pytest.fixture
def serve(tmp_path):
    """Start the server on what the test has written so far; returns its base URL."""
    servers = []

    def start():
        environment = {
            **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": database_url_for_the_server(tmp_path),
            "GUNICORN_BIND": "127.0.0.1:0",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
        }
        log = tmp_path / "gunicorn.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "cms/gunicorn.conf.py", "cms.wsgi"],
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        servers.append(server)
        return wait_until_serving(server, log)

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=30)


class Desk:
    """One editor's front end: a token, a connection, and the version of the story it last saw."""

    def __init__(self, base, token):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def read(self, story_id):
        response = self.session.get(f"{self.base}{PAGES}{story_id}/?version=draft", timeout=30)
        assert response.status_code == 200, response.text
        return response

    def edit(self, story_id, etag, data):
        return self.session.patch(
            f"{self.base}{PAGES}{story_id}/", json=data, headers={"If-Match": etag}, timeout=60
        )

    def publish(self, story_id, etag):
        return self.session.post(
            f"{self.base}{PAGES}{story_id}/actions/publish/", headers={"If-Match": etag}, timeout=60
        )


def run_together(*jobs):
    """Start every job at the same moment, each in its own thread; wait for them all, and
    fail if any of them did."""
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        start.wait()
        try:
            job()
        except Exception as error:  # noqa: BLE001 - reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


EDITS_PER_DESK = 60


def test_editors_saving_and_publishing_at_once_all_succeed(serve, world, editor_user):
    # The audit's finding: 47 of 233 concurrent writes were 500 "database is locked".
    desks = ["Metro", "Sport", "Business"]
    stories = {desk: make_story(world, title=f"{desk} lead", publish=False).pk for desk in desks}
    tokens = {desk: token_for(editor_user) for desk in desks}
    base = serve()
    failures = []

    def work(desk):
        def job():
            front_end = Desk(base, tokens[desk])
            story_id = stories[desk]
            etag = front_end.read(story_id).headers["ETag"]
            for n in range(EDITS_PER_DESK):
                if n % 10 == 9:
                    response = front_end.publish(story_id, etag)
                else:
                    edit = {"title": f"{desk} lead, take {n}"}
                    if n % 5 == 4:
                        edit["meta"] = {"action": "publish"}
                    response = front_end.edit(story_id, etag, edit)
                if response.status_code != 200:
                    failures.append((desk, n, response.status_code, response.text[:300]))
                    response = front_end.read(story_id)
                etag = response.headers["ETag"]

        return job

    run_together(*(work(desk) for desk in desks))

    assert failures == []
    last_edit = max(n for n in range(EDITS_PER_DESK) if n % 10 != 9)
    reader = Desk(base, tokens["Metro"])
    for desk, story_id in stories.items():
        assert reader.read(story_id).json()["title"] == f"{desk} lead, take {last_edit}"


ROUNDS = 20


def test_two_edits_of_the_same_version_one_is_saved_and_the_other_is_told(
    serve, world, editor_user, reporter_user
):
    # The audit's finding: both got 200 and one change vanished, in 20 rounds of 20.
    story_id = make_story(world, title="Council approves the budget", publish=False).pk
    tokens = {"Desk A": token_for(editor_user), "Desk B": token_for(reporter_user)}
    base = serve()
    desks = {name: Desk(base, token) for name, token in tokens.items()}

    def edit(name, etag, round_number, answers):
        title = f"{name}'s headline, round {round_number}"
        return lambda: answers.update({title: desks[name].edit(story_id, etag, {"title": title})})

    for round_number in range(ROUNDS):
        etag = desks["Desk A"].read(story_id).headers["ETag"]
        answers = {}
        run_together(*(edit(name, etag, round_number, answers) for name in desks))

        statuses = sorted(response.status_code for response in answers.values())
        assert statuses == [200, 412], [response.text[:300] for response in answers.values()]
        (saved,) = [title for title, response in answers.items() if response.status_code == 200]
        assert desks["Desk B"].read(story_id).json()["title"] == saved
