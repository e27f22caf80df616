"""Which site a request is for, remembered per host name (frontdoor/sites.py), never out of
date."""

import pytest
from wagtail.models import Site

from tests.factories import make_story

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cache", ["off", "on"])
def test_a_site_edit_shows_on_the_very_next_request(client, settings, world, reporter, cache):
    settings.NEWSDESK_RESPONSE_CACHE = cache == "on"
    story = make_story(world, title="Harbour reopens", authors=[reporter])
    url = f"/api/v2/pages/{story.pk}/"
    for _ in range(2):  # the second answer comes from what the first one stored
        assert client.get(url).json()["meta"]["html_url"].startswith("http://localhost/")

    site = Site.objects.get(is_default_site=True)
    site.hostname = "news.example.com"
    site.save()

    story_json = client.get(url).json()
    assert story_json["meta"]["detail_url"] == f"http://news.example.com/api/v2/pages/{story.pk}/"
    assert story_json["meta"]["html_url"] == "http://news.example.com/world/harbour-reopens/"
    assert b"http://news.example.com/world/" in client.get("/world/").content
