"""The benchmark's load paths that do not depend on timing: wrk's report read back, the
baseline that skips our middleware, cache hits counted, and the scratch database's guard."""

import io
import json
from urllib.parse import urlsplit
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from bench import load, wrk
from bench.databases import scratch_database
from bench.run import parse_args
from bench.scenarios import TRIVIAL_PATH
from tests.factories import make_story

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.10ms    1.20ms  30.00ms   90.00%
  17000 requests in 10.00s, 5.10MB read
Requests/sec:   1700.00
RESULT requests=17000 seconds=10.002 bytes=5100000 p50_ms=3.900 p95_ms=6.100 p99_ms=9.000 \
mean_ms=4.100 status_errors=0 connect_errors=0 read_errors=0 write_errors=0 timeouts=0
"""


def test_wrk_s_result_line_becomes_the_summary_the_python_client_gives():
    summary = wrk.summarise(wrk.parse(WRK_OUTPUT), ["/healthz"])
    assert summary["ok"] and summary["generator"] == "wrk"
    assert summary["requests"] == 17000
    assert summary["rps"] == pytest.approx(17000 / 10.002, rel=1e-3)
    assert (summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]) == (3.9, 6.1, 9.0)
    assert summary["bytes_per_response"] == 300


def test_error_answers_and_broken_connections_fail_the_scenario():
    output = WRK_OUTPUT.replace("status_errors=0", "status_errors=40")
    numbers = wrk.parse(output.replace("timeouts=0", "timeouts=2"))
    summary = wrk.summarise(numbers, ["/story/"])
    assert not summary["ok"]
    assert summary["failure"] == {"status_errors": 40, "timeouts": 2}
    assert summary["rps"] == pytest.approx((17000 - 40) / 10.002, rel=1e-3)


def test_output_without_a_result_line_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="no RESULT line"):
        wrk.parse("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_wrk_is_told_the_site_s_host_name_the_paths_and_the_report_script():
    command = wrk.command(8123, "/tmp/paths", 10, 8)
    assert command[1:3] == ["-t2", "-c8"] and "-d10s" in command
    assert f"Host: {load.HOST_HEADER}" in command
    assert str(wrk.SCRIPT) in command and wrk.SCRIPT.exists()
    assert command[-3:] == ["http://127.0.0.1:8123", "--", "/tmp/paths"]


def call(application, path):
    environ = {"PATH_INFO": path, "HTTP_HOST": "localhost", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    # As Django's test client does: a request must not close the test's database connection,
    # which holds the test's transaction (PostgreSQL then refuses every later query).
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        for signal in signals:
            signal.connect(close_old_connections)
    return answer["status"], answer["headers"], body


@pytest.mark.django_db
def test_the_trivial_view_skips_our_middleware_and_everything_else_reaches_newsdesk():
    from bench.wsgi import application

    status, headers, body = call(application, TRIVIAL_PATH)
    assert status.startswith("200") and json.loads(body) == {"status": "ok"}
    assert headers["Content-Type"] == "application/json"
    # None of our middleware ran: no security headers, which every Newsdesk answer carries.
    assert "Content-Security-Policy" not in headers and "Permissions-Policy" not in headers
    status, headers, body = call(application, "/healthz")
    assert status.startswith("200") and json.loads(body) == {"status": "ok"}
    assert "Permissions-Policy" in headers
    # Not a route of the product itself.
    status, _, _ = call(application, TRIVIAL_PATH + "/")
    assert status.startswith("404")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cache_hits_are_counted_from_the_server_s_answers(live_server, world, settings):
    settings.NEWSDESK_RESPONSE_CACHE = True
    paths = [urlsplit(make_story(world, title=f"Story {n}").url).path for n in range(3)]
    address = urlsplit(live_server.url)
    assert load.cache_hits(address.hostname, address.port, paths, 10) == "0/3"  # stored now
    assert load.cache_hits(address.hostname, address.port, paths, 10) == "3/3"


def test_a_cached_scenario_s_probe_fetches_every_url_however_long_it_takes():
    assert load.probe_budget(2.0, cached=True) == float("inf")
    assert load.probe_budget(2.0, cached=False) == 2.0


def test_the_benchmark_drops_only_a_database_named_for_it():
    args = parse_args(["--database", "postgres", "--database-url", "postgres://x@h/newsdesk"])
    with pytest.raises(SystemExit, match="nd_bench"):
        scratch_database(args, log=lambda _: None)
    args = parse_args(["--database", "postgres", "--articles", "500"])
    assert scratch_database(args, log=lambda _: None).name == "nd_bench_500"
    with pytest.raises(SystemExit, match="needs --database postgres"):
        scratch_database(parse_args(["--replica"]), log=lambda _: None)


def test_the_python_client_is_only_the_fallback():
    assert parse_args([]).generator == ("wrk" if wrk.available() else "python")
    assert parse_args(["--generator", "python"]).generator == "python"
