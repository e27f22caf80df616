"""The API serves a story's own changes at the very next request: an edit, unpublishing,
publishing, an expiry, a view restriction over its section, new tags.

Every test runs twice, with the response cache off and on, and follows the same steps: warm
the endpoint, change something the way an editor does, ask again (tests/api/conftest.py).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.api.conftest import (
    LISTINGS,
    assert_gone,
    blocks_of,
    detail,
    item_for,
    listing,
    move_clock_past,
    publish_edit,
    story_urls,
    tag_names,
    titles,
    warm,
)
from tests.factories import lede, make_story, paragraph

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_mode")]


# 1. Edits


def test_an_edited_story_shows_its_new_headline_summary_and_body_at_once(client, newsroom):
    harbour = newsroom["harbour"]
    warm(client, *story_urls(harbour))

    publish_edit(
        harbour,
        title="Harbour reopens after strike",
        summary="Dockers went back to work on Monday.",
        body=[lede(), paragraph("<p>Ships queued overnight to get in.</p>")],
    )

    story = detail(client, harbour)
    assert story["title"] == "Harbour reopens after strike"
    assert story["summary"] == "Dockers went back to work on Monday."
    assert blocks_of(story, "paragraph") == ["<p>Ships queued overnight to get in.</p>"]
    for url in LISTINGS:
        item = item_for(listing(client, url), harbour)
        assert item["title"] == "Harbour reopens after strike", url
        assert item["summary"] == "Dockers went back to work on Monday.", url


# 2. Unpublishing


def test_an_unpublished_story_is_gone_from_detail_and_listings_at_once(client, newsroom):
    harbour = newsroom["harbour"]
    warm(client, *story_urls(harbour))
    totals = {url: listing(client, url)["meta"]["total_count"] for url in LISTINGS}
    assert totals == dict.fromkeys(LISTINGS, 4)

    harbour.unpublish()

    assert_gone(client, harbour, ["Summit opens", "Reader's story", "Markets rally"])


# 3. Publishing


def test_a_newly_published_story_heads_the_listings_at_once(client, newsroom):
    warm(client, *LISTINGS, *[f"{url}&limit=3&offset=1" for url in LISTINGS])

    breaking = make_story(
        newsroom["world"], title="Breaking: ceasefire agreed", authors=[newsroom["reporter"]]
    )

    for url in LISTINGS:
        data = listing(client, url)
        assert titles(data)[0] == "Breaking: ceasefire agreed", url
        assert data["items"][0]["id"] == breaking.pk, url
        assert data["meta"]["total_count"] == 5, url
        # Everything else moved one place down.
        page_2 = listing(client, f"{url}&limit=3&offset=1")
        assert titles(page_2) == ["Summit opens", "Reader's story", "Markets rally"], url
        assert page_2["meta"]["total_count"] == 5, url
    assert detail(client, breaking)["title"] == "Breaking: ceasefire agreed"


# 8. Expiry


def test_a_story_is_gone_once_its_expiry_passes_before_the_scheduler_runs(
    client, newsroom, monkeypatch
):
    summit = newsroom["summit"]
    expiry = timezone.now() + timedelta(minutes=5)
    publish_edit(summit, expire_at=expiry)
    warm(client, *story_urls(summit))
    assert titles(listing(client))[0] == "Summit opens"

    move_clock_past(monkeypatch, expiry)

    assert_gone(client, summit, ["Reader's story", "Markets rally", "Harbour reopens"])


# 9. View restrictions


def test_a_private_section_hides_its_stories_at_once(client, newsroom):
    markets = newsroom["markets"]
    warm(client, *story_urls(markets))

    PageViewRestriction.objects.create(
        page=newsroom["business"], restriction_type="password", password="members"
    )

    assert_gone(client, markets, ["Summit opens", "Reader's story", "Harbour reopens"])


# 10. Tags


def test_new_tags_show_at_once(client, newsroom):
    reader = newsroom["reader"]
    warm(client, *story_urls(reader))
    assert tag_names(detail(client, reader)) == ["Harbour", "Strike"]

    publish_edit(reader, tags=["Ceasefire", "Harbour"])

    assert tag_names(detail(client, reader)) == ["Ceasefire", "Harbour"]
    for url in LISTINGS:
        assert tag_names(item_for(listing(client, url), reader)) == ["Ceasefire", "Harbour"], url
