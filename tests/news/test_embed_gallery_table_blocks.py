"""Embeds, galleries and tables in a story: what editors may enter, what readers' browsers get
(with no call to the provider when the page is made) and what the API serves."""

import socket
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import rich_text

from news.media_blocks import EmbedBlock
from news.models import NewsArticle
from tests.factories import make_image, make_story
from tests.frontdoor.test_security_headers import assert_works_under, directives
from tests.news.test_story_editor import add_url, story_form

pytestmark = pytest.mark.django_db

YOUTUBE = "https://youtu.be/dQw4w9WgXcQ?t=42"
YOUTUBE_WATCH = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
INSTAGRAM = "https://www.instagram.com/p/CUbHfhpswxt/"


def embed(url, title=""):
    return {"type": "embed", "value": {"url": url, "provider": "", "title": title}}


@pytest.fixture
def no_network(monkeypatch):
    """Any look-up of a host other than this machine fails the test."""
    real = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        assert host in {"localhost", "127.0.0.1", "::1", None}, f"network call to {host}"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


@pytest.mark.parametrize(
    ("url", "provider", "canonical"),
    [
        (YOUTUBE, "youtube", YOUTUBE_WATCH),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", YOUTUBE_WATCH),
        ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "https://vimeo.com/76979871"),
        (INSTAGRAM, "instagram", INSTAGRAM),
        ("https://www.facebook.com/newsdesk/videos/10153231379946729/", "facebook", None),
        ("https://www.tiktok.com/@scout2015/video/6718335390845095173", "tiktok", None),
        ("https://soundcloud.com/forss/flickermood", "soundcloud", None),
        ("https://wordpress.tv/2024/01/02/a-talk-on-blocks/", "wordpress_tv", None),
        ("https://example.org/wp-content/uploads/interview.mp3", "media_file", None),
    ],
)
def test_an_embed_knows_its_provider_from_the_address_alone(no_network, url, provider, canonical):
    block = EmbedBlock()
    value = block.clean(block.to_python({"url": url, "provider": "", "title": ""}))
    assert value["provider"] == provider
    assert value["url"] == (canonical or url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.org/a-story/", "not one we can embed"),
        ("https://www.youtube.com/watch?v=short", "not one we can embed"),
        ("https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ", "not one we can embed"),
        ("javascript:alert(1)//youtu.be/dQw4w9WgXcQ", "Enter a valid URL"),
    ],
)
def test_an_address_that_cannot_be_embedded_is_refused_naming_the_field(
    admin_client, world, reporter, url, message
):
    response = admin_client.post(
        add_url(world), story_form(reporter, [("embed", {"url": url, "title": ""})])
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NewsArticle.objects.exists()

    block = EmbedBlock()
    if message != "Enter a valid URL":
        with pytest.raises(ValidationError) as error:
            block.clean(block.to_python({"url": url, "provider": "", "title": ""}))
        assert list(error.value.block_errors) == ["url"]


def test_an_editor_adds_an_embed_a_gallery_and_a_table_in_the_admin(admin_client, world, reporter):
    assert admin_client.get(add_url(world)).status_code == 200
    photo = make_image("Quay")
    body = [
        ("paragraph", rich_text("<p>Sellers were back on Monday.</p>")),
        ("embed", {"url": YOUTUBE, "provider": "", "title": "The market at dawn", "thumbnail": ""}),
        (
            "gallery",
            {
                # A ListBlock's form: a count, then each item's value, id, order and deleted flag.
                "images": {
                    "count": 1,
                    "0": {
                        "value": {"image": photo.pk, "caption": "The quay", "credit": "AP"},
                        "id": "",
                        "order": "0",
                        "deleted": "",
                    },
                },
                "caption": "Monday",
            },
        ),
    ]
    response = admin_client.post(add_url(world), story_form(reporter, body))
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = NewsArticle.objects.get().get_latest_revision_as_object()
    saved = draft.body[1].value
    assert saved["provider"] == "youtube"
    assert saved["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert saved["thumbnail"] == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert draft.body[2].value["images"][0]["credit"] == "AP"


def story_with_media(world, reporter):
    photo = make_image("Quay")
    body = [
        embed(YOUTUBE, "The market at dawn"),
        embed(VIMEO),
        embed(INSTAGRAM, "A seller's post"),
        {
            "type": "gallery",
            "value": {
                "images": [{"image": photo.pk, "caption": "The quay", "credit": "AP"}],
                "caption": "Monday at the market",
            },
        },
        {
            "type": "table",
            "value": {
                "data": [["Stall", "Price"], ["Birds", "<b>12</b>"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Prices",
            },
        },
    ]
    for block in body[:3]:
        block["value"] = EmbedBlock().clean(EmbedBlock().to_python(block["value"]))
        block["value"] = EmbedBlock().get_prep_value(block["value"])
    return make_story(world, title="Bird market", authors=[reporter], body=body)


def test_a_story_page_shows_embeds_as_cards_and_frames_only_private_players(
    client, world, reporter, no_network
):
    story = story_with_media(world, reporter)
    response = client.get(story.url)
    page = BeautifulSoup(response.content, "html.parser")

    frames = [frame["src"] for frame in page.find_all("iframe")]
    assert frames == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ]
    cards = {link["href"]: link.get_text() for link in page.select(".story__embed a")}
    assert cards[INSTAGRAM] == "A seller's post"
    assert cards["https://www.youtube.com/watch?v=dQw4w9WgXcQ"] == "The market at dawn"
    # The table's cells are text: markup typed into one is shown, not obeyed.
    assert page.find("caption").get_text() == "Prices"
    assert page.find("table").find("b") is None
    assert "<b>12</b>" in page.find("table").get_text()
    assert page.select_one(".story__gallery figcaption").get_text().strip().startswith("The quay")

    policy = directives(response["Content-Security-Policy"])
    assert_works_under(policy, response.content)
    for frame in frames:
        parts = urlsplit(frame)
        assert f"{parts.scheme}://{parts.netloc}" in policy["frame-src"]
    assert "https://www.youtube.com" not in policy["frame-src"]
    assert "https://www.instagram.com" not in policy["frame-src"]


def test_the_api_serves_embeds_galleries_and_tables_typed(client, world, reporter, no_network):
    story = story_with_media(world, reporter)
    body = client.get(f"/api/v2/pages/{story.pk}/").json()["body"]
    by_type = {}
    for block in body:
        by_type.setdefault(block["type"], []).append(block["value"])

    youtube, vimeo, instagram = by_type["embed"]
    assert youtube == {
        "provider": "youtube",
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "title": "The market at dawn",
        "thumbnail": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
        "player": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    }
    assert vimeo["player"] == "https://player.vimeo.com/video/76979871?dnt=1"
    assert instagram["player"] is None and instagram["thumbnail"] is None
    (gallery,) = by_type["gallery"]
    assert gallery["caption"] == "Monday at the market"
    assert [(image["caption"], image["credit"]) for image in gallery["images"]] == [
        ("The quay", "AP")
    ]
    assert gallery["images"][0]["large"]["url"]
    assert by_type["table"] == [
        {
            "caption": "Prices",
            "first_row_is_header": True,
            "first_column_is_header": False,
            "rows": [["Stall", "Price"], ["Birds", "<b>12</b>"]],
        }
    ]


def test_a_gallery_whose_pictures_were_all_deleted_is_left_out(client, world, reporter):
    story = story_with_media(world, reporter)
    from wagtail.images import get_image_model

    get_image_model().objects.all().delete()
    body = client.get(f"/api/v2/pages/{story.pk}/").json()["body"]
    assert "gallery" not in [block["type"] for block in body]
    assert client.get(story.url).status_code == 200
