"""What the benchmark measures: the scenarios (URLs a reader or front end asks for) and the
in-process count of SQL queries each one costs.

Scenarios are plain data (SCENARIOS below): add one with a name, a function giving its paths,
and `cached=True` to measure a response cache (each URL is fetched first so the cache holds it).
"""

import logging
import random
import statistics
import time
from dataclasses import dataclass

from bench.scratch_site import test_client
from bench.story_text import TOPICS

TRIVIAL_PATH = "/bench/trivial"  # bench/wsgi.py


@dataclass
class Scenario:
    name: str
    paths: object  # callable(Fixtures) -> list of paths
    cached: bool = False
    description: str = ""
    # Served by bench/wsgi.py alone, so Django's test client (the query count) cannot ask it.
    in_process: bool = True


class Fixtures:
    """What the scenarios' URLs are made of, read from the seeded database."""

    def __init__(self, sample=100, seed=6):
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


BASELINE, TRIVIAL = "baseline /healthz", "trivial view, no middleware"

SCENARIOS = [
    Scenario(BASELINE, lambda f: ["/healthz"], description="trivial JSON through our middleware"),
    Scenario(
        TRIVIAL,
        lambda f: [TRIVIAL_PATH],
        description="trivial JSON, Django's request cycle without our middleware (bench/wsgi.py)",
        in_process=False,
    ),
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
    Scenario(
        "story page (cached)",
        lambda f: f.story_urls[:20],
        cached=True,
        description="HTML of one story, from the response cache",
    ),
]


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
