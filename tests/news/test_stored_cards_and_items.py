"""The front page's story cards (news.cards) and the feeds' items are stored apart from the
page, per story; which stories show, and in which order, is read on every request. So a story
hidden or changed shows so at the very next request, though its card or item is stored, and a
request after one story changed renders that story alone."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.factories import hours, lede, make_author, make_image, make_story, related_link
from tests.news.test_expired_story_url import expire_now, travel_past

pytestmark = pytest.mark.django_db

LISTS = ["/", "/feed/", "/feed/atom/"]
CARD = "news/includes/story_card.html"
# Rendered once for every feed item built (the corrections under its body).
ITEM = "news/includes/corrections.html"


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def renders(client, url, template):
    response = client.get(url)
    assert response.status_code == 200
    return [used.name for used in response.templates].count(template)


@pytest.fixture
def stories(world, reporter):
    return [
        make_story(world, title=f"Harbour story {n}", authors=[reporter], published_ago=hours(n))
        for n in range(4)
    ]


@pytest.mark.usefixtures("uncached")
def test_an_unpublished_or_expired_story_leaves_the_front_page_and_feeds_at_once(client, stories):
    kept, pulled, expired, _ = stories
    for url in LISTS:
        page = shown(client, url)
        assert all(story.title in page for story in stories), url
        shown(client, url)  # now from its stored cards or items
    pulled.unpublish()
    expire_now(expired)  # the scheduler has not unpublished it yet: no tag was bumped
    for url in LISTS:
        page = shown(client, url)
        assert kept.title in page, url
        assert pulled.title not in page and expired.title not in page, url


def test_a_story_leaves_the_cached_front_page_and_feeds_when_its_expiry_comes(
    client, stories, monkeypatch
):
    story = stories[0]
    story.expire_at = timezone.now() + timedelta(minutes=5)
    story.save_revision().publish()
    for url in LISTS:
        shown(client, url)
        assert story.title in shown(client, url)
    travel_past(monkeypatch, story.expire_at + timedelta(seconds=1))
    for url in LISTS:
        assert story.title not in shown(client, url), url


@pytest.mark.usefixtures("uncached")
def test_a_new_headline_summary_picture_or_byline_shows_at_the_next_request(
    client, stories, reporter
):
    story = stories[1]
    for url in LISTS:
        shown(client, url)
    story.title = "Harbour reopens after the strike"
    story.summary = "Dockers return on Monday."
    story.lead_image = make_image("Quay at dawn")
    story.save_revision().publish()
    card = story.lead_image.get_rendition("fill-480x270").url
    enclosure = story.lead_image.get_rendition("width-1200").url
    for url, picture in (("/", card), ("/feed/", enclosure), ("/feed/atom/", enclosure)):
        page = shown(client, url)
        assert "Harbour reopens after the strike" in page and "Dockers return on Monday." in page
        assert picture in page, url
    reporter.name = "Renamed Reporter"
    reporter.save_revision().publish()
    for url in LISTS:
        assert "Renamed Reporter" in shown(client, url), url


@pytest.mark.usefixtures("uncached")
def test_a_feed_item_stops_linking_a_story_unpublished_since(client, world, reporter):
    linked = make_story(world, title="Ferry strike ends", published_ago=hours(30))
    inline = make_story(world, title="Union vote", published_ago=hours(31))
    body = [
        lede(f'<p>After <a linktype="page" id="{inline.pk}">the vote</a>, dockers return.</p>'),
        related_link(linked),
    ]
    make_story(world, title="Harbour reopens", authors=[reporter], body=body)

    def content(url):
        feed = ElementTree.fromstring(client.get(url).content)
        texts = [element.text or "" for element in feed.iter() if element.tag.endswith("content")]
        texts += [
            element.text or ""
            for element in feed.iter("{http://purl.org/rss/1.0/modules/content/}encoded")
        ]
        return next(text for text in texts if "dockers return" in text)

    for url in ("/feed/", "/feed/atom/"):
        stored = content(url)
        assert linked.url in stored and inline.url in stored, url
        assert content(url) == stored  # served from the stored item
    linked.unpublish()
    inline.unpublish()
    for url in ("/feed/", "/feed/atom/"):
        item = content(url)
        assert linked.url not in item and inline.url not in item, url
        assert "the vote" in item  # the inline link's text stays


@pytest.mark.usefixtures("uncached")
@pytest.mark.parametrize(("url", "template"), [("/", CARD), ("/feed/", ITEM)])
def test_after_one_story_changed_only_its_card_or_item_is_rendered(client, stories, url, template):
    first = [renders(client, url, template) for _ in range(3)]
    # Rendered while the newsroom's settings are first stored (see queries_for), then stored.
    assert sum(first) >= len(stories) and first[-1] == 0
    edited = stories[2]
    edited.summary = "A new summary."
    edited.save_revision().publish()
    assert renders(client, url, template) == 1
    assert renders(client, url, template) == 0


@pytest.mark.usefixtures("uncached")
@pytest.mark.parametrize("url", ["/", "/feed/"])
def test_the_front_page_and_the_feed_cost_the_same_with_5_or_25_stories(
    client, world, reporter, settings, monkeypatch, url
):
    from tests.news.test_query_counts import queries_for, resize_home

    pictures = [make_image(f"Picture {n}") for n in range(3)]
    linked = make_story(world, title="Linked", published_ago=hours(40))
    for n in range(25):
        make_story(
            world,
            authors=[reporter, make_author()],
            tags=["port"],
            lead_image=pictures[n % 3],
            body=[lede(), related_link(linked)],
            published_ago=hours(n),
        )
    resize_home(monkeypatch, settings, 5)
    settings.NEWSDESK_FEED_SIZE = 5
    few = queries_for(client, url)
    resize_home(monkeypatch, settings, 25)
    settings.NEWSDESK_FEED_SIZE = 25
    assert queries_for(client, url) == few
