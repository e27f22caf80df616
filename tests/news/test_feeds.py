"""Feeds and sitemaps, parsed as a feed reader or a search engine parses them."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import NewsroomSettings
from news.models import NewsArticle
from tests.factories import (
    home_page,
    hours,
    lede,
    make_author,
    make_image,
    make_section,
    make_story,
    paragraph,
)

pytestmark = pytest.mark.django_db

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


@pytest.fixture
def newsroom_stories(world, reporter):
    business = make_section("Business", intro="Markets and money.")
    colleague = make_author("Asha Rao")
    story = make_story(
        world,
        title="Ports reopen after strike",
        authors=[reporter, colleague],
        summary="Dockers returned to work.",
        body=[
            lede('<p>Dockers <a href="https://example.org/union">returned</a>.</p>'),
            paragraph("<p>Ships queued for days.</p>"),
        ],
        tags=["Strikes", "Shipping"],
        lead_image=make_image("Dockers"),
        published_ago=hours(1),
    )
    other = make_story(business, title="Rates held", authors=[colleague], published_ago=hours(2))
    make_story(world, title="Draft never seen", publish=False)
    return story, other


def test_rss_feed_items_carry_everything_a_reader_shows(client, newsroom_stories):
    story, other = newsroom_stories
    channel = xml_of(client, "/feed/").find("channel")
    assert channel.findtext("title") == "Newsdesk"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Ports reopen after strike", "Rates held"]

    item = items[0]
    assert item.findtext("link") == f"http://localhost{story.url}"
    assert item.findtext("guid") == f"http://localhost{story.url}"
    assert item.findtext("description") == "Dockers returned to work."
    assert [c.text for c in item.findall("category")] == ["World", "Strikes", "Shipping"]
    assert [c.text for c in item.findall("dc:creator", NS)] == ["Mrityunjoy Kumar Jha", "Asha Rao"]
    assert item.findtext("pubDate").endswith("+0000")
    content = item.findtext("content:encoded", namespaces=NS)
    assert '<a href="https://example.org/union">returned</a>' in content
    assert "Ships queued for days." in content
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("http://localhost/media/images/dockers")
    assert enclosure.get("type") == "image/png"
    assert int(enclosure.get("length")) > 0
    assert items[1].find("enclosure") is None


def test_atom_feed_has_full_content_and_every_author(client, newsroom_stories):
    feed = xml_of(client, "/feed/atom/")
    entries = feed.findall("atom:entry", NS)
    assert [e.findtext("atom:title", namespaces=NS) for e in entries] == [
        "Ports reopen after strike",
        "Rates held",
    ]
    entry = entries[0]
    authors = [a.findtext("atom:name", namespaces=NS) for a in entry.findall("atom:author", NS)]
    assert authors == ["Mrityunjoy Kumar Jha", "Asha Rao"]
    assert entry.find("atom:content", NS).get("type") == "html"
    assert "Ships queued for days." in entry.findtext("atom:content", namespaces=NS)
    assert entry.findtext("atom:published", namespaces=NS)
    assert entry.findtext("atom:updated", namespaces=NS)


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/world/feed/", ["Ports reopen after strike"]),
        ("/business/feed/", ["Rates held"]),
        ("/authors/asha-rao/feed/", ["Ports reopen after strike", "Rates held"]),
        ("/authors/mrityunjoy-kumar-jha/feed/", ["Ports reopen after strike"]),
        ("/tags/shipping/feed/", ["Ports reopen after strike"]),
    ],
)
def test_scoped_feeds(client, newsroom_stories, url, titles):
    channel = xml_of(client, url).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == titles
    atom = xml_of(client, url + "atom/")
    assert [
        e.findtext("atom:title", namespaces=NS) for e in atom.findall("atom:entry", NS)
    ] == titles


def test_section_feed_is_described_by_its_section(client, newsroom_stories):
    channel = xml_of(client, "/business/feed/").find("channel")
    assert channel.findtext("title") == "Business · Newsdesk"
    assert channel.findtext("description") == "Markets and money."


@pytest.mark.parametrize("url", ["/nowhere/feed/", "/authors/nobody/feed/", "/tags/nothing/feed/"])
def test_feeds_of_unknown_scopes_are_404(client, newsroom_stories, url):
    assert client.get(url).status_code == 404


def test_nothing_unpublished_private_or_expired_reaches_a_feed(client, world, reporter):
    members = make_section("Members")
    make_story(members, title="Private story", authors=[reporter])
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    expired = make_story(world, title="Expired story", authors=[reporter])
    NewsArticle.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(hours=1))
    make_story(world, title="Draft story", authors=[reporter], publish=False)
    make_story(world, title="Public story", authors=[reporter])

    for url in ("/feed/", "/feed/atom/", "/world/feed/", "/authors/mrityunjoy-kumar-jha/feed/"):
        body = client.get(url).content
        assert b"Public story" in body
        for hidden in (b"Private story", b"Expired story", b"Draft story"):
            assert hidden not in body, (url, hidden)
    assert client.get("/members/feed/").status_code == 404


def test_sitemap_lists_every_visible_page_with_lastmod(client, newsroom_stories, world):
    story, other = newsroom_stories
    expired = make_story(world, title="Expired")
    NewsArticle.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(hours=1))

    urls = {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in xml_of(client, "/sitemap.xml").findall("sm:url", NS)
    }
    assert set(urls) == {
        "http://localhost/",
        "http://localhost/world/",
        "http://localhost/business/",
        f"http://localhost{story.url}",
        f"http://localhost{other.url}",
    }
    assert urls[f"http://localhost{story.url}"].startswith(str(story.last_published_at.date()))


def test_news_sitemap_lists_the_last_48_hours(client, world, reporter):
    settings = NewsroomSettings.for_site(home_page().get_site())
    settings.publication_name = "The Daily Ledger"
    settings.language = "en-GB"
    settings.save()
    fresh = make_story(world, title="Fresh & new", authors=[reporter], published_ago=hours(3))
    make_story(world, title="Old news", authors=[reporter], published_ago=hours(49))
    make_story(world, title="Draft", authors=[reporter], publish=False)

    response = client.get("/news-sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    urls = ET.fromstring(response.content).findall("sm:url", NS)
    assert len(urls) == 1
    url = urls[0]
    assert url.findtext("sm:loc", namespaces=NS) == f"http://localhost{fresh.url}"
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Daily Ledger"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh & new"
    assert (
        news.findtext("news:publication_date", namespaces=NS)
        == fresh.first_published_at.isoformat()
    )
