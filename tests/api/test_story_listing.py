"""Listing stories: filters, order, pagination, and a fixed cost however many are listed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import hours, make_author, make_image, make_section, make_story

pytestmark = pytest.mark.django_db

STORIES = "/api/v2/pages/?type=news.NewsArticle"


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def error(client, url):
    response = client.get(url)
    assert response.status_code == 400
    return response.json()["message"]


@pytest.fixture
def desk(world, reporter):
    business = make_section("Business")
    other = make_author("Ana Ruiz")
    make_story(world, title="Oldest", authors=[reporter], tags=["Kabul"], published_ago=hours(30))
    make_story(business, title="Middle", authors=[other], tags=["Markets"], published_ago=hours(20))
    make_story(world, title="Newest", authors=[reporter, other], published_ago=hours(1))


def test_stories_come_newest_first_with_their_total(client, desk):
    response = client.get(f"{STORIES}&limit=2")
    assert [item["title"] for item in response.json()["items"]] == ["Newest", "Middle"]
    assert response.json()["meta"]["total_count"] == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=world", ["Newest", "Oldest"]),
        ("category=business", ["Middle"]),
        ("category=no-such-section", []),
        ("author=ana-ruiz", ["Newest", "Middle"]),
        ("tag=kabul", ["Oldest"]),
        ("category=world&author=ana-ruiz", ["Newest"]),
        ("search=Middle", ["Middle"]),
    ],
)
def test_filters(client, desk, query, expected):
    assert titles(client, f"{STORIES}&{query}") == expected


def test_published_between_dates(client, desk):
    day = (timezone.now() - hours(25)).isoformat().replace("+00:00", "Z")
    assert titles(client, f"{STORIES}&published_after={day}") == ["Newest", "Middle"]
    assert titles(client, f"{STORIES}&published_before={day}") == ["Oldest"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert titles(client, f"{STORIES}&published_before={tomorrow}") == [
        "Newest",
        "Middle",
        "Oldest",
    ]


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-02-30", "2024-05-01T25:00"])
def test_a_bad_date_is_a_400_that_says_what_to_send(client, desk, value):
    assert "published_after must be an ISO 8601 date" in error(
        client, f"{STORIES}&published_after={value}"
    )


def test_story_filters_ask_for_the_story_type(client, desk):
    assert "add type=news.NewsArticle" in error(client, "/api/v2/pages/?category=world")


def test_limit_goes_up_to_100(client, desk):
    assert client.get(f"{STORIES}&limit=100").status_code == 200
    assert "limit cannot be higher than 100" in error(client, f"{STORIES}&limit=101")


def test_a_listing_serves_story_cards_and_leaves_the_body_for_the_detail(client, desk):
    item = client.get(STORIES).json()["items"][0]
    assert {"category", "authors", "tags", "summary", "lead_image", "published_at"} <= set(item)
    assert "body" not in item
    assert item["category"]["slug"] == "world"
    assert [author["slug"] for author in item["authors"]] == ["mrityunjoy-kumar-jha", "ana-ruiz"]


@pytest.mark.parametrize("cache", ["uncached", "cache on"])
def test_fields_adds_to_the_card_and_an_underscore_replaces_it(client, desk, settings, cache):
    """As docs/api.md's parameter table says: a named field joins the card, `_,` starts from
    nothing, `-name` drops one, `*` is every listing field (and still no body)."""
    settings.NEWSDESK_RESPONSE_CACHE = cache == "cache on"

    def keys(fields):
        response = client.get(f"{STORIES}&fields={fields}")
        assert response.status_code == 200, response.content
        return {frozenset(item) for item in response.json()["items"]}

    (card,) = keys("")
    assert {"id", "meta", "title", "summary", "category", "authors"} <= card
    assert keys("featured") == {card | {"featured"}}
    assert keys("_,title,featured") == {frozenset({"title", "featured"})}
    assert keys("-summary") == {card - {"summary"}}
    (everything,) = keys("*")
    assert card < everything and "body" not in everything


def test_lead_image_and_author_photo_come_in_ready_sizes(client, world):
    photo = make_image("Portrait", width=800, height=1000)
    image = make_image("Harbour", description="Harbour, photographed")
    author = make_author("Lin Park", photo=photo)
    make_story(
        world,
        authors=[author],
        lead_image=image,
        lead_image_caption="The harbour at dawn",
        lead_image_credit="Newsdesk",
    )
    item = client.get(STORIES).json()["items"][0]
    lead = item["lead_image"]
    assert lead["alt"] == "Harbour, photographed"
    assert (lead["caption"], lead["credit"]) == ("The harbour at dawn", "Newsdesk")
    assert lead["large"]["url"].startswith("http://testserver/")
    assert (lead["large"]["width"], lead["large"]["height"]) == (1200, 675)
    assert (lead["thumbnail"]["width"], lead["thumbnail"]["height"]) == (600, 400)
    assert item["authors"][0]["photo"]["width"] == item["authors"][0]["photo"]["height"] == 400


def queries_for(client, url):
    client.get(url)  # warm caches and renditions, as any running server has
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    assert "X-Cache" not in response
    return len(context.captured_queries)


def test_a_listing_costs_the_same_for_10_or_50_stories(client, world, uncached):
    images = [make_image(f"Picture {n}") for n in range(3)]
    authors = [make_author(photo=images[n % 3]) for n in range(4)]
    for n in range(50):
        make_story(
            world,
            title=f"Story {n}",
            authors=authors[n % 4 : n % 4 + 2],
            tags=[f"tag {n % 5}", f"tag {n % 7}"],
            lead_image=images[n % 3],
        )
    url = f"{STORIES}&fields=*&limit="
    ten, fifty = queries_for(client, f"{url}10"), queries_for(client, f"{url}50")
    assert ten == fifty
    assert fifty <= 10


def test_authors_endpoint_lists_published_authors_without_email(client, reporter):
    make_author("Draft Person", live=False)
    items = client.get("/api/v2/authors/").json()["items"]
    assert [item["name"] for item in items] == ["Mrityunjoy Kumar Jha"]
    assert "email" not in items[0] and "mk@newsroom.example" not in str(items)
    assert items[0]["bio"].startswith("<p>Covers <a href=")
    assert error(client, "/api/v2/authors/?email=mk@newsroom.example").startswith(
        "query parameter is not an operation or a recognised field: email"
    )


def test_categories_endpoint_lists_sections(client, world):
    items = client.get("/api/v2/categories/").json()["items"]
    assert [(item["title"], item["meta"]["slug"]) for item in items] == [("World", "world")]
