"""The front page's cards show lead images as sized renditions, at a cost that does not grow
with the number of cards."""

import pytest
from bs4 import BeautifulSoup

from home.models import HomePage
from tests.factories import hours, make_image, make_story
from tests.news.test_query_counts import queries_for

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("uncached")
def test_the_front_pages_pictures_cost_the_same_for_two_cards_or_six(client, world, monkeypatch):
    for n in range(8):
        make_story(
            world, title=f"Story {n}", lead_image=make_image(f"Photo {n}"), published_ago=hours(n)
        )
    monkeypatch.setattr(HomePage, "LATEST_COUNT", 2)
    two = queries_for(client, "/")
    monkeypatch.setattr(HomePage, "LATEST_COUNT", 6)
    assert queries_for(client, "/") == two

    page = BeautifulSoup(client.get("/").content, "html.parser")
    lead = page.select_one(".lead img")
    assert (lead["width"], lead["height"]) == ("960", "540") and not lead.get("loading")
    cards = page.select(".latest img")
    assert len(cards) == 5
    assert all(img["loading"] == "lazy" and img["width"] == "480" for img in cards)
