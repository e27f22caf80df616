"""The benchmark's bulk seeder builds a newsroom readers can use, in the intended shape."""

import re
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

from bench.search_index import SearchIndexer
from bench.seed import check, seed
from bench.story_text import TOPICS
from news.models import CategoryPage, NewsArticle, StoryAuthor
from people.models import Author

pytestmark = pytest.mark.django_db

ARTICLES = 30


@pytest.fixture
def newsroom():
    return seed(ARTICLES, authors=8, sections=3, tags=20, batch_size=12, log=lambda _: None)


def test_seeded_stories_are_visible_and_render(newsroom, client):
    assert NewsArticle.objects.visible().count() == ARTICLES
    check(newsroom, client, sample=ARTICLES)  # every story page answers 200; tree counts agree
    assert client.get("/").status_code == 200
    assert client.get(f"/{newsroom.sections[0].slug}/").status_code == 200
    assert client.get(f"/api/v2/pages/{newsroom.story_ids[0]}/").status_code == 200


def test_the_newsroom_has_the_intended_shape(newsroom):
    assert CategoryPage.objects.live().count() == 3
    assert Author.objects.live().count() == 8
    stories = NewsArticle.objects.order_by("pk")
    for story in stories:
        kinds = [block.block_type for block in story.body]
        assert 5 <= len(kinds) <= 15
        assert kinds[0] == "lede" and kinds.count("lede") == 1
        assert story.summary and story.first_published_at and story.last_published_at
        assert 1 <= story.story_authors.count() <= 3
        assert 1 <= story.tags.count() <= 4
        assert story.section is not None
        assert story.url_path == f"{story.section.url_path}{story.slug}/"
    every_kind = Counter(block.block_type for story in stories for block in story.body)
    assert {"paragraph", "heading", "tweet", "related_link", "quote"} <= set(every_kind)
    assert StoryAuthor.objects.values("story").distinct().count() == ARTICLES


def test_seeded_stories_can_be_searched(newsroom):
    client = Client()
    response = client.get(f"/search/?q={TOPICS[0]}")
    assert response.status_code == 200
    found = response.context["results"].object_list
    assert found and all(story.title.startswith(TOPICS[0]) for story in found)


def index_rows(table):
    """Every story's index row as stored (PostgreSQL's tsvectors as their text), by id."""
    columns = {
        "sqlite": "title, autocomplete, body, title_norm",
        "postgresql": "title::text, autocomplete::text, body::text, title_norm, title_text, "
        "body_text",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, {columns} FROM {table} WHERE content_type_id = %s",  # noqa: S608
            [ContentType.objects.get_for_model(NewsArticle).pk],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def test_bulk_index_rows_are_the_rows_the_search_backend_writes(newsroom):
    indexer = SearchIndexer()
    table = indexer.index.entries.model._meta.db_table
    seeded = index_rows(table)
    assert len(seeded) == ARTICLES
    # The back-end indexes each story over its row, as a publish does: `story.tags.all()`
    # reads tags in the order they were linked, which the seeder wrote its rows in.
    indexer.index.add_items(NewsArticle, list(NewsArticle.objects.all()))
    indexed = index_rows(table)
    assert indexed.keys() == seeded.keys()
    for object_id, row in indexed.items():
        assert seeded[object_id] == row, f"story {object_id}"
    assert all(title and body for title, _, body, *_ in indexed.values())
    if connection.vendor == "postgresql":  # a headline's words weigh more than the body's
        # (the body's are "D", the lowest, which PostgreSQL leaves unwritten)
        assert all(re.search(r":\d+[ABC]", title) for title, *_ in indexed.values())


def test_the_seeded_database_has_planner_statistics(newsroom):
    """ANALYZE ran after the seed: the planner knows how many stories there are. (Inside
    the test's transaction only the seed's own ANALYZE could have counted its rows.)"""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'news_newsarticle'")
        else:
            cursor.execute(
                "SELECT (SELECT reltuples::integer FROM pg_class WHERE relname = %(table)s), "
                "(SELECT count(*) FROM pg_stats WHERE tablename = %(table)s)",
                {"table": "news_newsarticle"},
            )
        stats = cursor.fetchall()
    if connection.vendor == "sqlite":  # a row count first, for the table and each index
        assert stats and all(int(stat.split()[0]) == ARTICLES for (stat,) in stats)
    else:
        [(rows, columns_with_statistics)] = stats
        assert rows == ARTICLES and columns_with_statistics > 0
