"""Benchmark Newsdesk: seed N stories into a scratch database, serve, load, report.

    .venv/bin/python bench/run.py --articles 10000

1. Migrates a fresh SQLite database under /tmp (never the repository's db.sqlite3) and seeds
   it in bulk (bench/scratch_site.py, bench/seed.py), then checks every story is visible and
   a few pages render.
2. Counts SQL queries per request for each scenario in-process (bench/scenarios.py: Django's
   test Client with CaptureQueriesContext, anonymous, after one warm-up request as a running
   server has): each sampled URL twice, since the first request after a change also
   serialises what it stores (news/api/stored.py) and later ones only read it.
3. Serves the site with gunicorn (bench/server.py; cms/gunicorn.conf.py, production settings,
   --workers sync workers) and drives each scenario from a separate process (bench/load.py)
   for --duration seconds at --concurrency, after --warmup seconds; a scenario whose URL
   answers 404/500 is reported as failed and the run goes on.
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

from bench.report import RESULTS, assess, table  # noqa: E402
from bench.scenarios import SCENARIOS, Fixtures, count_queries  # noqa: E402
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
    parser.add_argument("--concurrency", type=int, default=4, help="connections at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--only", help="comma-separated scenario names to run (baseline is kept)")
    parser.add_argument(
        "--db", type=Path, help="scratch SQLite file (default /tmp/newsdesk-bench/<articles>.db)"
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse-db", action="store_true", help="serve an existing --keep-db database, no seeding"
    )
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    db_path = args.db or SCRATCH / f"{args.articles}.db"

    def log(message):
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    reuse = args.reuse_db and db_path.exists()
    if not reuse and db_path.exists():
        db_path.unlink()
    configure_environment(db_path)
    started, load_at_start = time.perf_counter(), load_average()
    timings = {} if reuse else prepare_database(args, db_path, log)

    from django.db import connections

    fixtures = Fixtures()
    if len(fixtures.story_ids) < min(args.articles, 100):
        raise SystemExit(f"{db_path} holds {len(fixtures.story_ids)} stories, not {args.articles}")
    scenarios = SCENARIOS
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        scenarios = [s for s in SCENARIOS if s is SCENARIOS[0] or s.name in wanted]
    rows = []
    for scenario in scenarios:
        paths = scenario.paths(fixtures)
        queries, statuses = count_queries(paths)
        rows.append(
            {
                "name": scenario.name,
                "cached": scenario.cached,
                "description": scenario.description,
                "example": paths[0],
                "paths": len(paths),
                "queries": queries if statuses <= {200} else None,
                "in_process_statuses": sorted(statuses),
            }
        )
        log(f"{scenario.name}: {queries['median']} queries ({paths[0]} → {sorted(statuses)})")
    connections.close_all()  # the server gets the database to itself

    seen = {}  # every worker's last memory reading, replaced ones included
    # Uncached scenarios get a server with the response cache off, so they measure the work a
    # request does; cached ones a server with it on, as production runs.
    for cache_on in (False, True):
        group = [(s, r) for s, r in zip(scenarios, rows, strict=True) if s.cached == cache_on]
        if not group:
            continue
        port = free_port()
        server_log = SCRATCH / f"gunicorn-{args.articles}{'-cached' if cache_on else ''}.log"
        server = start_gunicorn(port, args.workers, server_log, cache_on)
        log(f"gunicorn serving on 127.0.0.1:{port}, cache {'on' if cache_on else 'off'}")
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
                    log(f"warning: a worker was replaced during {scenario.name}; see {server_log}")
                readings = [memory_mb(pid) for pid in sorted(set(pids) | set(current))]
                seen.update((r["pid"], r) for r in readings if r["peak_mb"] is not None)
                row["worker_peak_mb_after"] = [r["peak_mb"] for r in readings if r["peak_mb"]]
                load = row["load"]
                log(f"{scenario.name}: {load.get('rps')} req/s, p50 {load.get('p50_ms')}")
        finally:
            stop(server)
    workers = list(seen.values())

    baseline = rows[0] if rows[0]["load"].get("ok") else None
    for row in rows:
        if baseline and row["load"].get("ok"):
            row["ratio"] = round(row["load"]["rps"] / baseline["load"]["rps"], 4)
            if row.get("cpu_ms_per_request"):
                row["cpu_ratio"] = round(
                    baseline["cpu_ms_per_request"] / row["cpu_ms_per_request"], 4
                )

    result = {
        "date": date.today().isoformat(),
        "articles": args.articles,
        "config": {
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "workers": args.workers,
            "database": "sqlite",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
        },
        "timings": {**timings, "total_seconds": round(time.perf_counter() - started, 1)},
        "scenarios": rows,
        "workers": workers,
    }
    result["targets"] = assess(rows, workers, args.articles)
    print(table(rows, workers))
    print()
    for item in result["targets"]:
        print(f"- {item['target']}: {item['value']} — {item['verdict']}")
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{result['date']}-{args.articles}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        log(f"wrote {out.relative_to(REPO)}")
    if not args.keep_db:
        db_path.unlink(missing_ok=True)
        shutil.rmtree(SCRATCH / "media", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
