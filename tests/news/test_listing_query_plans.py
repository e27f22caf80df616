"""Lists read what they show, not the archive: SQLite walks an index newest first and stops.

Section pages, the front page's section blocks and the sections menu rely on SQLite matching
news.querysets.ParentPath to the index that migration 0008 builds, which it does only while the two
are spelled alike: these tests catch the day they are not.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import hours, make_section, make_story

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("uncached"),
    pytest.mark.only_on_database("sqlite", why="reads SQLite's query plans"),
]

# A SCAN of the page tree or of the stories (aliased U0, U1… in subqueries) reads every row,
# unless it walks the publication-date index newest first and stops at the list's LIMIT, or
# walks the partial index that holds only the featured stories (the home page's lead).
READS_EVERY_ROW = re.compile(
    r"^SCAN (wagtailcore_page|news_newsarticle|U\d+)\b(?! USING (COVERING )?INDEX featured_story$)"
)


def query_plans(client, url):
    """Each query the page runs, with its plan as (step id, parent step id, detail) rows."""
    client.get(url)
    cache.clear()  # the stored parts of the page (the sections menu) are built again
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        for query in context.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plans.append((query["sql"], [(row[0], row[1], row[3]) for row in cursor.fetchall()]))
    return plans


@pytest.fixture
def two_sections(world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    business = make_section("Business")
    for n in range(6):
        make_story(world if n % 2 else business, published_ago=hours(n))


@pytest.mark.usefixtures("two_sections")
@pytest.mark.parametrize("url", ["/", "/world/", "/world/?page=2"])
def test_listing_pages_never_read_every_page_or_story(client, url):
    for sql, plan in query_plans(client, url):
        for _, _, detail in plan:
            if READS_EVERY_ROW.match(detail):
                assert "first_published_at" in detail, (sql, plan)


@pytest.mark.usefixtures("two_sections")
@pytest.mark.parametrize("url", ["/", "/world/"])
def test_sections_and_their_stories_are_read_from_the_index_in_order(client, url):
    by_parent = [(sql, plan) for sql, plan in query_plans(client, url) if "SUBSTR(" in sql]
    assert any("news_categorypage" in sql for sql, _ in by_parent)  # the sections menu
    assert any("news_newsarticle" in sql for sql, _ in by_parent)  # the stories
    for sql, plan in by_parent:
        lookups = [parent for _, parent, d in plan if "INDEX news_page_children_newest" in d]
        assert lookups, (sql, plan)
        if "news_newsarticle" in sql:
            for parent in lookups:
                # Stories come off the index newest first: only ties on the publication
                # moment are sorted ("RIGHT PART OF ORDER BY"), never a section's stories.
                sorts = [d for _, p, d in plan if p == parent and "TEMP B-TREE" in d]
                assert "USE TEMP B-TREE FOR ORDER BY" not in sorts, (sql, plan)
