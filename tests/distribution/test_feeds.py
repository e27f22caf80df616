"""Feeds and sitemaps, parsed as a feed reader or a search engine parses them."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from caching.response_cache import bump
from home.models import NewsroomSettings
from news.blocks import load_together
from news.models import NewsArticle
from people.models import Author
from tests.factories import (
    home_page,
    hours,
    lede,
    make_author,
    make_image,
    make_section,
    make_story,
    paragraph,
    related_link,
)
from tests.news.test_query_counts import queries_for

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
    assert item.findtext("guid").startswith("tag:localhost,")
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
    live_authors = Author.objects.filter(live=True).values_list("slug", flat=True)
    assert set(urls) == {
        "http://localhost/",
        "http://localhost/world/",
        "http://localhost/business/",
        f"http://localhost{story.url}",
        f"http://localhost{other.url}",
        *(f"http://localhost/authors/{slug}/" for slug in live_authors),
    }
    assert "mrityunjoy-kumar-jha" in live_authors
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


def page_link(page, text):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def image_block(image):
    return {"type": "image", "value": {"image": image.pk, "caption": "Quay", "credit": "AP"}}


@pytest.fixture
def link_targets(world, reporter):
    """Stories a body links to: two readers may open, and three they may not."""
    seen = make_story(world, title="Strike began", authors=[reporter], published_ago=hours(90))
    also = make_story(world, title="Union vote", authors=[reporter], published_ago=hours(91))
    draft = make_story(world, title="Draft target", authors=[reporter], publish=False)
    expired = make_story(world, title="Expired target", authors=[reporter], published_ago=hours(92))
    NewsArticle.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - hours(1))
    members = make_section("Members")
    private = make_story(members, title="Private target", authors=[reporter])
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    return seen, also, [draft, expired, private]


def linking_body(seen, also, hidden, image):
    return [
        lede(f"<p>Dockers {page_link(seen, 'walked out')} in May.</p>"),
        paragraph(
            f"<p>See {page_link(also, 'the vote')}, {page_link(seen.get_parent(), 'World')}"
            ' and <a href="https://example.org/union">the union</a>.</p>'
        ),
        image_block(image),
        related_link(seen),
        *[related_link(story) for story in hidden],
        related_link(also, title="How the union voted"),
    ]


def test_feed_links_resolve_and_hidden_related_stories_are_left_out(
    client, world, reporter, link_targets
):
    seen, also, hidden = link_targets
    body = linking_body(seen, also, hidden, make_image("Quay"))
    story = make_story(world, title="Ports reopen", authors=[reporter], body=body)

    rss_item = xml_of(client, "/feed/").find("channel/item")
    atom_entry = xml_of(client, "/feed/atom/").find("atom:entry", NS)
    assert rss_item.findtext("title") == atom_entry.findtext("atom:title", namespaces=NS)
    assert rss_item.findtext("title") == story.title
    for content in (
        rss_item.findtext("content:encoded", namespaces=NS),
        atom_entry.findtext("atom:content", namespaces=NS),
    ):
        assert f'<a href="http://localhost{seen.url}">walked out</a>' in content
        assert f'<a href="http://localhost{also.url}">the vote</a>' in content
        assert '<a href="http://localhost/world/">World</a>' in content
        assert '<a href="https://example.org/union">the union</a>' in content
        assert f'<a href="http://localhost{seen.url}">Strike began</a>' in content
        assert f'<a href="http://localhost{also.url}">How the union voted</a>' in content
        assert content.count("Also Read:") == 2
        for target in hidden:
            assert target.title not in content
            assert f"/{target.slug}/" not in content


def test_bodies_loaded_together_render_as_each_renders_alone(world, reporter, link_targets):
    seen, also, hidden = link_targets
    gone = make_story(world, title="Deleted later", authors=[reporter])
    image = make_image("Quay")
    for n in range(3):
        body = linking_body(seen, also, hidden[n:], image)
        body.append(paragraph(f"<p>{page_link(gone, 'a deleted page')} {n}</p>"))
        make_story(world, title=f"Linking {n}", authors=[reporter], body=body)
    gone.delete()
    stories = NewsArticle.objects.filter(title__startswith="Linking").order_by("pk")

    alone = [str(story.body) for story in stories.all()]
    together = list(stories.all())
    load_together([story.body for story in together])
    assert [str(story.body) for story in together] == alone
    assert "<a>a deleted page</a>" in alone[0]


FEED_URLS = [
    "/feed/",
    "/feed/atom/",
    "/world/feed/",
    "/authors/mrityunjoy-kumar-jha/feed/",
    "/tags/shipping/feed/",
]


@pytest.mark.usefixtures("uncached")
@pytest.mark.parametrize("url", FEED_URLS)
def test_a_feed_costs_the_same_however_many_items_links_and_related_links(
    client, world, reporter, settings, link_targets, url
):
    seen, also, hidden = link_targets
    for n in range(8):
        make_story(
            world,
            authors=[reporter, make_author()],
            tags=["Shipping"],
            body=linking_body(seen, also, hidden, make_image(f"Quay {n}")),
            lead_image=make_image(f"Lead {n}"),
            published_ago=hours(n),
        )
    settings.NEWSDESK_FEED_SIZE = 2
    few = queries_for(client, url)
    settings.NEWSDESK_FEED_SIZE = 8
    assert queries_for(client, url) == few
    # Settings, stories, bylines, tags, corrections, sections, body images, related stories
    # and their visibility, linked pages (their types, then one query per type), and the scope.
    assert few <= 15


def test_a_feed_is_dropped_from_the_cache_when_a_story_it_links_to_changes(
    client, world, reporter, settings
):
    linked = make_story(world, title="Strike began", authors=[reporter], published_ago=hours(50))
    related = make_story(world, title="Union vote", authors=[reporter], published_ago=hours(51))
    unrelated = make_story(world, title="Rates held", authors=[reporter], published_ago=hours(52))
    body = [lede(f"<p>Dockers {page_link(linked, 'walked out')}.</p>"), related_link(related)]
    make_story(world, title="Ports reopen", authors=[reporter], body=body, published_ago=hours(1))
    settings.NEWSDESK_FEED_SIZE = 1  # so the linked stories are not items of the feed
    client.get("/feed/")

    for target in (unrelated, linked, related):
        assert client.get("/feed/")["X-Cache"] == "hit"
        bump(f"story:{target.pk}")
        expected = "hit" if target is unrelated else "miss"
        assert client.get("/feed/")["X-Cache"] == expected, target.title
