"""A live coverage is filed, routed, listed and cached as a story; its entries change exactly
what shows them."""

from news.models import NewsArticle
from tests import factories
from tests.live.conftest import make_coverage, post_entry


def test_a_live_coverage_is_served_at_its_url_as_its_own_type(client, coverage):
    response = client.get(coverage.url)
    assert response.status_code == 200
    assert response.context["page"].__class__.__name__ == "LiveCoverage"


def test_a_draft_or_expired_coverage_is_not_served(client, world):
    draft = make_coverage(world, title="Not yet", publish=False)
    expired = make_coverage(
        world, title="Over", expire_at=factories.timezone.now() - factories.hours(1)
    )
    assert client.get(f"/world/{draft.slug}/").status_code == 404
    assert client.get(f"/world/{expired.slug}/").status_code == 404


def test_the_section_lists_the_coverage_among_its_stories(client, world, coverage):
    story = factories.make_story(world, title="An ordinary story")
    response = client.get(world.url)
    assert coverage.title in response.text and story.title in response.text
    assert NewsArticle.objects.visible().filter(pk=coverage.pk).exists()


def test_a_new_entry_empties_the_coverage_page_and_lists_showing_it_but_not_other_stories(
    client, world, coverage
):
    business = factories.make_section("Business")
    other = factories.make_story(business, title="Elsewhere")
    # Every story page's Recent Posts shows the coverage; another section's list and another
    # story's API detail do not.
    unrelated = [business.url, f"/api/v2/pages/{other.pk}/"]
    for url in [coverage.url, world.url, other.url, *unrelated]:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url
    post_entry(coverage)
    for url in [coverage.url, world.url, other.url]:
        assert client.get(url)["X-Cache"] == "miss", url
    for url in unrelated:
        assert client.get(url)["X-Cache"] == "hit", url
