"""Pages cost a fixed number of queries, however much a story or a list holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from tests.factories import (
    hours,
    lede,
    make_author,
    make_image,
    make_section,
    make_story,
    related_link,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


def queries_for(client, url):
    # As on any running server: the newsroom's settings exist (the first request stores their
    # defaults, which bumps the "site" tag) and the worker has found its site since.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    assert "X-Cache" not in response
    return len(context.captured_queries)


def test_story_page_cost_does_not_grow_with_authors_links_tags_or_images(client, world):
    others = [make_story(world, title=f"Other {n}") for n in range(10)]
    authors = [make_author() for _ in range(5)]
    pictures = [
        {"type": "image", "value": {"image": make_image(f"Picture {n}").pk, "caption": ""}}
        for n in range(5)
    ]
    small = make_story(
        world,
        title="Small",
        authors=authors[:1],
        body=[lede(), related_link(others[0]), pictures[0]],
    )
    big = make_story(
        world,
        title="Big",
        authors=authors,
        tags=[f"tag {n}" for n in range(10)],
        body=[lede(), *[related_link(other) for other in others], *pictures],
    )
    plain = make_story(
        world, title="Plain", authors=authors[:1], body=[lede(), related_link(others[0])]
    )
    small_cost, big_cost = rendered_queries_for(client, small), rendered_queries_for(client, big)
    assert small_cost == big_cost
    # What it was before the parts were stored, and the three look-ups each part's store costs.
    assert big_cost <= 15 + 2 * 3
    # A body's images are read together, in one query: a story without any saves just that.
    assert rendered_queries_for(client, plain) == small_cost - 1
    # From then on its stored parts serve it (news_tags.story_part), whatever they hold.
    stored = {queries_for(client, story.url) for story in (small, big, plain)}
    assert len(stored) == 1 and stored.pop() <= 10


def rendered_queries_for(client, story):
    """A story page's cost the first time after the story changed: its parts rendered anew."""
    queries_for(client, story.url)
    story.save_revision().publish()
    with CaptureQueriesContext(connection) as context:
        assert client.get(story.url).status_code == 200
    return len(context.captured_queries)


def resize_home(monkeypatch, settings, size):
    monkeypatch.setattr(HomePage, "LATEST_COUNT", size)
    monkeypatch.setattr(HomePage, "PER_SECTION", size)


def resize_listing(monkeypatch, settings, size):
    settings.NEWSDESK_PAGE_SIZE = size


@pytest.mark.parametrize(
    ("url", "resize"),
    [
        ("/", resize_home),
        ("/world/", resize_listing),
        ("/authors/mrityunjoy-kumar-jha/", resize_listing),
        ("/search/?q=story", resize_listing),
    ],
)
def test_listing_pages_cost_the_same_whatever_their_size(
    client, world, reporter, settings, monkeypatch, url, resize
):
    business = make_section("Business")
    for n in range(12):
        make_story(
            world if n % 2 else business,
            authors=[reporter, make_author()],
            tags=["a", "b"],
            published_ago=hours(n),
        )
    resize(monkeypatch, settings, 2)
    small = queries_for(client, url)
    resize(monkeypatch, settings, 6)
    assert queries_for(client, url) == small
