"""The API serves changes to what a story shows from elsewhere at the very next request: its
authors, the stories it links to, its section, and images from the library.

Every test runs twice, with the response cache off and on, and follows the same steps: warm
the endpoint, change something the way an editor does, ask again (tests/api/conftest.py).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import (
    LISTINGS,
    blocks_of,
    byline,
    detail,
    detail_url,
    item_for,
    listing,
    move_clock_past,
    publish_edit,
    story_urls,
    warm,
)
from tests.factories import lede, make_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_mode")]


# 4-5. Authors


def test_a_renamed_author_shows_in_the_byline_at_once(client, newsroom):
    reporter, reader = newsroom["reporter"], newsroom["reader"]
    warm(client, *story_urls(reader))

    reporter.name = "M. K. Jha"
    reporter.save_revision().publish()

    assert byline(detail(client, reader)) == ["M. K. Jha", "Ana Ruiz"]
    for url in LISTINGS:
        data = listing(client, url)
        assert byline(item_for(data, reader)) == ["M. K. Jha", "Ana Ruiz"], url
        assert byline(item_for(data, newsroom["harbour"])) == ["M. K. Jha"], url


def test_an_unpublished_author_leaves_the_byline_at_once(client, newsroom):
    reader = newsroom["reader"]
    warm(client, *story_urls(reader))
    assert byline(detail(client, reader)) == ["Mrityunjoy Kumar Jha", "Ana Ruiz"]

    newsroom["reporter"].unpublish()

    story = detail(client, reader)
    assert byline(story) == ["Ana Ruiz"]
    assert "Mrityunjoy" not in str(story)
    for url in LISTINGS:
        data = listing(client, url)
        assert byline(item_for(data, reader)) == ["Ana Ruiz"], url
        assert byline(item_for(data, newsroom["harbour"])) == [], url
        assert "Mrityunjoy" not in str(data), url


# 6. Related links


def also_read(client, story):
    return blocks_of(detail(client, story), "related_link")


def test_a_related_link_goes_when_its_story_is_unpublished(client, newsroom):
    harbour, reader = newsroom["harbour"], newsroom["reader"]
    warm(client, detail_url(reader))
    assert also_read(client, reader) == [
        {"title": "Harbour reopens", "url": harbour.url, "page": harbour.pk}
    ]

    harbour.unpublish()

    story = detail(client, reader)
    assert blocks_of(story, "related_link") == []
    assert "Harbour reopens" not in str(story)
    assert blocks_of(story, "paragraph") == ["<p>What the mayor said.</p>"]  # the rest stays


def test_a_related_link_shows_its_story_s_new_headline_at_once(client, newsroom):
    harbour, reader = newsroom["harbour"], newsroom["reader"]
    warm(client, detail_url(reader))

    publish_edit(harbour, title="Harbour reopens after strike")

    assert [link["title"] for link in also_read(client, reader)] == ["Harbour reopens after strike"]


def test_a_related_link_goes_once_its_story_expires(client, newsroom, monkeypatch):
    harbour, reader = newsroom["harbour"], newsroom["reader"]
    expiry = timezone.now() + timedelta(minutes=5)
    publish_edit(harbour, expire_at=expiry)
    warm(client, detail_url(reader))
    assert [link["page"] for link in also_read(client, reader)] == [harbour.pk]

    move_clock_past(monkeypatch, expiry)

    assert also_read(client, reader) == []


# 7. Sections


def test_a_renamed_section_shows_as_the_story_s_category_at_once(client, newsroom):
    reader = newsroom["reader"]
    warm(client, *story_urls(reader))

    publish_edit(newsroom["world"], title="World news")

    assert detail(client, reader)["category"]["title"] == "World news"
    for url in LISTINGS:
        data = listing(client, url)
        assert item_for(data, reader)["category"]["title"] == "World news", url
        assert item_for(data, newsroom["markets"])["category"]["title"] == "Business", url


# Images: edited or deleted in the image library, shown on stories that use them


def test_an_edited_image_shows_at_once_as_lead_image_in_a_body_and_as_a_byline_photo(
    client, newsroom
):
    lead, inline, portrait = (make_image(f"Image {n}", description="Old alt") for n in range(3))
    reader = publish_edit(
        newsroom["reader"],
        lead_image=lead,
        body=[
            lede(),
            {"type": "image", "value": {"image": inline.pk, "caption": "", "credit": ""}},
        ],
    )
    publish_edit(newsroom["ana"], photo=portrait)
    warm(client, *story_urls(reader))

    for image in (lead, inline, portrait):
        image.description = "New alt"
        image.save()

    story = detail(client, reader)
    assert story["lead_image"]["alt"] == "New alt"
    assert blocks_of(story, "image")[0]["alt"] == "New alt"
    for url in LISTINGS:
        item = item_for(listing(client, url), reader)
        assert item["lead_image"]["alt"] == "New alt", url
        ana = next(author for author in item["authors"] if author["name"] == "Ana Ruiz")
        assert ana["photo"] is not None and ana["photo"]["alt"] == "New alt", url


def test_a_deleted_lead_image_leaves_the_story_at_once(client, newsroom):
    image = make_image("Harbour at dawn")
    reader = publish_edit(newsroom["reader"], lead_image=image)
    warm(client, *story_urls(reader))
    assert detail(client, reader)["lead_image"]["id"] == image.pk

    image.delete()

    assert detail(client, reader)["lead_image"] is None
    for url in LISTINGS:
        assert item_for(listing(client, url), reader)["lead_image"] is None, url
