"""Cards and JSON-LD that crawlers require: an image on every page (the story's own, else the
newsroom's default share image, else its logo), Open Graph's locale form, and a front page
that says what the site is and how to search it."""

import pytest

from home.models import NewsroomSettings
from tests.distribution.test_metadata import json_ld, meta, soup_of
from tests.factories import home_page, make_image, make_story

pytestmark = pytest.mark.django_db

HTML_PAGES = ["/", "/world/", "/authors/mrityunjoy-kumar-jha/", "/corrections/", "/search/"]


def newsroom(**fields):
    settings = NewsroomSettings.for_site(home_page().get_site())
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


@pytest.fixture
def story(world, reporter):
    return make_story(world, title="Ports reopen", authors=[reporter], summary="Dockers are back.")


def image_url(data):
    return data["image"][0]["url"]


def test_story_image_falls_back_to_the_share_image_then_the_logo(client, story):
    newsroom(logo=make_image("Ledger logo", width=800, height=200))
    data = json_ld(soup_of(client, story.url))
    assert image_url(data).startswith("http://localhost/media/images/ledger-logo")
    # The logo is shown whole, never cropped to a card's shape.
    assert (data["image"][0]["width"], data["image"][0]["height"]) == (800, 200)
    assert data["publisher"]["logo"]["url"].startswith("http://localhost/media/images/ledger-logo")

    newsroom(default_share_image=make_image("Ledger card"))
    assert image_url(json_ld(soup_of(client, story.url))).startswith(
        "http://localhost/media/images/ledger-card"
    )

    story.lead_image = make_image("Dockers")
    story.save_revision().publish()
    assert image_url(json_ld(soup_of(client, story.url))).startswith(
        "http://localhost/media/images/dockers"
    )


@pytest.mark.parametrize("url", HTML_PAGES)
def test_every_page_has_an_og_image(client, story, url):
    newsroom(default_share_image=make_image("Ledger card"))
    page = soup_of(client, url)
    assert meta(page, "og:image").startswith("http://localhost/media/images/ledger-card"), url
    assert meta(page, "og:image:width") == "1200"
    assert meta(page, "twitter:card") == "summary_large_image"


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en_US"), ("fr", "fr_FR"), ("en-GB", "en_GB"), ("pt-BR", "pt_BR")],
)
def test_og_locale_is_language_and_territory(client, story, language, locale):
    newsroom(language=language)
    assert meta(soup_of(client, story.url), "og:locale") == locale


def test_front_page_json_ld_names_the_site_its_search_and_its_publisher(client, story):
    newsroom(
        publication_name="The Daily Ledger",
        logo=make_image("Ledger logo", width=400, height=100),
        x_handle="dailyledger",
    )
    page = soup_of(client, "/")
    data = json_ld(page)
    assert data["@context"] == "https://schema.org"
    website, organization = data["@graph"]

    assert website["@type"] == "WebSite"
    assert website["url"] == "http://localhost/"
    assert website["name"] == "The Daily Ledger"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == "http://localhost/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    # The template fills in as our search form's query.
    search = template.removeprefix("http://localhost").replace("{search_term_string}", "ports")
    assert soup_of(client, search).find("input", attrs={"name": "q"})["value"] == "ports"

    assert organization["@type"] == "NewsMediaOrganization"
    assert website["publisher"] == {"@id": organization["@id"]}
    assert organization["name"] == "The Daily Ledger"
    assert organization["logo"]["url"].startswith("http://localhost/media/images/ledger-logo")
    assert organization["sameAs"] == ["https://x.com/dailyledger"]


def test_front_page_description_says_what_the_site_covers(client, story):
    newsroom(publication_name="The Daily Ledger")
    page = soup_of(client, "/")
    description = "The latest news from The Daily Ledger: World."
    assert meta(page, "description") == description
    assert meta(page, "og:description") == description
    assert json_ld(page)["@graph"][0]["description"] == description

    newsroom(tagline="Independent news from the harbour city")
    assert meta(soup_of(client, "/"), "description") == "Independent news from the harbour city"

    home = home_page()
    home.search_description = "Our own words for search results."
    home.save_revision().publish()
    assert meta(soup_of(client, "/"), "description") == "Our own words for search results."
