"""A feed entry keeps its id for life, and a feed names itself by the site's one address."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import hours, make_section, make_story

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def rss_guid(client):
    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    return item.find("guid")


def atom_id(client):
    feed = ET.fromstring(client.get("/feed/atom/").content)
    return feed.find("atom:entry", ATOM).findtext("atom:id", namespaces=ATOM)


def test_ids_are_tag_uris_of_the_story_not_its_address(client, world, reporter):
    story = make_story(world, title="Ports reopen", authors=[reporter], published_ago=hours(1))
    day = story.first_published_at.date().isoformat()
    expected = f"tag:localhost,{day}:story/{story.pk}"

    guid = rss_guid(client)
    assert guid.text == expected
    # A guid that is not the item's address must say so, or readers treat it as a link.
    assert guid.get("isPermaLink") == "false"
    assert atom_id(client) == expected


def test_moving_a_story_or_renaming_its_slug_keeps_its_id(client, world, reporter):
    story = make_story(world, title="Ports reopen", authors=[reporter], published_ago=hours(1))
    guid, entry_id = rss_guid(client).text, atom_id(client)

    story.slug = "ports-reopen-after-three-weeks"
    story.save_revision().publish()
    story.refresh_from_db()
    story.move(make_section("Business"), pos="last-child")
    story.refresh_from_db()

    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    assert item.findtext("link") == "http://localhost/business/ports-reopen-after-three-weeks/"
    assert rss_guid(client).text == guid
    assert atom_id(client) == entry_id


def self_links(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    rss_self = feed.find("channel/{http://www.w3.org/2005/Atom}link[@rel='self']")
    atom_self = feed.find("atom:link[@rel='self']", ATOM)
    return (rss_self if rss_self is not None else atom_self).get("href")


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/", "/world/feed/", "/world/feed/atom/"])
def test_self_link_comes_from_the_site_not_the_host_header_or_query(client, world, reporter, path):
    make_story(world, authors=[reporter])
    assert self_links(client, path) == f"http://localhost{path}"
    assert self_links(client, path, HTTP_HOST="localhost:8300") == f"http://localhost{path}"
    assert self_links(client, f"{path}?utm_source=x") == f"http://localhost{path}"
