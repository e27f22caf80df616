"""A reporter pastes the embed code X gives into the tweet block: the block fills itself from it,
nothing is fetched, and the archival copy keeps the post's links and nothing unsafe."""

import socket

import pytest
from bs4 import BeautifulSoup

from news.models import NewsArticle
from tests.news.test_story_editor import add_url, story_form

pytestmark = pytest.mark.django_db

# The shape of the code X's "Embed post" gives (publish.twitter.com), for a made-up post.
EMBED_CODE = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Water is rising in the delta '
    '<a href="https://twitter.com/hashtag/floods?src=hash&amp;ref_src=twsrc%5Etfw">#floods</a>'
    '<br><br>Stay off the river road <a href="https://t.co/AbC123xyz">pic.twitter.com/AbC123xyz</a>'
    "</p>&mdash; Delta Watch (@deltawatch) "
    '<a href="https://twitter.com/deltawatch/status/1448953520506523653?ref_src=twsrc%5Etfw">'
    "October 15, 2021</a></blockquote>\n"
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
)

HOSTILE_EMBED_CODE = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Click '
    '<a href="javascript:alert(1)">here</a> <a href=" JAVASCRIPT:alert(2)">or here</a>'
    '<img src="x" onerror="alert(3)"><script>alert(4)</script>'
    ' <a href="https://t.co/ok" onclick="alert(5)" style="color:red">a real link</a>'
    "<!-- a comment --></p>&mdash; Mallory (@mallory) "
    '<a href="https://x.com/mallory/status/42">May 1, 2024</a></blockquote>'
)


def tweet_value(pasted, **fields):
    return {"url": pasted, "author_name": "", "author_handle": "", "text": "", "date": ""} | fields


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection from Python fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the tweet block tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def saved_tweet(admin_client, world, reporter, pasted, publish=False, **fields):
    body = [("tweet", tweet_value(pasted, **fields))]
    form = story_form(reporter, body) | ({"action-publish": "action-publish"} if publish else {})
    response = admin_client.post(add_url(world), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = NewsArticle.objects.get().get_latest_revision_as_object()
    return draft.body[0].value


def test_pasted_embed_code_fills_the_post_without_fetching_it(
    admin_client, world, reporter, no_network
):
    tweet = saved_tweet(admin_client, world, reporter, EMBED_CODE)

    assert tweet["url"] == "https://twitter.com/deltawatch/status/1448953520506523653"
    assert (tweet["author_name"], tweet["author_handle"]) == ("Delta Watch", "deltawatch")
    assert tweet["date"].isoformat() == "2021-10-15"
    # The hashtag and the t.co link stay, as links, in the archival copy.
    text = BeautifulSoup(tweet["text"], "html.parser")
    assert [(a.get_text(), a["href"]) for a in text.find_all("a")] == [
        ("#floods", "https://twitter.com/hashtag/floods?src=hash&ref_src=twsrc%5Etfw"),
        ("pic.twitter.com/AbC123xyz", "https://t.co/AbC123xyz"),
    ]
    assert text.get_text().startswith("Water is rising in the delta #floods")


def test_a_new_paste_replaces_what_an_earlier_one_filled_in(admin_client, world, reporter):
    tweet = saved_tweet(
        admin_client, world, reporter, EMBED_CODE, author_name="Someone else", text="Old text"
    )
    assert tweet["author_name"] == "Delta Watch"
    assert "Old text" not in tweet["text"]


def test_a_status_address_is_still_enough(admin_client, world, reporter):
    tweet = saved_tweet(
        admin_client, world, reporter, "https://x.com/deltawatch/status/1?s=20", text="5 < 6 & 7"
    )
    assert tweet["url"] == "https://x.com/deltawatch/status/1"
    assert BeautifulSoup(tweet["text"], "html.parser").get_text() == "5 < 6 & 7"


def test_embed_code_without_a_post_link_is_refused_with_a_clear_message(
    admin_client, world, reporter
):
    pasted = '<blockquote class="twitter-tweet"><p>No link here</p></blockquote>'
    body = [("tweet", tweet_value(pasted))]
    response = admin_client.post(add_url(world), story_form(reporter, body))
    assert response.status_code == 200
    assert not NewsArticle.objects.exists()
    assert "The embed code has no link to the post itself" in response.content.decode()


def test_hostile_markup_in_pasted_code_never_reaches_readers(admin_client, world, reporter):
    tweet = saved_tweet(admin_client, world, reporter, HOSTILE_EMBED_CODE, publish=True)
    story = NewsArticle.objects.get(live=True)

    page = BeautifulSoup(admin_client.get(story.url).content, "html.parser")
    quote = page.select_one("blockquote.twitter-tweet")
    served = admin_client.get(f"/api/v2/pages/{story.pk}/").json()["body"][0]["value"]
    for html in (str(quote), tweet["text"], served["text_html"]):
        lowered = html.lower()
        assert "javascript:" not in lowered and "onerror" not in lowered, html
        assert "<script" not in lowered and "onclick" not in lowered and "style=" not in lowered
        assert "<img" not in lowered and "<!--" not in lowered
    links = [a["href"] for a in quote.find_all("a")]
    assert links == ["https://t.co/ok", "https://x.com/mallory/status/42"]
    assert served["text"] == "Click here or here a real link"


def test_the_help_text_shows_the_address_it_asks_for(admin_client, world):
    page = admin_client.get(add_url(world)).content.decode()
    assert "https://x.com/handle/status/123" in page
    assert "https://x.com//status/" not in page


def test_api_v3_takes_pasted_embed_code_too(client, world, django_user_model):
    from tests.api.conftest import bearer, make_newsroom_user, token_for

    writer = make_newsroom_user(django_user_model, "writer", "add", "change")
    story = {
        "meta": {"type": "news.NewsArticle", "parent_id": world.pk},
        "title": "Floods reach the delta",
        "body": [{"type": "tweet", "value": tweet_value(EMBED_CODE, date=None)}],
    }
    created = client.post(
        "/api/v3/pages/", story, content_type="application/json", **bearer(token_for(writer))
    )
    assert created.status_code == 201, created.content
    tweet = NewsArticle.objects.get().get_latest_revision_as_object().body[0].value
    assert tweet["url"] == "https://twitter.com/deltawatch/status/1448953520506523653"
    assert (tweet["author_handle"], tweet["date"].isoformat()) == ("deltawatch", "2021-10-15")
    assert 'href="https://t.co/AbC123xyz"' in tweet["text"]
