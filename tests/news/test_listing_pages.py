"""Section, author and front pages: paginated lists of what readers may see."""

import pytest
from bs4 import BeautifulSoup

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
    # Out-of-range and junk page numbers land on a real page rather than an error.
    assert titles(client.get("/world/?page=99")) == ["Story 4"]
    assert titles(client.get("/world/?page=abc")) == ["Story 0", "Story 1"]
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


def test_home_page_shows_latest_stories_and_newest_per_section(client, world):
    business = make_section("Business")
    science = make_section("Science")  # no stories yet: no empty block on the front page
    for n in range(4):
        make_story(world, title=f"World {n}", published_ago=hours(n * 2))
    make_story(business, title="Business 0", published_ago=hours(1))
    make_story(business, title="Business draft", publish=False)

    response = client.get("/")
    assert titles(response, ".latest .story-card__title") == [
        "World 0",
        "Business 0",
        "World 1",
        "World 2",
        "World 3",
    ]
    page = BeautifulSoup(response.content, "html.parser")
    fronts = {
        front.h2.get_text(strip=True): [t.get_text(strip=True) for t in front.select("h3")]
        for front in page.select(".section-front")
    }
    assert fronts == {"World": ["World 0", "World 1", "World 2"], "Business": ["Business 0"]}
    assert science.title not in fronts
    labels = [label.get_text() for label in page.select(".latest .section-label")]
    assert labels[:2] == ["World", "Business"]
    nav = [a.get_text() for a in page.select("nav.sections a")]
    assert nav == ["World", "Business", "Science"]
