"""Our sitemaps and feeds pass the validators crawlers and feed readers hold them to.

Sitemaps: the sitemaps.org XSD and a Google News sitemap schema, with lxml. Feeds: Atom
against RFC 4287's RELAX NG schema and rules, RSS 2.0 against its specification's rules, with
the W3C Feed Validator's checks that matter to us; the W3C validator itself cannot run
offline (see tests/distribution/validators.py for what is checked and why). Each validator is
first shown to reject a broken document, so a pass means something.
"""

import pytest

from home.models import NewsroomSettings
from tests.distribution import validators
from tests.factories import (
    home_page,
    hours,
    lede,
    make_author,
    make_image,
    make_section,
    make_story,
)

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feed/",
    "/world/feed/",
    "/authors/asha-rao/feed/",
    "/tags/shipping/feed/",
]


@pytest.fixture
def newsroom_stories(world, reporter):
    settings = NewsroomSettings.for_site(home_page().get_site())
    settings.publication_name = "Ledger & Sons"
    settings.language = "en-GB"
    settings.save()
    colleague = make_author("Asha Rao")
    business = make_section("Business", intro="Markets & money <b>now</b>.")
    make_story(
        world,
        title="Ports reopen: “at last” & <calm>",
        authors=[reporter, colleague],
        summary="Dockers returned.",
        body=[lede('<p>Dockers <a href="/world/">returned</a> &amp; cheered.</p>')],
        tags=["Shipping", "Strikes"],
        lead_image=make_image("Dockers"),
        published_ago=hours(1),
    )
    make_story(business, title="Rates held", authors=[colleague], published_ago=hours(3))
    make_story(
        world, title="Old news", authors=[reporter], tags=["Shipping"], published_ago=hours(72)
    )


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def test_sitemap_is_valid(client, newsroom_stories):
    content = served(client, "/sitemap.xml")
    assert b"/authors/asha-rao/" in content
    assert validators.sitemap_errors(content) == []


def test_news_sitemap_is_valid_against_both_schemas(client, newsroom_stories):
    content = served(client, "/news-sitemap.xml")
    assert content.count(b"<news:news>") == 2
    assert validators.sitemap_errors(content) == []


def test_the_sitemap_schemas_reject_what_crawlers_reject(client, newsroom_stories):
    content = served(client, "/news-sitemap.xml")
    for broken in (
        content.replace(
            b"<news:language>en</news:language>", b"<news:language>English</news:language>"
        ),
        content.replace(b"<news:title>", b"<news:headline>").replace(
            b"</news:title>", b"</news:headline>"
        ),
        content.replace(b"<loc>", b"<location>", 1).replace(b"</loc>", b"</location>", 1),
    ):
        assert validators.sitemap_errors(broken)


@pytest.mark.parametrize("path", FEEDS)
def test_atom_feeds_are_valid(client, newsroom_stories, path):
    atom = f"{path}atom/"
    content = served(client, atom)
    assert content.count(b"<entry>") >= 1
    assert validators.atom_errors(content, f"http://localhost{atom}") == []


@pytest.mark.parametrize("path", FEEDS)
def test_rss_feeds_are_valid(client, newsroom_stories, path):
    content = served(client, path)
    assert content.count(b"<item>") >= 1
    assert validators.rss_errors(content, f"http://localhost{path}") == []


def test_the_atom_validator_rejects_what_the_w3c_validator_rejects(client, newsroom_stories):
    location = "http://localhost/feed/atom/"
    content = served(client, "/feed/atom/")
    first_id = content.split(b"<id>")[2].split(b"</id>")[0]
    for broken in (
        content.replace(b"<id>", b"<identifier>", 1).replace(b"</id>", b"</identifier>", 1),
        content.replace(b"<updated>", b"<updated>yesterday", 1),
        content.replace(first_id, b"tag:localhost:story/1"),
    ):
        assert validators.atom_errors(broken, location), broken
    assert validators.atom_errors(content, "http://localhost/feed/atom/?utm_source=x")
    ids = [part.split(b"</id>")[0] for part in content.split(b"<id>")[2:]]
    duplicated = content.replace(ids[1], ids[0])
    assert "duplicate id" in " ".join(validators.atom_errors(duplicated, location))


def test_the_rss_validator_rejects_what_the_w3c_validator_rejects(client, newsroom_stories):
    location = "http://localhost/feed/"
    content = served(client, "/feed/")
    for broken in (
        content.replace(b"<description>", b"<summary>", 1).replace(
            b"</description>", b"</summary>", 1
        ),
        content.replace(b"<pubDate>", b"<pubDate>3 ", 1),
        content.replace(b'isPermaLink="false"', b"", 1),
        content.replace(b"<item>", b"<item><headline>x</headline>", 1),
    ):
        assert validators.rss_errors(broken, location), broken
    assert validators.rss_errors(content, "http://localhost:8300/feed/")
