"""An entry's permalink opens the page that holds it; key events link to where their entry is;
the page's JSON-LD is a LiveBlogPosting of the entries shown; its cost is fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from live.models import EntryCorrection, LiveCoverage, LiveEntry
from tests import factories
from tests.live.conftest import make_coverage, post_entry
from tests.live.reading import json_ld, post_entries, stream_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_pages(settings, coverage):
    """Seven entries, three to a page: newest first, pages hold 3, 3 and 1."""
    settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE = 3
    return list(reversed(post_entries(coverage, 7)))


def test_a_permalink_opens_the_page_that_holds_its_entry(client, coverage, three_pages):
    for position, entry in enumerate(three_pages):
        response = client.get(f"{coverage.url}?entry={entry.pk}")
        assert entry.pk in stream_ids(response)
        assert stream_ids(response) == [e.pk for e in three_pages[position // 3 * 3 :][:3]]


def test_entries_posted_at_the_same_moment_still_have_one_page_each(client, settings, coverage):
    settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE = 2
    moment = factories.timezone.now()
    entries = [post_entry(coverage, posted_at=moment) for _ in range(5)]
    for entry in entries:
        assert entry.pk in stream_ids(client.get(f"{coverage.url}?entry={entry.pk}"))


def test_each_entry_links_to_its_permalink(client, coverage, three_pages):
    oldest = three_pages[-1]
    text = client.get(f"{coverage.url}?entry={oldest.pk}").text
    assert f'href="{coverage.url}?entry={oldest.pk}#entry-{oldest.pk}"' in text


def test_a_permalink_to_an_entry_readers_cannot_see_is_a_404(client, world, coverage):
    post_entry(coverage)
    pending = post_entry(coverage, status=LiveEntry.Status.PENDING)
    withdrawn = post_entry(coverage)
    withdrawn.status = LiveEntry.Status.WITHDRAWN
    withdrawn.save()
    elsewhere = post_entry(make_coverage(world, title="Another coverage"))
    for asked in [pending.pk, withdrawn.pk, elsewhere.pk, 99999, "abc", "-1", "", "1e3"]:
        response = client.get(f"{coverage.url}?entry={asked}")
        assert response.status_code == 404, asked


def test_key_events_link_to_their_entry_on_this_page_or_to_its_permalink(
    client, coverage, three_pages
):
    newest, oldest = three_pages[0], three_pages[-1]
    LiveEntry.objects.filter(pk__in=[newest.pk, oldest.pk]).update(key_event=True)
    first = client.get(coverage.url).text
    assert f'<a href="#entry-{newest.pk}">' in first
    assert f'<a href="?entry={oldest.pk}#entry-{oldest.pk}">' in first
    last = client.get(f"{coverage.url}?page=3").text
    assert f'<a href="?entry={newest.pk}#entry-{newest.pk}">' in last
    assert f'<a href="#entry-{oldest.pk}">' in last
    # Newest first, as the stream.
    assert first.index(f"#entry-{newest.pk}") < first.index(f"#entry-{oldest.pk}")


def test_the_page_is_a_live_blog_posting_of_the_entries_it_shows(client, coverage, three_pages):
    newest = three_pages[0]
    newest.title = "Evacuation ordered"
    newest.edited_at = newest.posted_at + factories.timedelta(minutes=10)
    newest.save()
    newest.authors.add(factories.make_author("Asha Rao"))
    data = json_ld(client.get(coverage.url))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LiveBlogPosting"
    assert data["headline"] == coverage.title
    assert data["coverageStartTime"] == coverage.coverage_started_at.isoformat()
    assert "coverageEndTime" not in data
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    updates = data["liveBlogUpdate"]
    assert [update["url"] for update in updates] == [
        f"{coverage.full_url}?entry={entry.pk}#entry-{entry.pk}" for entry in three_pages[:3]
    ]
    first = updates[0]
    assert first["@type"] == "BlogPosting"
    assert first["headline"] == "Evacuation ordered"
    assert first["datePublished"] == newest.posted_at.isoformat()
    assert first["dateModified"] == newest.edited_at.isoformat()
    assert first["articleBody"] == "Update number 6."
    assert first["author"][0]["name"] == "Asha Rao"
    # An entry without a title is named by its opening words; one never edited was modified
    # when it was posted.
    assert updates[1]["headline"] == "Update number 5."
    assert updates[1]["dateModified"] == updates[1]["datePublished"]
    older = json_ld(client.get(f"{coverage.url}?page=3"))["liveBlogUpdate"]
    assert [update["articleBody"] for update in older] == ["Update number 0."]


def test_an_ended_coverage_says_when_it_ended(client, coverage):
    ended_at = factories.timezone.now()
    LiveCoverage.objects.filter(pk=coverage.pk).update(
        coverage_status=LiveCoverage.Status.ENDED, coverage_ended_at=ended_at
    )
    assert json_ld(client.get(coverage.url))["coverageEndTime"] == ended_at.isoformat()


def test_json_ld_cannot_be_closed_by_an_entrys_text(client, coverage):
    post_entry(coverage, text="<p>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    response = client.get(coverage.url)
    assert "</script><script>alert(1)" not in response.text
    assert json_ld(response)["liveBlogUpdate"][0]["articleBody"] == (
        "</script><script>alert(1)</script>"
    )


def queries_for(client, url):
    client.get(url)  # as on a running server, the site already found
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200 and "X-Cache" not in response
    return len(context.captured_queries)


@pytest.mark.usefixtures("uncached")
def test_the_page_costs_the_same_queries_for_one_entry_as_for_a_page_of_them(
    client, settings, world
):
    settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE = 20
    others = [factories.make_story(world, title=f"Earlier story {n}") for n in range(3)]

    def fill(coverage, count):
        for n in range(count):
            picture = factories.make_image(f"Scene {coverage.pk} {n}")
            link = f'<a linktype="page" id="{others[n % 3].pk}">earlier</a>'
            entry = LiveEntry.objects.create(
                coverage=coverage,
                status=LiveEntry.Status.PUBLISHED,
                posted_at=factories.timezone.now(),
                title=f"Update {n}",
                pinned=n % 2 == 0,
                key_event=n % 3 == 0,
                body=[
                    factories.paragraph(f"<p>As we reported {link}.</p>"),
                    factories.related_link(others[(n + 1) % 3]),
                    {"type": "image", "value": {"image": picture.pk, "caption": "", "credit": ""}},
                    factories.tweet(),
                ],
            )
            entry.authors.add(factories.make_author(), factories.make_author())
            EntryCorrection.objects.create(entry=entry, text=f"Correction {n}")

    small, big = make_coverage(world, title="Small"), make_coverage(world, title="Big")
    fill(small, 1)
    fill(big, 25)  # a full page of twenty, and an older page
    client.get(big.url)  # the server's first request stores the newsroom's settings
    small_cost = queries_for(client, small.url)
    assert queries_for(client, big.url) == small_cost <= 30
    assert queries_for(client, f"{big.url}?page=2") == small_cost
    # A permalink finds its page with two more: the entry's time, and how many are newer.
    oldest = big.entries.order_by("posted_at").first()
    assert queries_for(client, f"{big.url}?entry={oldest.pk}") == small_cost + 2
