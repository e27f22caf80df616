"""What a search engine's crawler finds: every page readers can open in /sitemap.xml, and
both sitemaps named in /robots.txt, all at the Site's own address."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import make_author, make_section, make_story

pytestmark = pytest.mark.django_db

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall("sm:url", SITEMAP)
    return [url.findtext("sm:loc", namespaces=SITEMAP) for url in urls]


def test_sitemap_lists_author_and_section_pages_readers_can_open(client, world, reporter):
    make_story(world, authors=[reporter])
    make_section("Business")
    retired = make_author("Retired Columnist", live=False)
    members = make_section("Members")
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")

    locations = sitemap_locations(client)
    for url in (
        "http://localhost/world/",
        "http://localhost/business/",
        "http://localhost/authors/mrityunjoy-kumar-jha/",
    ):
        assert url in locations
        assert client.get(url.removeprefix("http://localhost")).status_code == 200
    # Nothing a reader would get a 404 or a password form for.
    assert f"http://localhost/authors/{retired.slug}/" not in locations
    assert client.get(f"/authors/{retired.slug}/").status_code == 404
    assert not [url for url in locations if "/members/" in url]
    assert len(locations) == len(set(locations))


def test_an_author_is_listed_from_being_published_until_unpublished(client, reporter):
    url = "http://localhost/authors/mrityunjoy-kumar-jha/"
    assert url in sitemap_locations(client)
    reporter.unpublish()
    assert url not in sitemap_locations(client)


def test_sitemap_addresses_come_from_the_site_not_the_host_header(client, world, reporter):
    make_story(world, authors=[reporter])
    locations = sitemap_locations(client, HTTP_HOST="127.0.0.1")
    assert locations
    assert all(url.startswith("http://localhost/") for url in locations), locations


def test_robots_txt_names_both_sitemaps_at_the_site_address(client):
    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert [line for line in lines if line.startswith("Sitemap:")] == [
        "Sitemap: http://localhost/sitemap.xml",
        "Sitemap: http://localhost/news-sitemap.xml",
    ]
    for line in lines:
        if line.startswith("Sitemap:"):
            path = line.removeprefix("Sitemap: http://localhost")
            assert client.get(path).status_code == 200
