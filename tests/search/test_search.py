"""The reader's search page: stories only, best match first, matched words marked."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsArticle
from tests.factories import hours, lede, make_author, make_section, make_story, paragraph

pytestmark = pytest.mark.django_db


def results(client, query, page=None):
    url = f"/search/?q={query}" + (f"&page={page}" if page else "")
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, [h.get_text() for h in soup.select(".search-results .story-card__title")]


def test_finds_stories_by_headline_summary_body_author_and_tag(client, world, reporter):
    make_story(world, title="Monsoon floods Dhaka", authors=[reporter], published_ago=hours(1))
    make_story(world, title="Summary match", summary="Trawlers idle as the monsoon stalls")
    make_story(world, title="Body match", body=[lede(), paragraph("<p>The monsoon arrived.</p>")])
    make_story(world, title="By Zoraida", authors=[make_author("Zoraida Quintero")])
    make_story(world, title="Tagged story", tags=["Cryptography"])
    make_story(world, title="Unrelated story")

    assert set(results(client, "monsoon")[1]) == {
        "Monsoon floods Dhaka",
        "Summary match",
        "Body match",
    }
    assert results(client, "Zoraida")[1] == ["By Zoraida"]
    assert results(client, "Cryptography")[1] == ["Tagged story"]


def test_a_headline_match_ranks_first(client, world):
    make_story(world, title="Budget talks resume", summary="Ministers meet on Monday.")
    make_story(world, title="Harvest report", summary="Farmers fear the cyclone season.")
    make_story(world, title="Cyclone nears the coast", summary="Evacuations begin.")
    make_story(world, title="Markets", body=[lede(), paragraph("<p>A cyclone is forecast.</p>")])

    assert results(client, "cyclone")[1][0] == "Cyclone nears the coast"


def test_matched_words_are_highlighted_and_markup_escaped(client, world):
    # Complete tags are stripped from headlines on save; an unclosed one is text, to escape.
    make_story(world, title="Cyclone <b warning", summary="A cyclone warning for the coast.")
    soup, _ = results(client, "cyclone")
    title = soup.select_one(".search-results .story-card__title a")
    assert [mark.get_text() for mark in title.find_all("mark")] == ["Cyclone"]
    assert title.find("b") is None
    assert "<b warning" in title.get_text()
    summary = soup.select_one(".search-results .story-card__summary")
    assert [mark.get_text() for mark in summary.find_all("mark")] == ["cyclone"]


def test_results_are_paginated(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(5):
        make_story(world, title=f"Election night {n}")
    soup, first = results(client, "election")
    assert len(first) == 2
    assert "5 results" in soup.select_one(".search-count").get_text()
    assert soup.select_one("a[rel=next]")["href"] == "?page=2&q=election"
    assert len(results(client, "election", page=3)[1]) == 1


def test_pages_follow_the_ranking_headlines_first_then_newest_first(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    body = [lede(), paragraph("<p>The typhoon turned north overnight.</p>")]
    in_body = [make_story(world, title=f"Coastal report {n}", body=body) for n in range(3)]
    in_headline = [make_story(world, title=f"Typhoon update {n}") for n in range(3)]

    soup, first = results(client, "typhoon")
    pages = first + results(client, "typhoon", page=2)[1] + results(client, "typhoon", page=3)[1]
    # Equal scores fall back to the newest story first, on every back-end.
    expected = [story.title for story in [*reversed(in_headline), *reversed(in_body)]]
    assert pages == expected
    assert "6 results" in soup.select_one(".search-count").get_text()


def test_only_stories_a_reader_may_see_are_found_or_counted(client, world):
    make_story(world, title="Election day")
    make_story(world, title="Election draft", publish=False)
    expired = make_story(world, title="Election expired")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    NewsArticle.objects.filter(pk=expired.pk).update(expire_at=an_hour_ago)
    members = make_section("Members")
    make_story(members, title="Election for members")
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")

    soup, titles = results(client, "election")
    assert titles == ["Election day"]
    assert soup.select_one(".search-count").get_text().startswith("1 result for")


def test_an_empty_query_shows_the_form_only(client):
    soup, titles = results(client, "")
    assert titles == []
    assert soup.select_one("input[name=q]")


@pytest.mark.only_on_database("sqlite", why="the FTS5 column weights only apply on SQLite")
def test_sqlite_ranking_weights_match_the_index_columns():
    from search.sqlite_ranking import COLUMN_WEIGHTS

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA table_info(wagtailsearch_indexentry_fts)")
        columns = [row[1] for row in cursor.fetchall()]
    assert columns == list(COLUMN_WEIGHTS)


@pytest.mark.usefixtures("uncached")
@pytest.mark.only_on_database("sqlite", why="the query plan of SQLite's FTS5 back-end")
def test_sqlite_reads_the_full_text_matches_once_per_query(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(5):
        make_story(world, title=f"Election night {n}")
    with CaptureQueriesContext(connection) as context:
        assert len(results(client, "election", page=2)[1]) == 2
    searches = [query["sql"] for query in context.captured_queries if " MATCH " in query["sql"]]
    assert len(searches) == 2  # the count, then the page's ranked ids

    # The matches must drive each query: entered from anywhere else, the full-text table is
    # searched again for every row, and a search costs the square of its matches.
    with connection.cursor() as cursor:
        for sql in searches:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            steps = [row[-1] for row in cursor.fetchall()]
            fts_steps = [step for step in steps if "wagtailsearch_indexentry_fts" in step]
            assert fts_steps == [steps[0]], steps
            assert steps[0].startswith("SCAN wagtailsearch_indexentry_fts VIRTUAL TABLE")


@pytest.mark.parametrize("query", ['"', 'a"b', '"election', "election*", "(", "AND"])
def test_punctuation_in_a_query_is_never_an_error(client, world, query):
    make_story(world, title="Election day")
    assert client.get("/search/", {"q": query}).status_code == 200
    api = client.get("/api/v2/pages/", {"type": "news.NewsArticle", "search": query})
    assert api.status_code == 200


def test_a_quoted_word_still_finds_the_story(client, world):
    make_story(world, title="Election day")
    assert results(client, '"election"')[1] == ["Election day"]


def test_an_annotated_score_comes_with_each_result_in_the_same_order(world):
    make_story(world, title="Cyclone nears the coast")
    make_story(world, title="Markets", body=[lede(), paragraph("<p>A cyclone is forecast.</p>")])
    stories = NewsArticle.objects.visible()

    scored = list(stories.search("cyclone").annotate_score("relevance"))
    assert [story.title for story in scored] == ["Cyclone nears the coast", "Markets"]
    assert all(isinstance(story.relevance, float) for story in scored)
    assert scored[0].relevance != scored[1].relevance
