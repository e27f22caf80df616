"""The reader's search page: stories only, best match first, matched words marked."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import hours, lede, make_author, make_story, paragraph

pytestmark = pytest.mark.django_db


def results(client, query, page=None):
    url = f"/search/?q={query}" + (f"&page={page}" if page else "")
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, [h.get_text() for h in soup.select(".search-result h2")]


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
    make_story(world, title="Cyclone <b>warning</b>", summary="A cyclone warning for the coast.")
    soup, _ = results(client, "cyclone")
    title = soup.select_one(".search-result h2 a")
    assert [mark.get_text() for mark in title.find_all("mark")] == ["Cyclone"]
    assert title.find("b") is None
    assert "<b>warning</b>" in title.get_text()
    summary = soup.select_one(".search-result .story-card__summary")
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


def test_drafts_never_appear_in_results(client, world):
    make_story(world, title="Secret election plan", publish=False)
    make_story(world, title="Election day")
    assert results(client, "election")[1] == ["Election day"]


def test_an_empty_query_shows_the_form_only(client):
    soup, titles = results(client, "")
    assert titles == []
    assert soup.select_one("input[name=q]")


def test_sqlite_ranking_weights_match_the_index_columns():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 column weights only apply on SQLite")
    from search.sqlite_ranking import COLUMN_WEIGHTS

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA table_info(wagtailsearch_indexentry_fts)")
        columns = [row[1] for row in cursor.fetchall()]
    assert columns == list(COLUMN_WEIGHTS)


@pytest.mark.parametrize("query", ['"', 'a"b', '"election', "election*", "(", "AND"])
def test_punctuation_in_a_query_is_never_an_error(client, world, query):
    make_story(world, title="Election day")
    assert client.get("/search/", {"q": query}).status_code == 200
    api = client.get("/api/v2/pages/", {"type": "news.NewsArticle", "search": query})
    assert api.status_code == 200


def test_a_quoted_word_still_finds_the_story(client, world):
    make_story(world, title="Election day")
    assert results(client, '"election"')[1] == ["Election day"]
