"""The cursor endpoint's manners: bad input, hidden coverage, ETag and 304, CORS, the response
cache, and a cost that does not grow with the entries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from live.models import EntryCorrection, LiveEntry
from tests import factories
from tests.api.conftest import move_clock_past
from tests.live.conftest import make_coverage, post_entry

V2 = "/api/v2/live/{}/entries/"
V3 = "/api/v3/live/{}/entries/"
FRONT_END = "https://www.newsdesk.example"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "-1"}, "since must be a whole number"),
        ({"since": "abc"}, "since must be a whole number"),
        ({"since": "1.5"}, "since must be a whole number"),
        ({"since": str(2**64)}, "since must be a whole number"),
        ({"limit": "0"}, "limit must be a whole number from 1 to 100"),
        ({"limit": "101"}, "limit must be a whole number from 1 to 100"),
        ({"limit": ""}, "limit must be a whole number"),
        ({"after": "3"}, "Unknown parameter 'after'"),
    ],
)
def test_v2_refuses_bad_parameters_with_a_400_saying_why(client, coverage, query, message):
    response = client.get(V2.format(coverage.pk), query)
    assert response.status_code == 400
    assert message in response.json()["message"]


@pytest.mark.parametrize("query", [{"since": "-1"}, {"since": "abc"}, {"limit": "101"}])
def test_v3_refuses_bad_parameters_as_every_v3_validation_error(client, coverage, query):
    response = client.get(V3.format(coverage.pk), query)
    # API v3 answers what fails its typed parameters with a 422 problem (docs/api.md).
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert list(query) == [error["loc"][-1] for error in response.json()["errors"]]


def hidden_coverages(world):
    draft = make_coverage(world, title="Not yet live", publish=False)
    expired = make_coverage(world, title="Gone", expire_at=timezone.now() - timedelta(minutes=1))
    members = factories.make_section("Members")
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    private = make_coverage(members, title="Members only")
    for coverage in (draft, expired, private):
        post_entry(coverage, "<p>Secret.</p>")
    return [draft, expired, private]


def test_a_coverage_readers_may_not_see_has_no_entries_to_give(client, world, endpoint):
    for coverage in hidden_coverages(world):
        response = client.get(endpoint.format(coverage.pk))
        assert response.status_code == 404, coverage.title
        assert "Secret" not in response.text
    for missing in (999999, 2**64):
        assert client.get(endpoint.format(missing)).status_code in (400, 404)


def test_an_ordinary_story_is_not_a_coverage(client, world):
    story = factories.make_story(world, title="Just a story")
    assert client.get(V2.format(story.pk)).status_code == 404
    assert client.get(V3.format(story.pk)).status_code == 404


@pytest.fixture(params=[V2, V3], ids=["v2", "v3"])
def endpoint(request):
    return request.param


@pytest.fixture
def entries_url(endpoint, coverage):
    return endpoint.format(coverage.pk)


def test_a_coverage_expiring_hides_its_entries_at_once(client, world, monkeypatch, endpoint):
    expiry = timezone.now() + timedelta(hours=1)
    coverage = make_coverage(world, title="Ends soon", expire_at=expiry)
    url = endpoint.format(coverage.pk)
    post_entry(coverage)
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    # The expiry passes, before the scheduler unpublishes the coverage.
    move_clock_past(monkeypatch, expiry)
    assert client.get(url).status_code == 404


def test_an_idle_poll_is_a_304_from_the_cache_and_a_new_entry_ends_it(
    client, coverage, entries_url
):
    post_entry(coverage)
    first = client.get(entries_url, {"since": 0})
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"

    assert client.get(entries_url, {"since": 0})["X-Cache"] == "hit"
    again = client.get(entries_url, {"since": 0}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    post_entry(coverage, "<p>Breaking.</p>")
    changed = client.get(entries_url, {"since": 0}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["X-Cache"] == "miss"
    assert "Breaking." in changed.text


def test_an_entry_author_renamed_is_served_at_once(client, coverage, entries_url):
    author = factories.make_author("Ana Correspondent")
    post_entry(coverage).authors.add(author)
    assert client.get(entries_url).json()["entries"][0]["authors"][0]["name"] == author.name
    author.name = "Ana Renamed"
    author.save_revision().publish()
    assert client.get(entries_url).json()["entries"][0]["authors"][0]["name"] == "Ana Renamed"


def test_a_front_end_may_poll_from_a_browser(client, coverage, entries_url, settings):
    settings.NEWSDESK_API_CORS_ORIGINS = [FRONT_END]
    response = client.get(entries_url, HTTP_ORIGIN=FRONT_END)
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert "ETag" in response["Access-Control-Expose-Headers"]


def rich_entry(coverage, image, story):
    """An entry with every costly part: a picture, a linked story, an author with a photo,
    a correction, an internal link in its text."""
    body = [
        factories.paragraph(f'<p>See <a linktype="page" id="{story.pk}">this</a>.</p>'),
        {"type": "image", "value": {"image": image.pk, "caption": "Rising", "credit": "Staff"}},
        factories.related_link(story),
    ]
    entry = LiveEntry.objects.create(
        coverage=coverage, body=body, status="published", posted_at=timezone.now()
    )
    entry.authors.add(factories.make_author(photo=image))
    EntryCorrection.objects.create(entry=entry, text="The river is the Padma.")
    return entry


def test_the_cost_of_a_request_does_not_grow_with_the_entries(
    client, world, coverage, endpoint, uncached
):
    image = factories.make_image("Flood")
    story = factories.make_story(world, title="Background")
    url = endpoint.format(coverage.pk)

    def queries_for(count):
        for _ in range(count):
            rich_entry(coverage, image, story)
        client.get(url)  # renditions are made once, on the first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"since": 0})
        assert (
            len(response.json()["entries"]) == LiveEntry.objects.filter(coverage=coverage).count()
        )
        return len(queries)

    assert queries_for(1) == queries_for(4)
