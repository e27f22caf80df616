"""The scratch site the benchmark serves: production settings over a throwaway database
(bench/databases.py: a SQLite file, or a PostgreSQL database of its own).

Kept apart from the repository's own db.sqlite3 and media, so a run can neither read nor
damage a developer's content; bench/run.py configures it once, before anything imports Django
models, then migrates and seeds it (bench/seed.py, which ends with ANALYZE: the planner's
statistics production's autovacuum keeps).
"""

import os
import secrets
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/newsdesk-bench")


def configure_environment(database_url):
    """Production settings over plain http on loopback, with scratch database and files."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(SCRATCH / "static"),
        MEDIA_ROOT=str(SCRATCH / "media"),
        LOG_LEVEL="WARNING",
        # In-process query counts measure a request's own work, not the cache's shortcut.
        NEWSDESK_RESPONSE_CACHE="false",
    )
    import django

    django.setup()


def prepare_database(args, database_url, log):
    from django.core.management import call_command

    from bench import seed

    clock = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    timings = {"migrate_seconds": round(time.perf_counter() - clock, 2)}
    log(f"migrated in {timings['migrate_seconds']}s; seeding {args.articles} stories")
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
