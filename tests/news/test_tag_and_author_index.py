"""A story's tags lead to a page of every story readers can see with that tag; /authors/ lists
who writes for the newsroom."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from tests.factories import hours, make_author, make_story
from tests.news.test_listing_pages import titles

pytestmark = pytest.mark.django_db


def test_a_storys_tags_link_to_their_pages(client, world):
    story = make_story(world, title="Floods recede", tags=["Floods", "Delta"])
    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    links = {a.get_text(): a["href"] for a in page.select(".tags a")}
    assert links == {"Floods": "/tags/floods/", "Delta": "/tags/delta/"}


def test_a_tag_page_lists_only_stories_readers_can_see_newest_first(client, world, settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for n in range(3):
        make_story(world, title=f"Flood {n}", tags=["Floods"], published_ago=hours(n))
    make_story(world, title="Flood draft", tags=["Floods"], publish=False)
    make_story(world, title="Untagged")

    response = client.get("/tags/floods/")
    assert titles(response) == ["Flood 0", "Flood 1"]
    assert BeautifulSoup(response.content, "html.parser").h1.get_text() == "Floods"
    assert titles(client.get("/tags/floods/?page=2")) == ["Flood 2"]
    assert client.get("/tags/floods/?page=3").status_code == 404


def test_a_tag_no_reader_can_see_has_no_page(client, world):
    make_story(world, title="Secret plans", tags=["Embargoed"], publish=False)
    assert client.get("/tags/embargoed/").status_code == 404
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_the_authors_index_lists_published_authors_by_name(client):
    make_author("Zoe Adams")
    make_author("Asha Rao")
    hidden = make_author("Not Yet Hired")
    hidden.live = False
    hidden.save()

    response = client.get("/authors/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    names = [a.get_text() for a in page.select(".author-index a")]
    assert names == ["Asha Rao", "Zoe Adams"]
    assert page.select_one(".author-index a")["href"] == "/authors/asha-rao/"
    assert client.get("/authors/?page=2").status_code == 404


def test_every_public_page_names_a_favicon_we_serve(client, world):
    page = BeautifulSoup(client.get("/world/").content, "html.parser")
    icon = page.select_one("link[rel=icon]")["href"]
    assert icon.startswith("/static/")
    assert finders.find(icon.removeprefix("/static/"))
