"""A cache restored from an older snapshot (Redis restarted from its dump) cannot bring back
a story unpublished since: the tag versions that guard the responses live in the database."""

import pytest

from tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_a_redis_restarted_from_an_older_dump_does_not_resurrect_an_unpublished_story(
    client, world, reporter, redis_server
):
    story = make_story(world, title="Harbour reopens", authors=[reporter])
    details = [story.url, f"/api/v2/pages/{story.pk}/", f"/api/v3/pages/{story.pk}/"]
    lists = ["/", "/world/", "/news-sitemap.xml", "/api/v2/pages/?type=news.NewsArticle"]
    untouched = "/api/v2/authors/"  # shows no story
    for url in [*details, *lists, untouched]:
        client.get(url)
        response = client.get(url)
        assert response["X-Cache"] == "hit", url
        assert url == untouched or b"Harbour reopens" in response.content, url
    # Everything Redis holds, responses and all, as its scheduled snapshot would keep it.
    redis_server.dump()

    story.unpublish()
    redis_server.stop()
    redis_server.start()  # from the dump

    for url in details:
        assert client.get(url).status_code == 404, url
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Harbour reopens" not in response.content, url
    # The restored cache is in use: what did not change is served from it.
    assert client.get(untouched)["X-Cache"] == "hit"
