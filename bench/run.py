"""Benchmark Newsdesk: seed N stories into a scratch database, serve, load, report.

    .venv/bin/python bench/run.py --articles 10000

1. Migrates a fresh database (bench/databases.py: SQLite under /tmp, never the repository's
   db.sqlite3, or with --database postgres a PostgreSQL database nd_bench_<articles>, with
   --replica on a primary and streaming replica made for the run) and seeds it in bulk
   (bench/scratch_site.py, bench/seed.py), then checks every story is visible and a few pages
   render.
2. Counts SQL queries per request for each scenario in-process (bench/scenarios.py: Django's
   test Client with CaptureQueriesContext, anonymous, after one warm-up request as a running
   server has): each sampled URL twice, since the first request after a change also
   serialises what it stores (news/api/stored.py) and later ones only read it.
3. Serves the site with gunicorn (bench/server.py; cms/gunicorn.conf.py, production settings,
   --workers sync workers) and drives each scenario with wrk (bench/wrk.py; bench/load.py,
   a Python client, only with --generator python or where wrk is missing) for --duration
   seconds at --concurrency connections, after --warmup seconds; a scenario whose URL answers
   404/500 is reported as failed and the run goes on. With --replica every scenario is
   measured again on servers that read the replica (rows marked "[replica]").
4. Reads each worker's peak memory (VmHWM), prints a table (bench/report.py) and writes
   bench/results/<date>-<articles>.json.

This module is the command line and the order of the steps; the scenarios themselves are
plain data (SCENARIOS in bench/scenarios.py).
"""

import argparse
import json
import os
import platform
import shutil
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    # Run as a script, Python puts bench/ on the path, not the repository that holds it.
    sys.path.insert(0, str(REPO))

from bench import wrk  # noqa: E402
from bench.databases import scratch_database  # noqa: E402
from bench.report import (  # noqa: E402
    RESULTS,
    assess,
    table,
    with_ratios,  # noqa: E402
)
from bench.scenarios import BASELINE, SCENARIOS, TRIVIAL, Fixtures, count_queries  # noqa: E402
from bench.scratch_site import SCRATCH, configure_environment, prepare_database  # noqa: E402
from bench.server import (  # noqa: E402
    cpu_seconds,
    drive,
    free_port,
    load_average,
    memory_mb,
    start_gunicorn,
    stop,
    worker_pids,
)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--articles", type=int, default=1000, help="stories to seed")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load each")
    parser.add_argument("--warmup", type=float, default=2.0, help="uncounted seconds first")
    parser.add_argument("--concurrency", type=int, default=8, help="connections at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--generator",
        choices=["wrk", "python"],
        default="wrk" if wrk.available() else "python",
        help="load generator (python: bench/load.py, only where wrk is missing)",
    )
    parser.add_argument("--only", help="comma-separated scenario names to run (baselines kept)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--db", type=Path, help="scratch SQLite file (default /tmp/newsdesk-bench/<articles>.db)"
    )
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to drop and seed (default nd_bench_<articles> on 5432)",
    )
    parser.add_argument(
        "--replica",
        action="store_true",
        help="PostgreSQL only: also measure every scenario reading a streaming replica "
        "(made by .ci/replica on ports 5442 and 5443, removed afterwards)",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse-db", action="store_true", help="serve an existing --keep-db database, no seeding"
    )
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    return parser.parse_args(argv)


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def measure_group(group, args, server_log, cache_on, replica_url, fixtures, seen):
    """Serve with one gunicorn and load each (scenario, row) of the group on it."""
    port = free_port()
    server = start_gunicorn(port, args.workers, server_log, cache_on, replica_url)
    where = "a replica" if replica_url else "the primary"
    log(f"gunicorn on 127.0.0.1:{port}, cache {'on' if cache_on else 'off'}, reading {where}")
    try:
        for scenario, row in group:
            pids = worker_pids(server.pid)
            cpu_before = cpu_seconds(pids)
            row["load"] = drive(port, scenario.paths(fixtures), args, scenario.cached)
            cpu_after = cpu_seconds(pids)
            served = row["load"].get("total_requests")
            if served and cpu_before is not None and cpu_after is not None:
                row["cpu_ms_per_request"] = round((cpu_after - cpu_before) / served * 1000, 2)
            row["load_average_after"] = load_average()
            current = worker_pids(server.pid)
            if current != pids:
                row["workers_replaced"] = True
                log(f"warning: a worker was replaced during {row['name']}; see {server_log}")
            readings = [memory_mb(pid) for pid in sorted(set(pids) | set(current))]
            seen.update((r["pid"], r) for r in readings if r["peak_mb"] is not None)
            row["worker_peak_mb_after"] = [r["peak_mb"] for r in readings if r["peak_mb"]]
            load = row["load"]
            hits = f", cache hits {load['cache_hits']}" if "cache_hits" in load else ""
            log(f"{row['name']}: {load.get('rps')} req/s, p50 {load.get('p50_ms')}{hits}")
    finally:
        stop(server)


def main(argv=None):
    args = parse_args(argv)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    database = scratch_database(args, log)
    try:
        return run(args, database)
    finally:
        database.stop_replica()


def run(args, database):
    reuse = args.reuse_db and database.exists()
    if not reuse:
        database.recreate()
    # In process (seeding, query counts) everything reads the primary.
    os.environ.pop("DATABASE_REPLICA_URL", None)
    configure_environment(database.url)
    started, load_at_start = time.perf_counter(), load_average()
    timings = {} if reuse else prepare_database(args, database.url, log)
    database.wait_for_replica(log)

    from django.db import connections

    fixtures = Fixtures()
    if len(fixtures.story_ids) < min(args.articles, 100):
        raise SystemExit(f"{database.url} holds {len(fixtures.story_ids)} stories")
    scenarios = SCENARIOS
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")} | {BASELINE, TRIVIAL}
        scenarios = [s for s in SCENARIOS if s.name in wanted]
    rows = []
    for scenario in scenarios:
        paths = scenario.paths(fixtures)
        row = {
            "name": scenario.name,
            "cached": scenario.cached,
            "description": scenario.description,
            "example": paths[0],
            "paths": len(paths),
            "queries": None,
        }
        if scenario.in_process:
            queries, statuses = count_queries(paths)
            row["queries"] = queries if statuses <= {200} else None
            row["in_process_statuses"] = sorted(statuses)
            log(f"{scenario.name}: {queries['median']} queries ({paths[0]} → {sorted(statuses)})")
        rows.append(row)
    connections.close_all()  # the server gets the database to itself

    seen = {}  # every worker's last memory reading, replaced ones included
    servers = [None, database.replica_url] if database.replica_url else [None]
    all_rows = []
    for replica_url in servers:
        measured = rows if replica_url is None else [replica_row(row) for row in rows]
        all_rows += measured
        # Uncached scenarios get a server with the response cache off, so they measure the
        # work a request does; cached ones a server with it on, as production runs.
        for cache_on in (False, True):
            pairs = zip(scenarios, measured, strict=True)
            group = [(s, r) for s, r in pairs if s.cached == cache_on]
            if group:
                name = f"gunicorn-{args.articles}{'-cached' if cache_on else ''}"
                server_log = SCRATCH / f"{name}{'-replica' if replica_url else ''}.log"
                measure_group(group, args, server_log, cache_on, replica_url, fixtures, seen)
    workers = list(seen.values())
    with_ratios(all_rows)

    result = {
        "date": date.today().isoformat(),
        "articles": args.articles,
        "config": {
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "workers": args.workers,
            "generator": args.generator,
            "wrk_threads": wrk.THREADS if args.generator == "wrk" else None,
            "database": database.vendor,
            "replica": bool(database.replica_url),
            "cache_backend": "redis" if os.environ.get("REDIS_URL") else "local memory",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
        },
        "timings": {**timings, "total_seconds": round(time.perf_counter() - started, 1)},
        "scenarios": all_rows,
        "workers": workers,
    }
    result["targets"] = assess(all_rows, workers, args.articles)
    print(table(all_rows, workers))
    print()
    for item in result["targets"]:
        print(f"- {item['target']}: {item['value']} — {item['verdict']}")
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        kind = database.vendor + ("-replica" if database.replica_url else "")
        out = RESULTS / f"{result['date']}-{args.articles}-{kind}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        log(f"wrote {out.relative_to(REPO)}")
    if not args.keep_db:
        database.drop()
        shutil.rmtree(SCRATCH / "media", ignore_errors=True)
    return 0


def replica_row(row):
    """The same scenario, served by gunicorn reading the replica (queries not counted: the
    in-process count reads the primary)."""
    return {**row, "name": f"{row['name']} [replica]", "replica": True, "queries": None}


if __name__ == "__main__":
    sys.exit(main())
