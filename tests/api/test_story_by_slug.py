"""A Wagtail front end loads a story by its route: a listing filtered by slug, naming the body.

`/api/v2/pages/?type=news.NewsArticle&slug=<slug>&fields=summary,body` is how stock Wagtail
front ends fetch the page they are about to render. The body comes in the detail's typed blocks,
at a cost that does not grow with the stories listed, and never shows what readers may not see.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.blocks import StoryBodyBlock
from news.models import Correction
from tests.api.conftest import every_block
from tests.factories import hours, lede, make_image, make_story, paragraph, related_link

pytestmark = pytest.mark.django_db

STORIES = "/api/v2/pages/?type=news.NewsArticle"


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json()


@pytest.fixture
def harbour(world):
    return make_story(world, title="Harbour reopens", published_ago=hours(5))


@pytest.fixture
def story(world, harbour):
    return make_story(
        world,
        title="Ships queue overnight",
        summary="The port reopened at dawn.",
        body=every_block(make_image("Dawn"), harbour),
        published_ago=hours(1),
    )


@pytest.mark.parametrize("fields", ["summary,body", "body", "*,body", "_,title,body"])
def test_a_story_by_slug_serves_the_body_blocks_of_its_detail(client, story, fields):
    found = get_ok(client, f"{STORIES}&slug={story.slug}&fields={fields}")
    detail = get_ok(client, f"/api/v2/pages/{story.pk}/")

    assert [item["title"] for item in found["items"]] == ["Ships queue overnight"]
    item = found["items"][0]
    assert item["body"] == detail["body"]
    # every_block (tests/api/conftest.py) holds one block of each type the body takes.
    assert sorted(block["type"] for block in item["body"]) == sorted(StoryBodyBlock().child_blocks)
    if fields != "_,title,body":
        assert item["summary"] == "The port reopened at dawn."


@pytest.mark.parametrize("fields", [None, "*", "summary", "body,-body"])
def test_listings_leave_the_body_out_unless_it_is_named(client, story, fields):
    url = STORIES if fields is None else f"{STORIES}&fields={fields}"
    for item in get_ok(client, url)["items"]:
        assert "body" not in item
        assert "corrections" not in item


def test_corrections_come_too_when_named(client, story):
    story.corrections.add(
        Correction(kind="correction", text="The port reopened at dawn, not dusk.")
    )
    story.save_revision().publish()
    item = get_ok(client, f"{STORIES}&slug={story.slug}&fields=body,corrections")["items"][0]
    assert [note["text"] for note in item["corrections"]] == [
        "The port reopened at dawn, not dusk."
    ]


def test_an_unknown_field_is_still_refused(client, story):
    response = client.get(f"{STORIES}&fields=body,bodyy")
    assert response.status_code == 400
    assert response.json()["message"] == "unknown fields: bodyy"


def test_pages_of_no_story_type_have_no_body_to_name(client, story):
    response = client.get("/api/v2/pages/?fields=body")
    assert response.status_code == 400
    assert "body" in response.json()["message"]


def queries_for(client, url):
    client.get(url)  # warm caches and renditions, as any running server has
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_a_listing_with_bodies_costs_the_same_for_1_or_10_stories(client, world, uncached):
    linked = make_story(world, title="Linked story")
    for n in range(10):
        make_story(
            world,
            title=f"Story {n}",
            body=every_block(make_image(f"Picture {n}"), linked),
            lead_image=make_image(f"Lead {n}"),
        )
    url = f"{STORIES}&fields=*,body,corrections&limit="
    one, ten = queries_for(client, f"{url}1"), queries_for(client, f"{url}10")
    assert one == ten


@pytest.fixture
def cache_on(settings):
    settings.NEWSDESK_RESPONSE_CACHE = True


@pytest.mark.parametrize("cache", ["uncached", "cache_on"])
def test_a_body_in_a_listing_is_never_stale(request, client, world, harbour, cache):
    request.getfixturevalue(cache)
    story = make_story(
        world,
        title="Ships queue overnight",
        body=[
            lede(f'<p>See <a linktype="page" id="{harbour.pk}">the harbour</a>.</p>'),
            related_link(harbour),
        ],
    )
    url = f"{STORIES}&slug={story.slug}&fields=body"
    body = get_ok(client, url)["items"][0]["body"]
    assert harbour.url in body[0]["value"]
    assert [block["type"] for block in body] == ["lede", "related_link"]

    # The linked story is withdrawn: its link turns to text and "Also Read" goes, at once.
    harbour.unpublish()
    body = get_ok(client, url)["items"][0]["body"]
    assert "href" not in body[0]["value"]
    assert "the harbour" in body[0]["value"]
    assert [block["type"] for block in body] == ["lede"]

    # The story itself is edited: the next request shows the new body.
    story.body = [lede("<p>Ships left at noon.</p>"), paragraph("<p>The queue cleared.</p>")]
    story.save_revision().publish()
    body = get_ok(client, url)["items"][0]["body"]
    assert [block["value"] for block in body] == [
        "<p>Ships left at noon.</p>",
        "<p>The queue cleared.</p>",
    ]

    # A draft is never served, and an unpublished story leaves the listing.
    story.body = [lede("<p>Unchecked draft.</p>")]
    story.save_revision()
    assert "Unchecked draft" not in str(get_ok(client, url))
    story.unpublish()
    assert get_ok(client, url)["items"] == []


def test_a_link_to_an_expired_story_is_text_in_a_listed_body(client, world, harbour, uncached):
    story = make_story(
        world,
        body=[lede(f'<p>See <a linktype="page" id="{harbour.pk}">the harbour</a>.</p>')],
    )
    url = f"{STORIES}&slug={story.slug}&fields=body"
    assert "href" in get_ok(client, url)["items"][0]["body"][0]["value"]

    type(harbour).objects.filter(pk=harbour.pk).update(expire_at=harbour.first_published_at)
    value = get_ok(client, url)["items"][0]["body"][0]["value"]
    assert "href" not in value
