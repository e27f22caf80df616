"""Search finds a story by its byline as readers see it: never by an unpublished author's name."""

import pytest

from tests.factories import make_author, make_story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

# The story's headline, summary and body never name its author: only the byline can match.
NAME = "Zebulon Quarx"


def found_by(client, words):
    """Which surfaces find the story: page search, API v2 and API v3 `search=`."""
    page = client.get("/search/", {"q": words})
    v2 = client.get("/api/v2/pages/", {"type": "news.NewsArticle", "search": words})
    v3 = client.get("/api/v3/pages/", {"search": words})
    assert (page.status_code, v2.status_code, v3.status_code) == (200, 200, 200)
    return {
        "page": "Harbour strike ends" in page.content.decode(),
        "v2": any(item["title"] == "Harbour strike ends" for item in v2.json()["items"]),
        "v3": any(item["title"] == "Harbour strike ends" for item in v3.json()["items"]),
    }


NOWHERE = {"page": False, "v2": False, "v3": False}
EVERYWHERE = {"page": True, "v2": True, "v3": True}


@pytest.fixture
def author(db):
    return make_author(NAME, slug="zebulon-quarx", live=False)


@pytest.fixture
def story(world, author, reporter):
    return make_story(world, title="Harbour strike ends", authors=[author, reporter])


def test_an_unpublished_authors_name_finds_nothing(client, story):
    assert found_by(client, "Quarx") == NOWHERE
    assert found_by(client, "Mrityunjoy") == EVERYWHERE  # a published byline still finds it


def test_publishing_the_author_makes_the_story_findable_and_unpublishing_hides_it(
    client, story, author
):
    author.save_revision().publish()
    assert found_by(client, "Quarx") == EVERYWHERE

    author.refresh_from_db()  # publishing went through a copy of it
    author.unpublish()
    assert found_by(client, "Quarx") == NOWHERE


def test_a_renamed_author_is_found_by_the_new_name_only(client, story, author):
    author.save_revision().publish()
    author.refresh_from_db()
    author.name = "Zebulon Vantablack"
    author.save_revision().publish()

    assert found_by(client, "Vantablack") == EVERYWHERE
    assert found_by(client, "Quarx") == NOWHERE
