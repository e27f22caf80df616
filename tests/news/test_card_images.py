"""Story cards show their lead images as responsive renditions: a srcset of several widths, the
<img>'s width and height set, and only the front page's lead story loaded at once, on every
page that lists stories; the renditions cost the same queries however many cards there are."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.factories import hours, make_author, make_image, make_section, make_story
from tests.news.test_query_counts import queries_for, resize_home, resize_listing

pytestmark = pytest.mark.django_db

LISTINGS = [
    ("/", resize_home),
    ("/world/", resize_listing),
    ("/tags/floods/", resize_listing),
    ("/authors/rita-reporter/", resize_listing),
    ("/search/?q=floods", resize_listing),
]
SRCSET_ENTRY = re.compile(r"^(?P<url>\S+) (?P<width>\d+)w$")


@pytest.fixture
def rita(db):
    return make_author("Rita Reporter")


def story_with_picture(section, author, n, **fields):
    return make_story(
        section,
        title=f"Floods, day {n}",
        authors=[author],
        tags=["Floods"],
        lead_image=make_image(f"Flood picture {n}"),
        published_ago=hours(n),
        **fields,
    )


def cards(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select(".story-card")


def widths(image):
    """The widths the srcset offers, checked entry by entry."""
    entries = [entry.strip() for entry in image["srcset"].split(",")]
    matches = [SRCSET_ENTRY.match(entry) for entry in entries]
    assert all(matches), image["srcset"]
    return sorted(int(match["width"]) for match in matches)


@pytest.mark.parametrize("url", [url for url, _ in LISTINGS])
def test_every_card_with_a_lead_image_shows_it_responsive_and_lazy(client, world, rita, url):
    for n in range(3):
        story_with_picture(world, rita, n)
    make_story(world, title="Floods, no picture", authors=[rita], tags=["Floods"])

    shown = cards(client.get(url))
    with_pictures = [card for card in shown if "Floods, day" in card.get_text()]
    assert len(with_pictures) == 3
    for card in with_pictures:
        image = card.select_one("img.story-card__image")
        assert image is not None, card
        assert len(widths(image)) >= 2
        assert int(image["width"]) > 0 and int(image["height"]) > 0
        # Every picture is cut to 16:9, so the page keeps its place while pictures load.
        assert int(image["width"]) * 9 == int(image["height"]) * 16
        assert image["src"] in image["srcset"]
        assert image["sizes"]
        assert image.get("alt", "").startswith("Flood picture")
        if "story-card--lead" in card["class"]:
            assert url == "/"
            assert image.get("loading") != "lazy"
        else:
            assert image["loading"] == "lazy"
    without = next(card for card in shown if "no picture" in card.get_text())
    assert without.select("img") == []


def test_the_front_pages_lead_picture_is_the_large_one_loaded_first(client, world, rita):
    lead = story_with_picture(world, rita, 5, featured=True)
    story_with_picture(world, rita, 1)

    shown = cards(client.get("/"))
    assert lead.title in shown[0].get_text()
    lead_image, thumbnail = (card.select_one("img") for card in shown[:2])
    assert "story-card--lead" in shown[0]["class"]
    assert lead_image["fetchpriority"] == "high"
    assert "loading" not in lead_image.attrs
    assert max(widths(lead_image)) > max(widths(thumbnail))
    assert int(lead_image["width"]) > int(thumbnail["width"])
    # The section blocks beside them list headlines only.
    assert BeautifulSoup(client.get("/").content, "html.parser").select(".section-front img") == []


def test_a_picture_smaller_than_the_card_is_not_blown_up(client, world, rita):
    make_story(
        world,
        title="Floods, small picture",
        authors=[rita],
        lead_image=make_image("Small picture", width=320, height=180),
        published_ago=hours(1),
    )
    make_story(world, title="Floods, today", authors=[rita])

    image = cards(client.get("/world/"))[1].select_one("img")
    assert max(widths(image)) <= 320
    assert (int(image["width"]), int(image["height"])) == (320, 180)


def test_a_picture_whose_file_was_lost_leaves_the_page_standing(client, world, rita):
    lost = story_with_picture(world, rita, 1)
    story_with_picture(world, rita, 2)
    lost.lead_image.file.delete(save=False)

    shown = cards(client.get("/world/"))
    assert [card.select_one("img") is not None for card in shown] == [True, True]
    assert "not-found" in shown[0].select_one("img")["src"]
    assert "not-found" not in shown[1].select_one("img")["src"]


@pytest.mark.usefixtures("uncached")
@pytest.mark.parametrize(("url", "resize"), LISTINGS)
def test_pictures_cost_the_same_queries_however_many_cards_show_them(
    client, world, rita, settings, monkeypatch, url, resize
):
    business = make_section("Business")
    for n in range(12):
        story_with_picture(world if n % 2 else business, rita, n)
    resize(monkeypatch, settings, 2)
    few = queries_for(client, url)
    resize(monkeypatch, settings, 6)
    assert queries_for(client, url) == few
    assert len(BeautifulSoup(client.get(url).content, "html.parser").select(".story-card img")) == 6
