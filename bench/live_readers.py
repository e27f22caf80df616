"""Benchmark a live coverage followed by many open pages (issue #17): how soon a new entry
reaches them, and what their polling costs.

    .venv/bin/python -m bench.live_readers --readers 200 --entries 20

1. Migrates and seeds a scratch SQLite database (bench/scratch_site.py, bench/seed.py), then
   publishes a coverage with a backlog of entries and a live editor (bench/live_desk.py).
2. Counts the SQL queries of a poll in-process (Django's test client, CaptureQueriesContext,
   response cache on): an idle poll (a 304, and the first reader's miss that stores it) and a
   poll after a new entry (the first reader's miss, then everyone else's hit).
3. Serves the site with gunicorn as bench/server.py does (production settings, response cache
   on; Redis with --redis-url, else each worker's local memory), opens `--readers` pages
   (bench/live_polling.py: each polls the cursor endpoint as the page's script does), lets
   them poll idle for `--idle` seconds, then a live editor posts `--entries` entries through
   the admin's form over HTTP, one every ~`--interval` seconds, and the readers poll on for
   `--settle` seconds after the last.
4. Reports entry-to-reader latency (each reader's first receipt of an entry minus the moment
   the post returned) at p50/p95/max, polls per second, the share of 304s, the workers' CPU
   per request from /proc (idle, and while posting), and writes
   bench/results/<date>-live-<readers>.json.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
from datetime import date

from bench.live_polling import POLL_SECONDS, latencies, poll_counts, read_coverage, summary
from bench.report import RESULTS
from bench.scratch_site import SCRATCH, configure_environment, prepare_database
from bench.server import cpu_seconds, free_port, load_average, start_gunicorn, stop, worker_pids

TARGET_P95_SECONDS = 5.0  # issue #17: a new entry reaches an open page within 5 s, p95


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--readers", type=int, default=200, help="open pages polling")
    parser.add_argument("--entries", type=int, default=20, help="entries the editor posts")
    parser.add_argument("--interval", type=float, default=2.5, help="seconds between posts, ±20%%")
    parser.add_argument("--idle", type=float, default=15.0, help="seconds of idle polling first")
    parser.add_argument("--settle", type=float, default=8.0, help="seconds after the last post")
    parser.add_argument("--backlog", type=int, default=30, help="entries posted before the run")
    parser.add_argument("--articles", type=int, default=200, help="stories seeded beside it")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--redis-url", help="the response cache's Redis (default: local memory)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    return parser.parse_args(argv)


def log(message):
    print(f"[live] {message}", file=sys.stderr, flush=True)


def poll_costs(coverage, editor):
    """Queries (and status, X-Cache) of a reader's poll, in-process with the response cache on."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.live_desk import add_entry

    client = Client(HTTP_HOST="localhost")
    path = f"/api/v2/live/{coverage.pk}/entries/?since={coverage.last_sequence}"

    def poll(**headers):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **headers)
        answer = {"queries": len(queries), "status": response.status_code}
        return answer | {"cache": response.get("X-Cache")}, response.get("ETag")

    costs = {}
    with override_settings(NEWSDESK_RESPONSE_CACHE=True):
        client.get(coverage.url)  # fills Wagtail's site-root cache, as on any running worker
        costs["idle, first reader (stores it)"], etag = poll()
        costs["idle, any reader without ETag"], _ = poll()
        costs["idle, with If-None-Match (every poll)"], _ = poll(HTTP_IF_NONE_MATCH=etag)
        add_entry(coverage, editor, "Probe entry", "An entry the cost probe posts.")
        costs["changed, first reader"], _ = poll(HTTP_IF_NONE_MATCH=etag)
        costs["changed, every other reader"], _ = poll(HTTP_IF_NONE_MATCH=etag)
    return costs


class ServerMeter:
    """The workers' CPU time and the requests gunicorn's access log has recorded, read at
    phase boundaries."""

    def __init__(self, server, log_path):
        self.server, self.log_path = server, log_path

    def read(self):
        with open(self.log_path, "rb") as log_file:
            lines = log_file.read().decode("utf-8", "replace").splitlines()
        requests = [line for line in lines if '"GET ' in line or '"POST ' in line]
        return {"cpu": cpu_seconds(worker_pids(self.server.pid)), "requests": requests}

    @staticmethod
    def between(before, after):
        requests = after["requests"][len(before["requests"]) :]
        polls = sum(1 for line in requests if "/entries/?since=" in line)
        cpu = None if None in (before["cpu"], after["cpu"]) else after["cpu"] - before["cpu"]
        return {
            "requests": len(requests),
            "polls": polls,
            "other_requests": len(requests) - polls,
            "worker_cpu_seconds": None if cpu is None else round(cpu, 2),
            "cpu_ms_per_request": round(1000 * cpu / len(requests), 2)
            if cpu is not None and requests
            else None,
        }


def post_entries(editor_session, coverage, count, interval, rng):
    """The editor's run: `count` entries, ~`interval` s apart; {title: moment post returned}."""
    from bench.live_desk import entry_form

    author_ids = [author.pk for author in coverage.byline]
    posted = {}
    for number in range(1, count + 1):
        title = f"Bench entry {number}"
        form = entry_form(title, f"Update number {number} from the scene.", author_ids)
        posted[title] = editor_session.post_entry(coverage.pk, form)
        if number < count:
            time.sleep(rng.uniform(0.8 * interval, 1.2 * interval))
    return posted


async def follow(args, port, coverage, editor_session, meter, rng):
    stop_polling = asyncio.Event()
    readers = [
        asyncio.create_task(read_coverage("127.0.0.1", port, coverage.url, stop_polling, rng=rng))
        for _ in range(args.readers)
    ]
    await asyncio.sleep(2 * POLL_SECONDS + 1)  # every page open and polling
    idle_start, idle_reading = time.monotonic(), meter.read()
    await asyncio.sleep(args.idle)
    posting_start, posting_reading = time.monotonic(), meter.read()
    loop = asyncio.get_running_loop()
    posted = await loop.run_in_executor(
        None, post_entries, editor_session, coverage, args.entries, args.interval, rng
    )
    await asyncio.sleep(args.settle)
    end, end_reading = time.monotonic(), meter.read()
    stop_polling.set()
    pollers = await asyncio.gather(*readers)
    values, missed = latencies(posted, pollers)
    return {
        "latency_seconds": summary(values) | {"missed": missed},
        "idle": poll_counts(pollers, idle_start, posting_start)
        | meter.between(idle_reading, posting_reading),
        "posting": poll_counts(pollers, posting_start, end)
        | meter.between(posting_reading, end_reading),
    }


def main(argv=None):
    args = parse_args(argv)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    db_path = SCRATCH / "live.db"
    db_path.unlink(missing_ok=True)
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    configure_environment(db_path)
    load_at_start, clock = load_average(), time.perf_counter()
    prepare_database(args, db_path, log)
    from django.db import connections

    from bench.live_desk import EDITOR, EditorAtTheDesk, open_coverage

    coverage, editor, password = open_coverage(args.backlog)
    log(f"coverage {coverage.pk} at {coverage.url} with {args.backlog} entries")
    queries = poll_costs(coverage, editor)
    for name, cost in queries.items():
        log(f"poll, {name}: {cost}")
    connections.close_all()  # the server gets the database to itself

    port = free_port()
    log_path = SCRATCH / "live-gunicorn.log"
    server = start_gunicorn(port, args.workers, log_path, cache_on=True)
    try:
        editor_session = EditorAtTheDesk("127.0.0.1", port)
        editor_session.log_in(EDITOR, password)
        log(f"serving on {port}; {args.readers} readers, {args.entries} entries")
        own_cpu = time.process_time()
        meter, rng = ServerMeter(server, log_path), random.Random(3)
        measured = asyncio.run(follow(args, port, coverage, editor_session, meter, rng))
        measured["load_generator_cpu_seconds"] = round(time.process_time() - own_cpu, 2)
    finally:
        stop(server)
    p95 = measured["latency_seconds"]["p95"]
    result = {
        "date": date.today().isoformat(),
        "issue": 17,
        "settings": {
            key: getattr(args, key)
            for key in ("readers", "entries", "interval", "idle", "settle", "backlog", "workers")
        }
        | {
            "poll_seconds": POLL_SECONDS,
            "database": "sqlite",
            "response_cache": "redis" if args.redis_url else "local memory per worker",
            "writer": "admin form over HTTP (login, Post an entry, Publish entry)",
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_start": load_at_start,
            "load_average_end": load_average(),
        },
        "poll_queries": queries,
        **measured,
        "target": {
            "p95_seconds": TARGET_P95_SECONDS,
            "met": p95 is not None
            and p95 <= TARGET_P95_SECONDS
            and measured["latency_seconds"]["missed"] == 0,
        },
        "seconds": round(time.perf_counter() - clock, 1),
    }
    print(json.dumps(result, indent=2))
    if not args.no_save:
        out = RESULTS / f"{result['date']}-live-{args.readers}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        log(f"wrote {out}")


if __name__ == "__main__":
    main()
