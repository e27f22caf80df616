"""A fresh `make run` passes Google's NewsArticle structured data requirements on every story.

Google's Article documentation recommends author (name, url), datePublished, dateModified,
headline and image (absolute, crawlable, at least 50,000 pixels); its NewsArticle rich results
also want a publisher with a name and a logo. The demo stories have no photos, so the image is
the demo newsroom's default share image (home/demo_branding.py).
"""

import json
from datetime import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PillowImage
from wagtail.models import Site

from home.models import NewsroomSettings
from news.models import NewsArticle
from tests.factories import home_page

pytestmark = pytest.mark.django_db

MIN_PIXELS = 50_000


@pytest.fixture
def demo(settings):
    settings.NEWSDESK_DEMO_USERS = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_site():
    """Where the demo serves (load_demo points the default Site at `make run`'s address)."""
    site = Site.objects.get(is_default_site=True)
    return site.root_url, site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"


def page_of(client, url):
    response = client.get(url, HTTP_HOST=demo_site()[1])
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def moment(text):
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, text
    return parsed


def media_file(url):
    """The stored file behind one of our media URLs, as a crawler would fetch it."""
    root = demo_site()[0]
    assert url.startswith(f"{root}/media/"), url
    name = url.removeprefix(f"{root}/media/")
    assert default_storage.exists(name), url
    return default_storage.open(name)


def assert_crawlable_image(image, min_pixels):
    with media_file(image["url"]) as file, PillowImage.open(file) as picture:
        assert picture.size == (image["width"], image["height"])
        assert picture.width * picture.height >= min_pixels


def test_every_demo_story_passes_googles_news_article_requirements(client, demo):
    site, host = demo_site()
    # The stories; the demo's live coverage is a LiveBlogPosting (tests/live).
    stories = [s for s in NewsArticle.objects.visible() if s.specific_class is NewsArticle]
    assert len(stories) == 9
    for story in stories:
        page = page_of(client, story.url)
        (script,) = page.find_all("script", type="application/ld+json")
        data = json.loads(script.string)

        assert data["@type"] == "NewsArticle"
        assert 0 < len(data["headline"]) <= 110
        assert data["mainEntityOfPage"]["@id"] == f"{site}{story.url}"
        assert moment(data["dateModified"]) >= moment(data["datePublished"])
        assert data["author"], story.title
        for author in data["author"]:
            assert author["@type"] == "Person"
            assert author["name"] and "http" not in author["name"]
            assert author["url"].startswith(f"{site}/authors/")
            author_page = client.get(author["url"].removeprefix(site), HTTP_HOST=host)
            assert author_page.status_code == 200
        assert data["image"], story.title
        for image in data["image"]:
            assert_crawlable_image(image, MIN_PIXELS)
        publisher = data["publisher"]
        assert publisher["name"] == "Newsdesk"
        # A publisher logo fits in 600×60.
        assert publisher["logo"]["width"] <= 600 and publisher["logo"]["height"] <= 60
        assert_crawlable_image(publisher["logo"], 1)

        og_image = page.find("meta", property="og:image")["content"]
        assert og_image == data["image"][0]["url"]


def test_demo_branding_is_added_once_and_an_editors_choice_is_kept(demo):
    assert "Newsroom branding added: logo, default_share_image." in demo
    newsroom = NewsroomSettings.for_site(home_page().get_site())
    assert newsroom.logo and newsroom.default_share_image
    logo = newsroom.logo

    newsroom.default_share_image = None
    newsroom.save()
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "Newsroom branding added: default_share_image." in again.getvalue()
    newsroom.refresh_from_db()
    assert newsroom.logo == logo
    # The image drawn the first time is reused, not drawn again.
    assert type(logo).objects.count() == 2
