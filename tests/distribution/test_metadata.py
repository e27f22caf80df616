"""What search engines and social networks read: titles, cards and JSON-LD."""

import json

import pytest
from bs4 import BeautifulSoup

from home.models import NewsroomSettings
from tests.factories import home_page, make_image, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(db):
    settings = NewsroomSettings.for_site(home_page().get_site())
    settings.publication_name = "The Daily Ledger"
    settings.language = "en-GB"
    settings.x_handle = "dailyledger"
    settings.logo = make_image("Ledger logo", width=400, height=100)
    settings.default_share_image = make_image("Ledger card")
    settings.save()
    return settings


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta(page, key):
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def json_ld(page):
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_story_page_carries_title_description_canonical_and_social_cards(
    client, newsroom, world, reporter
):
    story = make_story(
        world,
        title="Ports reopen after strike",
        authors=[reporter],
        summary="Dockers returned to work on Monday after a three-week strike.",
        lead_image=make_image("Dockers"),
        tags=["Strikes", "Shipping"],
    )
    page = soup_of(client, story.url)

    assert page.title.get_text() == "Ports reopen after strike · The Daily Ledger"
    assert page.html["lang"] == "en-GB"
    assert meta(page, "description") == story.summary
    canonical = f"http://localhost{story.url}"
    assert page.find("link", rel="canonical")["href"] == canonical
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == story.title
    assert meta(page, "og:url") == canonical
    assert meta(page, "og:site_name") == "The Daily Ledger"
    assert meta(page, "og:locale") == "en_GB"
    assert meta(page, "og:image").startswith("http://localhost/media/images/dockers")
    assert meta(page, "og:image:width") == "1200"
    assert meta(page, "article:section") == "World"
    assert [t["content"] for t in page.find_all("meta", property="article:tag")] == [
        "Strikes",
        "Shipping",
    ]
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:site") == "@dailyledger"


def test_story_json_ld_is_a_complete_news_article(client, newsroom, world, reporter):
    story = make_story(
        world,
        title="Ports reopen after strike",
        authors=[reporter],
        summary="Dockers returned to work.",
        tags=["Strikes"],
    )
    data = json_ld(soup_of(client, story.url))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ports reopen after strike"
    assert data["description"] == "Dockers returned to work."
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": f"http://localhost{story.url}"}
    assert data["datePublished"] == story.first_published_at.isoformat()
    assert data["dateModified"] == story.last_published_at.isoformat()
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Mrityunjoy Kumar Jha",
            "url": "http://localhost/authors/mrityunjoy-kumar-jha/",
            "jobTitle": "Senior correspondent",
            "sameAs": ["https://x.com/mkjha"],
        }
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "The Daily Ledger"
    assert publisher["logo"]["url"].startswith("http://localhost/media/images/ledger-logo")
    assert publisher["logo"]["height"] <= 60
    # No lead image: the site's default share image stands in, as Google requires an image.
    assert data["image"][0]["url"].startswith("http://localhost/media/images/ledger-card")
    assert data["articleSection"] == "World"
    assert data["keywords"] == ["Strikes"]
    assert data["inLanguage"] == "en-GB"


def test_json_ld_cannot_break_out_of_its_script(client, newsroom, world, reporter):
    # Tags are stripped from headlines (news/plain_text.py); an unclosed end tag is text, and
    # still closes a script element in a browser.
    story = make_story(world, title="5 < 6 </script x", authors=[reporter])
    response = client.get(story.url).content.decode()
    assert "</script x" not in response
    assert json_ld(soup_of(client, story.url))["headline"] == "5 < 6 </script x"


def test_section_and_author_pages_have_matching_metadata(client, newsroom, world, reporter):
    make_story(world, authors=[reporter])
    section = soup_of(client, "/world/")
    assert section.find("link", rel="canonical")["href"] == "http://localhost/world/"
    assert meta(section, "og:title") == "World"
    assert json_ld(section)["@type"] == "CollectionPage"

    author = soup_of(client, "/authors/mrityunjoy-kumar-jha/")
    assert meta(author, "og:type") == "profile"
    assert "global terrorism" in meta(author, "description")
    data = json_ld(author)
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["name"] == "Mrityunjoy Kumar Jha"


def test_a_story_without_settings_still_has_sensible_metadata(client, world, reporter):
    story = make_story(world, title="Quiet day", authors=[reporter])
    page = soup_of(client, story.url)
    assert page.title.get_text() == "Quiet day · Newsdesk"
    assert meta(page, "twitter:card") == "summary"
    data = json_ld(page)
    assert "image" not in data
    assert data["publisher"] == {
        "@type": "NewsMediaOrganization",
        "@id": "http://localhost/#publisher",
        "name": "Newsdesk",
        "url": "http://localhost/",
    }
