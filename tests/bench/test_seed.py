"""The benchmark's bulk seeder builds a newsroom readers can use, in the intended shape."""

from collections import Counter

import pytest
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


@pytest.mark.only_on_database("sqlite", why="the bulk index rows are SQLite's")
def test_bulk_index_rows_match_what_the_search_backend_would_write(newsroom):
    from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer

    indexer = SearchIndexer()
    entries = indexer.index.entries.filter(content_type__model="newsarticle")
    for story in NewsArticle.objects.all():
        expected = ObjectIndexer(story, indexer.backend)
        entry = entries.get(object_id=str(story.pk))
        assert (entry.title, entry.autocomplete) == (expected.title, expected.autocomplete)
        # The same words; tags may come back in another order.
        assert Counter(entry.body.split()) == Counter(expected.body.split())
