"""The same request gives the same answer: asked twice, or with a cache-busting parameter, the
API serves one story and one Last-Modified, before an edit and after it.

Every test runs twice, with the response cache off and on, and follows the same steps: warm
the endpoint, change something the way an editor does, ask again (tests/api/conftest.py).
"""

import pytest

from tests.api.conftest import LISTINGS, STORIES, detail_url, get_ok, publish_edit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_mode")]


# 11. Repeatable responses


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/{reader}/",
        STORIES,
        f"{STORIES}&fields=*",
        f"{STORIES}&limit=3&offset=1",
        f"{STORIES}&fields=*&limit=3&offset=1",
    ],
    ids=["detail", "listing", "listing, all fields", "page 2", "page 2, all fields"],
)
def test_the_same_url_asked_twice_gives_the_same_bytes_before_and_after_an_edit(
    client, newsroom, url
):
    url = url.format(reader=newsroom["reader"].pk)
    first, second = get_ok(client, url).content, get_ok(client, url).content
    assert first == second
    assert b"Reader's story" in first

    publish_edit(newsroom["reader"], title="Reader's story, updated")

    third, fourth = get_ok(client, url).content, get_ok(client, url).content
    assert third == fourth
    assert b"Reader's story, updated" in third
    assert third != first


# 12. Other shapes of the same request


def with_cache_buster(url):
    return f"{url}{'&' if '?' in url else '?'}_=1"


def agreeing_responses(client, url):
    """`url`, after checking that asking with `_=1` added gives the same story and date."""
    plain, busted = get_ok(client, url), get_ok(client, with_cache_buster(url))
    assert plain.json() == busted.json(), url
    assert "Last-Modified" in plain and "Last-Modified" in busted, url
    assert plain["Last-Modified"] == busted["Last-Modified"], url
    return plain


def test_a_cache_busting_parameter_gets_the_same_story_and_last_modified(client, newsroom):
    reader = newsroom["reader"]
    canonical = [detail_url(reader), *LISTINGS]
    before = {url: agreeing_responses(client, url) for url in canonical}

    publish_edit(reader, title="Reader's story, updated")

    for url in canonical:
        response = agreeing_responses(client, url)
        assert "Reader's story, updated" in response.content.decode(), url
        # The edit was published just now, every story before it hours ago.
        assert response["Last-Modified"] != before[url]["Last-Modified"], url
