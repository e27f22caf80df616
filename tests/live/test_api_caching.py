"""Caching stays exact for live coverage: an entry change empties what shows that coverage (its
page, entry feeds, cursor answers, its API detail, the lists showing it) and nothing else."""

import pytest

from live.models import LiveEntry
from tests import factories
from tests.live.conftest import make_coverage, post_entry


def everything_about(coverage):
    entries = [f"/api/{v}/live/{coverage.pk}/entries/" for v in ("v2", "v3")]
    return [
        coverage.url,
        f"{coverage.url}feed/",
        f"{coverage.url}feed/atom/",
        *entries,
        *(f"{url}?since=0" for url in entries),
        f"/api/v2/pages/{coverage.pk}/",
        f"/api/v3/pages/{coverage.pk}/",
    ]


@pytest.fixture
def newsroom(world, coverage):
    business = factories.make_section("Business")
    other_coverage = make_coverage(business, title="Markets: live")
    story = factories.make_story(business, title="Elsewhere")
    return business, other_coverage, story


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url


@pytest.mark.parametrize("change", ["post", "edit", "withdraw", "publish a pending one"])
def test_an_entry_change_empties_what_shows_its_coverage_and_nothing_else(
    client, world, coverage, newsroom, change
):
    business, other_coverage, story = newsroom
    status = LiveEntry.Status.PENDING if "pending" in change else LiveEntry.Status.PUBLISHED
    entry = post_entry(coverage, status=status)
    showing = [*everything_about(coverage), world.url, "/api/v2/pages/?type=live.LiveCoverage"]
    # Every story page's Recent Posts shows the coverage, another coverage's page too; its
    # feeds, cursor and API detail do not.
    not_showing = [
        *everything_about(other_coverage)[1:],
        business.url,
        f"/api/v2/pages/{story.pk}/",
        f"/api/v3/pages/{story.pk}/",
    ]
    warm(client, showing + not_showing)

    if change == "post":
        post_entry(coverage, "<p>Breaking.</p>")
    elif change == "edit":
        entry.title = "Edited"
        entry.save()
    else:
        entry.status = "withdrawn" if change == "withdraw" else "published"
        entry.save()

    for url in showing:
        assert client.get(url)["X-Cache"] == "miss", url
    for url in not_showing:
        assert client.get(url)["X-Cache"] == "hit", url
