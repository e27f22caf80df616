"""Featured stories: an editor features a story in the admin, and the newest featured story that
readers may see leads the front page; the API says which stories are featured."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from news.models import NewsArticle
from tests.desk.conftest import edit_url, story_form
from tests.factories import hours, make_author, make_story

pytestmark = pytest.mark.django_db


def latest_titles(client):
    """The lead story's headline, then the rest of the latest, as the front page shows them."""
    response = client.get("/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [title.get_text(strip=True) for title in page.select(".front__main .story-card__title")]


def test_the_newest_featured_story_leads_the_front_page(client, world):
    reporter = make_author()
    make_story(world, title="Older featured", authors=[reporter], published_ago=hours(5))
    make_story(world, title="Featured", authors=[reporter], published_ago=hours(3))
    make_story(world, title="Newest", authors=[reporter], published_ago=hours(1))
    NewsArticle.objects.filter(title__in=["Featured", "Older featured"]).update(featured=True)

    assert latest_titles(client) == ["Featured", "Newest", "Older featured"]


def test_without_a_featured_story_the_newest_leads(client, world):
    reporter = make_author()
    for n in range(3):
        make_story(world, title=f"Story {n}", authors=[reporter], published_ago=hours(n + 1))

    assert latest_titles(client) == ["Story 0", "Story 1", "Story 2"]


def test_a_featured_story_older_than_the_whole_list_still_leads_it(client, world):
    reporter = make_author()
    make_story(world, title="Old featured", authors=[reporter], published_ago=hours(100))
    for n in range(12):
        make_story(world, title=f"Story {n}", authors=[reporter], published_ago=hours(n + 1))
    NewsArticle.objects.filter(title="Old featured").update(featured=True)

    titles = latest_titles(client)
    assert titles == ["Old featured"] + [f"Story {n}" for n in range(9)]


def test_a_featured_story_readers_cannot_see_does_not_lead(client, world):
    reporter = make_author()
    make_story(world, title="Visible", authors=[reporter], published_ago=hours(2))
    make_story(world, title="Draft", authors=[reporter], publish=False, featured=True)
    expired = make_story(world, title="Expired", authors=[reporter], featured=True)
    NewsArticle.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(hours=1))

    assert latest_titles(client) == ["Visible"]


def test_an_editor_features_a_story_in_the_admin_and_the_api_shows_it(client, ed, world):
    byline = make_author()
    story = make_story(world, title="Floods in the delta", authors=[byline], published_ago=hours(9))
    make_story(world, title="Newer", authors=[byline], published_ago=hours(1))
    client.force_login(ed)

    response = client.post(
        edit_url(story),
        story_form(byline, story, title=story.title, featured="on", **{"action-publish": "1"}),
    )

    assert response.status_code == 302
    assert NewsArticle.objects.get(pk=story.pk).featured is True
    client.logout()
    assert latest_titles(client) == ["Floods in the delta", "Newer"]
    api = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert api["featured"] is True
    listed = client.get("/api/v2/pages/?type=news.NewsArticle&fields=featured").json()
    assert {item["title"]: item["featured"] for item in listed["items"]} == {
        "Floods in the delta": True,
        "Newer": False,
    }
