"""Benchmark Newsdesk: seed N stories into a scratch database, serve, load, report.

    .venv/bin/python bench/run.py --articles 10000

1. Migrates a fresh SQLite database under /tmp (never the repository's db.sqlite3) and seeds
   it in bulk (bench/seed.py), then checks every story is visible and a few pages render.
2. Counts SQL queries per request for each scenario in-process (Django's test Client with
   CaptureQueriesContext, anonymous, after one warm-up request as a running server has):
   each sampled URL twice, since the first request after a change also serialises what it
   stores (news/api/stored.py) and later ones only read it.
3. Serves the site with gunicorn (cms/gunicorn.conf.py, production settings, --workers sync
   workers) and drives each scenario from a separate process (bench/load.py) for --duration
   seconds at --concurrency, after --warmup seconds; a scenario whose URL answers 404/500 is
   reported as failed and the run goes on.
4. Reads each worker's peak memory (VmHWM), prints a table and writes
   bench/results/<date>-<articles>.json.

Scenarios are plain data (SCENARIOS below): add one with a name, a function giving its paths,
and `cached=True` to measure a response cache (each URL is fetched first so the cache holds it).
"""

import argparse
import json
import logging
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
SCRATCH = Path("/tmp/newsdesk-bench")
PYTHON = sys.executable

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
REQUEST_TIMEOUT = 30  # seconds: gunicorn's worker timeout (cms/gunicorn.conf.py)

# What issue #6 asks for; reported against today's numbers, never asserted.
TARGETS = {
    "api_list_p50_growth_max": 1.3,  # p50 at 100,000 stories / p50 at 1,000
    "api_list_ratio_min": 0.10,
    "api_detail_ratio_min": 0.3,
    "cached_story_ratio_min": 0.7,
    "worker_peak_mb_max": 200,
}


@dataclass
class Scenario:
    name: str
    paths: object  # callable(Fixtures) -> list of paths
    cached: bool = False
    description: str = ""


class Fixtures:
    """What the scenarios' URLs are made of, read from the seeded database."""

    def __init__(self, sample=100, seed=6):
        from bench.seed import TOPICS
        from news.models import CategoryPage, NewsArticle

        rng = random.Random(seed)
        stories = list(NewsArticle.objects.visible().values_list("pk", flat=True))
        self.story_ids = rng.sample(stories, min(sample, len(stories)))
        by_pk = NewsArticle.objects.in_bulk(self.story_ids)
        self.story_urls = [by_pk[pk].url for pk in self.story_ids]
        sections = CategoryPage.objects.live().order_by("path")
        self.section_urls = [section.url for section in sections]
        self.search_paths = [f"/search/?q={topic}" for topic in TOPICS[:8]]


def v3_detail_path(pk):
    """The API v3 detail URL of a page, found in the URLconf (a story route if there is one)."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    namespace = "wagtailapi_v3"
    try:
        _, resolver = get_resolver().namespace_dict[namespace]
    except KeyError:
        return f"/api/v3/pages/{pk}/"
    names = [
        name
        for name in resolver.reverse_dict
        if isinstance(name, str)
        and "detail" in name
        and any(word in name for word in ("page", "stor", "article"))
    ]
    names.sort(key=lambda name: ("page" in name, name))  # a story route first, if there is one
    for name in names:
        try:
            return reverse(f"{namespace}:{name}", args=[pk])
        except NoReverseMatch:
            continue
    return f"/api/v3/pages/{pk}/"


SCENARIOS = [
    Scenario("baseline /healthz", lambda f: ["/healthz"], description="trivial JSON, no DB"),
    Scenario(
        "API v2 list",
        lambda f: ["/api/v2/pages/?type=news.NewsArticle&fields=*&limit=20"],
        description="20 newest stories, all fields",
    ),
    Scenario(
        "API v2 detail",
        lambda f: [f"/api/v2/pages/{pk}/" for pk in f.story_ids],
        description="one story with its body",
    ),
    Scenario(
        "API v3 detail",
        lambda f: [v3_detail_path(pk) for pk in f.story_ids],
        description="one story, API v3",
    ),
    Scenario("story page", lambda f: f.story_urls, description="HTML of one story"),
    Scenario("category page", lambda f: f.section_urls, description="a section's first page"),
    Scenario("home page", lambda f: ["/"], description="latest + newest per section"),
    Scenario(
        "search",
        lambda f: f.search_paths,
        description="a topic named in 1 story in 40; database back-end (FTS5)",
    ),
    Scenario("RSS feed", lambda f: ["/feed/"], description="latest stories, full content"),
    # When the response cache lands, measure it with e.g.:
    Scenario(
        "story page (cached)",
        lambda f: f.story_urls[:20],
        cached=True,
        description="HTML of one story, from the response cache",
    ),
]


# -- setup ---------------------------------------------------------------------------------


def configure_environment(db_path):
    """Production settings over plain http on loopback, with scratch database and files."""
    if db_path.resolve() == (REPO / "db.sqlite3").resolve():
        raise SystemExit("refusing to use the repository's db.sqlite3")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{db_path}",
        STATIC_ROOT=str(SCRATCH / "static"),
        MEDIA_ROOT=str(SCRATCH / "media"),
        LOG_LEVEL="WARNING",
        # In-process query counts measure a request's own work, not the cache's shortcut.
        NEWSDESK_RESPONSE_CACHE="false",
    )
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def prepare_database(args, db_path, log):
    from django.core.management import call_command

    from bench import seed

    clock = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    timings = {"migrate_seconds": round(time.perf_counter() - clock, 2)}
    log(f"migrated {db_path} in {timings['migrate_seconds']}s; seeding {args.articles} stories")
    clock = time.perf_counter()
    result = seed.seed(args.articles, log=log)
    timings.update(result.timings, seed_seconds=round(time.perf_counter() - clock, 2))
    log(f"seeded in {timings['seed_seconds']}s ({result.timings})")
    seed.check(result, test_client())
    log("sanity check passed: every story visible, story pages render 200")
    return timings


def test_client():
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def count_queries(paths, samples=5, budget_seconds=10):
    """Queries per request for up to `samples` of the paths, after one warm-up request: the
    first request for each path, and a repeat (what a running server does from then on).

    Also the in-process time of each; sampling stops early once `budget_seconds` are spent
    (a page that takes seconds is measured once, not five times).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("django.request").setLevel(logging.ERROR)  # a 404 is reported, not logged
    client = test_client()
    client.get(paths[0])  # fills Wagtail's site-root cache, as on any running worker
    firsts, counts, seconds, statuses = [], [], [], set()
    for path in paths[:samples]:
        for counted in (firsts, counts):
            clock = time.perf_counter()
            with CaptureQueriesContext(connection) as context:
                response = client.get(path)
            seconds.append(time.perf_counter() - clock)
            statuses.add(response.status_code)
            counted.append(len(context.captured_queries))
        if sum(seconds) > budget_seconds:
            break
    queries = {
        "min": min(counts),
        "max": max(counts),
        "median": statistics.median(counts),
        "first_min": min(firsts),
        "first_max": max(firsts),
        "in_process_ms": round(statistics.median(seconds[1::2]) * 1000, 1),
    }
    return queries, statuses


# -- serving -------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers, log_path, cache_on):
    env = dict(
        os.environ,
        NEWSDESK_RESPONSE_CACHE="true" if cache_on else "false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        # No recycling during the run: workers keep their pids, so VmHWM is the whole run's peak.
        GUNICORN_MAX_REQUESTS="0",
    )
    log_file = open(log_path, "wb")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(
        [GUNICORN, "-c", str(REPO / "cms" / "gunicorn.conf.py"), "cms.wsgi"],
        cwd=REPO,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log_path}")
        if len(worker_pids(server.pid)) == workers and healthy(port):
            return server
        time.sleep(0.2)
    stop(server)
    raise SystemExit(f"gunicorn did not become ready; see {log_path}")


def healthy(port):
    import http.client

    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz", headers={"Host": "localhost"})
        return connection.getresponse().status == 200
    except OSError:
        return False


def stop(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_pids(master_pid):
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    except OSError:
        return []
    return sorted(int(pid) for pid in children.split())


def memory_mb(pid):
    """Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB."""
    values = {}
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the worker is gone (gunicorn killed it after a timeout)
        status = ""
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"pid": pid, "peak_mb": values.get("VmHWM"), "rss_mb": values.get("VmRSS")}


def cpu_seconds(pids):
    """User + system CPU time the processes have used so far; None if one of them is gone."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def load_average():
    return float(Path("/proc/loadavg").read_text().split()[0])


def drive(port, paths, args, cached):
    command = [
        PYTHON,
        str(REPO / "bench" / "load.py"),
        "--json",
        f"--base=http://127.0.0.1:{port}",
        f"--concurrency={args.concurrency}",
        f"--duration={args.duration}",
        f"--warmup={args.warmup}",
        *(["--cached"] if cached else []),
        *paths,
    ]
    # Probe (≤ duration), warm-up and load, each possibly overrun by requests still in flight
    # (at most gunicorn's 30 s timeout); past that the scenario is failed, not waited for.
    limit = 2 * args.duration + args.warmup + 3 * REQUEST_TIMEOUT + 60
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"ok": False, "failure": {"load_generator": f"no answer within {limit:.0f} s"}}
    if done.returncode != 0:
        return {"ok": False, "failure": {"load_generator": done.stderr[-500:]}}
    return json.loads(done.stdout)


# -- reporting -----------------------------------------------------------------------------


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def span(low, high):
    return str(low) if low == high else f"{low}–{high}"


def table(rows, workers):
    lines = [
        "| Scenario | Queries | n | p50 ms | p95 ms | req/s | × baseline | CPU ms/req | × by CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        queries = row.get("queries")
        if queries is None:
            shown = "—"
        else:
            shown = span(queries["min"], queries["max"])
            first = span(queries.get("first_min"), queries.get("first_max"))
            if queries.get("first_max") not in (None, queries["max"]):
                shown += f" (1st: {first})"
        if not row["load"].get("ok"):
            failure = row["load"].get("failure", {})
            status = failure.get("status") or failure.get("statuses") or failure
            lines.append(f"| {row['name']} | {shown} | FAILED: {status} | | | | | | |")
            continue
        load = row["load"]
        lines.append(
            f"| {row['name']} | {shown} | {load['requests']:,} | {fmt(load['p50_ms'])} | "
            f"{fmt(load['p95_ms'])} | "
            f"{fmt(load['rps'])} | {fmt(row.get('ratio'), 3)} | "
            f"{fmt(row.get('cpu_ms_per_request'), 2)} | {fmt(row.get('cpu_ratio'), 3)} |"
        )
    peaks = ", ".join(f"{w['peak_mb']} MB" for w in workers)
    lines.append("")
    lines.append(f"Worker peak memory (VmHWM): {peaks}")
    return "\n".join(lines)


def find_row(rows, name):
    return next((row for row in rows if row["name"] == name and row["load"].get("ok")), None)


def previous_result(articles):
    """The latest saved result at `articles` stories, if any."""
    files = sorted(RESULTS.glob(f"*-{articles}.json"))
    return json.loads(files[-1].read_text()) if files else None


def assess(rows, workers, articles):
    """Today's values against issue #6's targets (informative: nothing fails on them)."""

    def ratio(name):
        row = find_row(rows, name)
        return row["ratio"] if row else None

    def verdict(value, ok):
        return "n/a" if value is None else ("met" if ok(value) else "NOT met")

    report = []
    api_list = find_row(rows, "API v2 list")
    small = previous_result(1000)
    growth = None
    cpu_growth = None
    if api_list and small and articles != 1000:
        small_list = find_row(small["scenarios"], "API v2 list")
        if small_list:
            growth = round(api_list["load"]["p50_ms"] / small_list["load"]["p50_ms"], 2)
            if api_list.get("cpu_ms_per_request") and small_list.get("cpu_ms_per_request"):
                cpu = api_list["cpu_ms_per_request"] / small_list["cpu_ms_per_request"]
                cpu_growth = round(cpu, 2)
    target = TARGETS["api_list_p50_growth_max"]
    report.append(
        {
            "target": f"API list p50 at {articles:,} stories / at 1,000 ≤ {target} "
            "(the target is at 100,000)",
            "value": growth,
            "verdict": verdict(growth, lambda v: v <= target)
            + (f" (CPU per request: {cpu_growth}×)" if cpu_growth else ""),
        }
    )
    for name, key in [
        ("API v2 list", "api_list_ratio_min"),
        ("API v2 detail", "api_detail_ratio_min"),
        ("API v3 detail", "api_detail_ratio_min"),
    ]:
        value, target = ratio(name), TARGETS[key]
        report.append(
            {
                "target": f"{name} (uncached) ≥ {target}× baseline",
                "value": value,
                "verdict": verdict(value, lambda v, t=target: v >= t),
            }
        )
    cached = next((row for row in rows if row["cached"] and "story" in row["name"]), None)
    value = cached["ratio"] if cached and cached["load"].get("ok") else None
    target = TARGETS["cached_story_ratio_min"]
    report.append(
        {
            "target": f"cached story page ≥ {target}× baseline",
            "value": value,
            "verdict": verdict(value, lambda v: v >= target)
            + ("" if cached else f" (no cache yet; uncached: {ratio('story page')}×)"),
        }
    )
    peak = max((w["peak_mb"] for w in workers), default=None)
    target = TARGETS["worker_peak_mb_max"]
    report.append(
        {
            "target": f"worker peak memory < {target} MB",
            "value": peak,
            "verdict": verdict(peak, lambda v: v < target),
        }
    )
    return report


# -- main ----------------------------------------------------------------------------------


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
