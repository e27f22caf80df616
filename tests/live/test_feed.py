"""A coverage's entries as RSS and Atom: valid, newest first, with ids that never change, and
nothing readers may not see."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from live.models import EntryCorrection, LiveEntry
from tests import factories
from tests.distribution import validators
from tests.live.conftest import make_coverage, post_entry
from tests.news.test_query_counts import queries_for

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_url(coverage):
    return f"{coverage.url}feed/"


@pytest.fixture
def entries(coverage):
    author = factories.make_author("Asha Rao")
    first = post_entry(coverage, '<p>The <a href="/world/">river</a> rose.</p>', title="Rising")
    first.authors.add(author)
    EntryCorrection.objects.create(entry=first, text="It was the Padma.")
    second = post_entry(coverage, "<p>Rain easing.</p>", key_event=True)
    post_entry(coverage, "<p>Unchecked.</p>", status=LiveEntry.Status.PENDING)
    post_entry(coverage, "<p>Taken down.</p>", status=LiveEntry.Status.WITHDRAWN)
    return [first, second]


def test_both_feeds_are_valid(client, entries, feed_url):
    rss = client.get(feed_url)
    atom = client.get(f"{feed_url}atom/")
    assert rss.status_code == atom.status_code == 200
    assert validators.rss_errors(rss.content, f"http://localhost{feed_url}") == []
    assert validators.atom_errors(atom.content, f"http://localhost{feed_url}atom/") == []


def test_published_entries_newest_first_with_their_permalinks_as_ids(
    client, coverage, entries, feed_url
):
    first, second = entries
    feed = ET.fromstring(client.get(f"{feed_url}atom/").content)
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")]
    permalink = f"http://localhost{coverage.url}?entry={{}}#entry-{{}}"
    assert ids == [permalink.format(second.pk, second.pk), permalink.format(first.pk, first.pk)]
    text = client.get(feed_url).text
    assert "Unchecked" not in text and "Taken down" not in text
    # Full content with absolute links, the correction, and the byline.
    assert "http://localhost/world/" in text and "It was the Padma." in text
    assert "<dc:creator>Asha Rao</dc:creator>" in text
    # An entry's id stays when it is edited.
    first.title = "Rising fast"
    first.edited_at = timezone.now()
    first.save()
    rss = ET.fromstring(client.get(feed_url).content)
    guids = [item.findtext("guid") for item in rss.iter("item")]
    assert permalink.format(first.pk, first.pk) in guids


def test_a_coverage_readers_may_not_see_has_no_feed(client, world):
    draft = make_coverage(world, title="Not yet", publish=False)
    expired = make_coverage(world, title="Over", expire_at=timezone.now() - timedelta(minutes=1))
    story = factories.make_story(world, title="Only a story")
    for page in (draft, expired, story):
        assert client.get(f"/world/{page.slug}/feed/").status_code == 404
        assert client.get(f"/world/{page.slug}/feed/atom/").status_code == 404
    # The right slug under another section is not the coverage.
    coverage = make_coverage(world, title="Floods")
    factories.make_section("Business")
    assert client.get(f"/business/{coverage.slug}/feed/").status_code == 404


def test_a_new_entry_reaches_the_cached_feed(client, coverage, entries, feed_url):
    client.get(feed_url)
    assert client.get(feed_url)["X-Cache"] == "hit"
    post_entry(coverage, "<p>Breaking.</p>")
    response = client.get(feed_url)
    assert response["X-Cache"] == "miss" and "Breaking." in response.text


def test_the_feed_costs_the_same_for_one_entry_as_for_many(client, coverage, feed_url, uncached):
    image = factories.make_image("Flood")
    story = factories.make_story(coverage.get_parent().specific, title="Background")

    def entry():
        posted = post_entry(coverage, f'<p>See <a linktype="page" id="{story.pk}">this</a>.</p>')
        posted.body.append(("image", {"image": image, "caption": "", "credit": ""}))
        posted.save()
        posted.authors.add(factories.make_author(photo=image))
        EntryCorrection.objects.create(entry=posted, text="A correction.")

    entry()
    one = queries_for(client, feed_url)
    for _ in range(3):
        entry()
    assert queries_for(client, feed_url) == one
