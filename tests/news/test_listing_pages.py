"""Section, author and front pages: paginated lists of what readers may see."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from news.models import Correction
from tests.factories import hours, make_author, make_section, make_story

pytestmark = pytest.mark.django_db


def titles(response, selector=".story-card__title"):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [node.get_text(strip=True) for node in page.select(selector)]


def test_section_page_lists_its_live_stories_newest_first(client, world):
    business = make_section("Business")
    make_story(world, title="Older world story", published_ago=hours(5))
    make_story(world, title="Newer world story", published_ago=hours(1))
    make_story(world, title="World draft", publish=False)
    make_story(business, title="Business story")

    assert titles(client.get("/world/")) == ["Newer world story", "Older world story"]


def test_section_page_is_paginated(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(5):
        make_story(world, title=f"Story {n}", published_ago=hours(n))

    assert titles(client.get("/world/")) == ["Story 0", "Story 1"]
    assert titles(client.get("/world/?page=3")) == ["Story 4"]
    # A page number past the end, or one no page has, is not found rather than another page.
    assert client.get("/world/?page=99").status_code == 404
    assert client.get("/world/?page=abc").status_code == 404
    page = BeautifulSoup(client.get("/world/?page=2").content, "html.parser")
    assert page.select_one("a[rel=next]")["href"] == "?page=3"
    assert page.select_one("a[rel=prev]")["href"] == "?page=1"


def test_author_page_lists_their_published_stories(client, world, reporter):
    colleague = make_author("Asha Rao")
    make_story(world, title="Solo story", authors=[reporter], published_ago=hours(3))
    make_story(world, title="Shared story", authors=[colleague, reporter], published_ago=hours(1))
    make_story(world, title="Colleague's story", authors=[colleague])
    make_story(world, title="Reporter's draft", authors=[reporter], publish=False)

    response = client.get("/authors/mrityunjoy-kumar-jha/")
    assert titles(response) == ["Shared story", "Solo story"]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text() == "Mrityunjoy Kumar Jha"
    assert "global terrorism" in page.select_one(".author-box__bio").get_text()
    assert page.find("a", href="https://x.com/mkjha")
    assert "mk@newsroom.example" not in response.content.decode()


def test_author_page_is_paginated(client, world, reporter, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(3):
        make_story(world, title=f"Story {n}", authors=[reporter], published_ago=hours(n))
    assert titles(client.get("/authors/mrityunjoy-kumar-jha/?page=2")) == ["Story 2"]


def test_unpublished_or_unknown_author_has_no_page(client, reporter):
    reporter.live = False
    reporter.save()
    assert client.get("/authors/mrityunjoy-kumar-jha/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404


def test_home_page_shows_latest_stories_and_newest_per_section(client, world, monkeypatch):
    monkeypatch.setattr(HomePage, "LATEST_COUNT", 4)
    business = make_section("Business")
    science = make_section("Science")  # no stories yet: no empty block on the front page
    for n in range(6):
        make_story(world, title=f"World {n}", published_ago=hours(n * 2))
    make_story(business, title="Business 0", published_ago=hours(1))
    make_story(business, title="Business draft", publish=False)

    response = client.get("/")
    assert titles(response, ".lead .story-card__title") == ["World 0"]
    assert titles(response, ".latest .story-card__title") == ["Business 0", "World 1", "World 2"]
    page = BeautifulSoup(response.content, "html.parser")
    fronts = {
        front.h2.get_text(strip=True): [t.get_text(strip=True) for t in front.select("h3")]
        for front in page.select(".section-front")
    }
    # The sections' blocks repeat nothing the lead and the latest showed; Business has no more.
    assert fronts == {"World": ["World 3", "World 4", "World 5"]}
    assert science.title not in fronts
    labels = [
        label.get_text() for label in page.select(".lead .section-label, .latest .section-label")
    ]
    assert labels[:2] == ["World", "Business"]
    nav = [a.get_text() for a in page.select("nav.sections a")]
    assert nav == ["World", "Business", "Science"]


def pagination(response):
    """The pagination bar's label and its Newer and Older links (None where there is none)."""
    bar = BeautifulSoup(response.content, "html.parser").select_one("nav.pagination")
    if bar is None:
        return None
    newer, older = bar.select_one("a[rel=prev]"), bar.select_one("a[rel=next]")
    return (
        bar.span.get_text(strip=True),
        newer["href"] if newer else None,
        older["href"] if older else None,
    )


def test_section_pages_run_from_the_newest_to_the_last_full_page(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 3
    for n in range(6):
        make_story(world, title=f"Story {n}", published_ago=hours(n))
    make_story(world, title="Older draft", publish=False)

    first, second = client.get("/world/"), client.get("/world/?page=2")
    assert titles(first) == ["Story 0", "Story 1", "Story 2"]
    assert pagination(first) == ("Page 1", None, "?page=2")
    # Six stories fill two pages exactly (the draft does not count): the second is the last.
    assert titles(second) == ["Story 3", "Story 4", "Story 5"]
    assert pagination(second) == ("Page 2", "?page=1", None)


def test_section_page_numbers_outside_the_list_are_not_found(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(5):
        make_story(world, title=f"Story {n}", published_ago=hours(n))

    assert pagination(client.get("/world/?page=3")) == ("Page 3", "?page=2", None)
    for beyond in ("4", "99", "0", "-1", "abc", "2.5"):
        assert client.get(f"/world/?page={beyond}").status_code == 404, beyond
    response = client.get("/world/?page=")
    assert titles(response) == ["Story 0", "Story 1"]
    assert pagination(response) == ("Page 1", None, "?page=2")


def test_a_section_that_fits_on_one_page_shows_no_pagination(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    make_story(world, title="Story 0", published_ago=hours(1))
    make_story(world, title="Story 1", published_ago=hours(2))
    response = client.get("/world/")
    assert titles(response) == ["Story 0", "Story 1"]
    assert pagination(response) is None
    assert client.get("/world/?page=7").status_code == 404


def test_an_empty_section_has_its_first_page_only(client, world):
    for url in ("/world/", "/world/?page=1"):
        response = client.get(url)
        assert titles(response) == []
        assert "No stories in World yet." in response.content.decode()
    for number in ("3", "0"):
        assert client.get(f"/world/?page={number}").status_code == 404


@pytest.mark.usefixtures("uncached")
def test_section_and_author_pages_never_count_their_stories(client, world, reporter, settings):
    # A count reads every story in the section or byline; a page reads only what it shows.
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(3):
        make_story(world, authors=[reporter], published_ago=hours(n))
    for url in ("/world/", "/world/?page=2", "/authors/mrityunjoy-kumar-jha/"):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts = [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"].upper()]
        assert counts == [], url


def test_author_pages_run_to_the_last_page(client, world, reporter, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(4):
        make_story(world, title=f"Story {n}", authors=[reporter], published_ago=hours(n))
    make_story(world, title="Someone else's", published_ago=hours(0))

    second = client.get("/authors/mrityunjoy-kumar-jha/?page=2")
    assert titles(second) == ["Story 2", "Story 3"]
    assert pagination(second) == ("Page 2", "?page=1", None)
    assert client.get("/authors/mrityunjoy-kumar-jha/?page=3").status_code == 404
    assert client.get("/authors/mrityunjoy-kumar-jha/?page=x").status_code == 404


def test_corrections_are_still_counted_and_say_how_many_pages(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    story = make_story(world, title="Corrected story")
    for n in range(3):
        Correction.objects.create(story=story, text=f"Correction {n}")
    response = client.get("/corrections/")
    assert pagination(response) == ("Page 1 of 2", None, "?page=2")
