"""Under CI no test is skipped unseen: a skip fails it, unless the test is for the other database.

Runs a small suite of its own, through this suite's conftest hooks, in a fresh pytest.
"""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

OTHER_DATABASE = "postgresql" if connection.vendor == "sqlite" else "sqlite"

SMALL_SUITE = f"""
import pytest

from tests.services import require


def test_skipped_by_hand():
    pytest.skip("no network here")


def test_missing_a_service():
    require("redis-server", False, "install Debian's redis-server")


@pytest.mark.skipif(True, reason="not today")
def test_skipped_by_a_marker():
    pass


@pytest.mark.only_on_database("{OTHER_DATABASE}", why="reads its query plans")
def test_for_the_other_database():
    pass


@pytest.mark.replica
def test_for_the_replica_run():
    pass


@pytest.mark.xfail(strict=True, reason="a leak another branch fixes")
def test_expected_to_fail():
    assert False


def test_passing():
    pass
"""


SKIPPED_WHOLE = 'import pytest\n\npytest.importorskip("no_such_package")\n'


def run_small_suite(tmp_path, ci_provides):
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa\n")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    only_on_database(vendor, why): see tests/services.py\n"
        "    replica: see tests/services.py\n"
    )
    (tmp_path / "test_small_suite.py").write_text(SMALL_SUITE)
    (tmp_path / "test_skipped_whole.py").write_text(SKIPPED_WHOLE)
    environment = {
        **os.environ,
        "NEWSDESK_CI_PROVIDES": ci_provides,
        "PYTHONPATH": str(settings.BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    pytest_command = [sys.executable, "-m", "pytest", "-v", "-rs", "-p", "no:randomly"]
    run = subprocess.run(
        [*pytest_command, "-p", "no:cacheprovider", "--continue-on-collection-errors"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    outcomes = dict(re.findall(r"::(test_\w+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL)", run.stdout))
    return run.returncode, outcomes, run.stdout


def test_under_ci_every_skip_fails_except_for_the_other_database(tmp_path):
    returncode, outcomes, output = run_small_suite(tmp_path, "chromium,redis-server")
    assert outcomes == {
        "test_skipped_by_hand": "FAILED",
        "test_missing_a_service": "FAILED",
        "test_skipped_by_a_marker": "ERROR",  # skipped while setting up: an error in setup
        "test_for_the_other_database": "SKIPPED",
        "test_for_the_replica_run": "SKIPPED",
        "test_expected_to_fail": "XFAIL",
        "test_passing": "PASSED",
    }, output
    assert returncode == pytest.ExitCode.TESTS_FAILED
    assert "CI provides redis-server, yet redis-server is not available" in output
    assert "Skipped under CI (no network here)" in output
    assert "ERROR collecting test_skipped_whole.py" in output  # skipped whole: fails too
    assert "Skipped under CI (could not import 'no_such_package'" in output


def test_off_ci_a_skip_is_a_skip_and_says_why(tmp_path):
    returncode, outcomes, output = run_small_suite(tmp_path, "")
    assert outcomes == {
        "test_skipped_by_hand": "SKIPPED",
        "test_missing_a_service": "SKIPPED",
        "test_skipped_by_a_marker": "SKIPPED",
        "test_for_the_other_database": "SKIPPED",
        "test_for_the_replica_run": "SKIPPED",
        "test_expected_to_fail": "XFAIL",
        "test_passing": "PASSED",
    }, output
    assert returncode == pytest.ExitCode.OK
    assert "SKIPPED [1] test_skipped_whole.py" in output
