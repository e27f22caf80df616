"""The admin's Preview says, on the page itself, that what it shows is a draft."""

import pytest

from news.models import NewsArticle
from tests.desk.conftest import edit_url, story_form
from tests.factories import make_story

pytestmark = pytest.mark.django_db

BANNER = "Draft — not published"


def test_preview_shows_a_draft_banner_and_the_live_page_does_not(client, world, byline, ed):
    story = make_story(world, title="Floods in the delta")
    client.force_login(ed)
    preview_url = edit_url(story) + "preview/"
    form = story_form(byline, story, title="Floods hit the delta")
    assert client.post(preview_url, form).json()["is_valid"]
    preview = client.get(preview_url).content.decode()
    assert BANNER in preview and "Floods hit the delta" in preview

    client.logout()
    live = client.get(NewsArticle.objects.get(pk=story.pk).url).content.decode()
    assert "Floods in the delta" in live and BANNER not in live
