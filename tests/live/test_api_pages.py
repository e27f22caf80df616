"""A coverage in the pages APIs: its detail carries how to follow it, listings of its type and
of stories show it, and what readers may not see stays out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from live.models import LiveEntry
from tests import factories
from tests.api.conftest import move_clock_past
from tests.live.conftest import make_coverage, post_entry

DETAILS = ["/api/v2/pages/{}/", "/api/v3/pages/{}/"]


@pytest.fixture(params=DETAILS, ids=["v2", "v3"])
def detail_url(request, coverage):
    return request.param.format(coverage.pk)


def test_the_detail_carries_the_coverage_state_and_its_entries(client, coverage, detail_url):
    summary = post_entry(coverage, "<p>What we know.</p>", pinned=True)
    key = post_entry(coverage, "<p>Dam breached.</p>", key_event=True, title="Dam breached")
    newest = post_entry(coverage, "<p>Rain easing.</p>")
    post_entry(coverage, "<p>Unchecked.</p>", status=LiveEntry.Status.PENDING)
    post_entry(coverage, "<p>Taken down.</p>", status=LiveEntry.Status.WITHDRAWN, pinned=True)

    page = client.get(detail_url).json()
    live = page["live"]

    assert live["status"] == "live"
    assert live["started_at"] is not None and live["ended_at"] is None
    assert live["cursor"] == 5
    assert [entry["id"] for entry in live["entries"]] == [newest.pk, key.pk, summary.pk]
    assert [entry["id"] for entry in live["pinned"]] == [summary.pk]
    assert [entry["title"] for entry in live["key_events"]] == ["Dam breached"]
    assert "Unchecked" not in str(page) and "Taken down" not in str(page)
    # The story's own fields are all there: a coverage is a story.
    assert page["authors"] and page["body"]
    # Where to follow it, from that cursor.
    follow = client.get(live["entries_url"], {"since": live["cursor"]})
    assert follow.status_code == 200 and follow.json()["entries"] == []


def test_v3_types_the_detail_as_a_coverage(client, coverage):
    page = client.get(f"/api/v3/pages/{coverage.pk}/").json()
    assert page["type"] == page["meta"]["type"] == "live.LiveCoverage"


def test_the_stored_detail_follows_every_entry(client, coverage, detail_url, uncached):
    # With the response cache off, details are served from stored JSON (news/api/stored.py):
    # it must be a coverage's shape, and go stale with each entry.
    post_entry(coverage, "<p>First.</p>")
    client.get(detail_url)
    assert [e["body"][0]["value"] for e in client.get(detail_url).json()["live"]["entries"]] == [
        "<p>First.</p>"
    ]
    entry = post_entry(coverage, "<p>Second.</p>")
    assert len(client.get(detail_url).json()["live"]["entries"]) == 2
    entry.status = LiveEntry.Status.WITHDRAWN
    entry.save()
    assert len(client.get(detail_url).json()["live"]["entries"]) == 1


def test_a_story_listing_stored_first_does_not_give_the_detail_a_story_shape(
    client, coverage, uncached
):
    listing = client.get("/api/v2/pages/", {"type": "news.NewsArticle", "fields": "*"}).json()
    card = next(item for item in listing["items"] if item["id"] == coverage.pk)
    assert "live" not in card  # a listing of stories shows it as a story
    assert "live" in client.get(f"/api/v2/pages/{coverage.pk}/").json()


def test_an_ended_coverage_says_so(client, coverage, detail_url):
    client.get(detail_url)
    ended_at = timezone.now()
    type(coverage).objects.filter(pk=coverage.pk).update(
        coverage_status="ended", coverage_ended_at=ended_at
    )
    from caching.invalidation import live_coverage_changed  # what ending a coverage calls

    live_coverage_changed(coverage.pk)
    live = client.get(detail_url).json()["live"]
    assert live["status"] == "ended" and live["ended_at"] is not None


@pytest.mark.parametrize(
    ("listing", "items"),
    [("/api/v2/pages/", "items"), ("/api/v3/pages/", "items")],
)
def test_listings_by_type_show_coverage_as_coverage_and_as_stories(
    client, world, coverage, listing, items
):
    story = factories.make_story(world, title="An ordinary story")
    coverages = client.get(listing, {"type": "live.LiveCoverage"}).json()[items]
    stories = client.get(listing, {"type": "news.NewsArticle"}).json()[items]
    assert [item["id"] for item in coverages] == [coverage.pk]
    assert {coverage.pk, story.pk} <= {item["id"] for item in stories}


@pytest.mark.parametrize("query", [{}, {"type": "live.LiveCoverage"}, {"type": "news.NewsArticle"}])
@pytest.mark.parametrize("listing", ["/api/v2/pages/", "/api/v3/pages/"])
def test_an_expired_coverage_leaves_every_listing_at_once(
    client, world, monkeypatch, listing, query
):
    expiry = timezone.now() + timedelta(hours=1)
    coverage = make_coverage(world, title="Ends soon", expire_at=expiry)
    assert coverage.pk in {item["id"] for item in client.get(listing, query).json()["items"]}
    move_clock_past(monkeypatch, expiry)
    assert coverage.pk not in {item["id"] for item in client.get(listing, query).json()["items"]}
    assert client.get(f"{listing}{coverage.pk}/").status_code == 404


def test_a_v2_listing_of_coverage_gives_story_cards_newest_first_and_takes_story_filters(
    client, world, coverage
):
    business = factories.make_section("Business")
    newer = make_coverage(business, title="Markets: live")
    query = {"type": "live.LiveCoverage"}
    items = client.get("/api/v2/pages/", query).json()["items"]
    assert [item["id"] for item in items] == [newer.pk, coverage.pk]
    assert items[0]["category"]["slug"] == "business" and items[0]["authors"]
    in_world = client.get("/api/v2/pages/", {**query, "category": "world"}).json()["items"]
    assert [item["id"] for item in in_world] == [coverage.pk]
