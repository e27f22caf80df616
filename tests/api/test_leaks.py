"""Probes for anything readers may not see: no API path serves a hidden story or author.

Every probe also looks for a story that *is* visible, linked the same way, so a probe that
sees nothing at all cannot pass by accident.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsArticle
from people.models import Author
from tests.api.conftest import bearer, token_for
from tests.factories import lede, make_author, make_story, related_link

pytestmark = pytest.mark.django_db

HIDDEN = "concealed"  # in every hidden title, slug and name, in any letter case


@pytest.fixture
def newsroom(world, reporter):
    """A reader's story whose byline and related links point at everything hidden."""
    hidden_author = make_author("Concealed Stringer", live=False)
    draft = make_story(world, title="Concealed draft", publish=False)
    scheduled = make_story(
        world, title="Concealed scheduled", go_live_at=timezone.now() + timedelta(days=1)
    )
    unpublished = make_story(world, title="Concealed unpublished")
    unpublished.unpublish()
    restricted = make_story(world, title="Concealed members only")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    expired = make_story(world, title="Concealed expired")
    NewsArticle.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    control = make_story(world, title="Openly linked")
    hidden = [draft, scheduled, unpublished, restricted, expired]
    reader_story = make_story(
        world,
        title="Reader story",
        authors=[reporter, hidden_author],
        body=[lede(), *[related_link(story) for story in [*hidden, control]]],
    )
    assert not NewsArticle.objects.visible().filter(pk__in=[s.pk for s in hidden]).exists()
    return {"hidden": hidden, "hidden_author": hidden_author, "reader_story": reader_story}


def served(client, urls, **headers):
    text = ""
    for url in urls:
        response = client.get(url, follow=True, **headers)
        assert response.status_code in (200, 404), (url, response.status_code)
        text += response.content.decode()
    return text


def assert_nothing_hidden(text, newsroom):
    assert "Openly linked" in text and "Reader story" in text  # the probe does see
    assert HIDDEN not in text.lower()
    for story in newsroom["hidden"]:
        assert f'"page": {story.pk}' not in text and f'"page":{story.pk}' not in text
    assert f"/authors/{newsroom['hidden_author'].pk}/" not in text


def v2_urls(newsroom):
    reader_story = newsroom["reader_story"]
    urls = [
        "/api/v2/pages/",
        "/api/v2/pages/?type=news.NewsArticle&fields=*&limit=100",
        "/api/v2/pages/?type=news.NewsArticle&search=concealed",
        "/api/v2/pages/?search=concealed",
        "/api/v2/pages/?type=news.NewsArticle&category=world&limit=100",
        "/api/v2/pages/?type=news.NewsArticle&author=concealed-stringer",
        f"/api/v2/pages/{reader_story.pk}/",
        f"/api/v2/pages/find/?html_path={reader_story.url}",
        "/api/v2/authors/",
        f"/api/v2/authors/{newsroom['hidden_author'].pk}/",
        "/api/v2/categories/?fields=*",
    ]
    for story in newsroom["hidden"]:
        urls += [
            f"/api/v2/pages/{story.pk}/",
            f"/api/v2/pages/find/?id={story.pk}",
            f"/api/v2/pages/find/?html_path=/world/{story.slug}/",
        ]
    return urls


def v3_urls(newsroom):
    reader_story = newsroom["reader_story"]
    urls = [
        "/api/v3/pages/?limit=100",
        "/api/v3/pages/?search=concealed",
        f"/api/v3/pages/{reader_story.pk}/",
        f"/api/v3/pages/{reader_story.pk}/?version=draft",
        f"/api/v3/pages/find/?html_path={reader_story.url}",
    ]
    for story in newsroom["hidden"]:
        urls += [
            f"/api/v3/pages/{story.pk}/",
            f"/api/v3/pages/{story.pk}/?version=draft",
            f"/api/v3/pages/find/?id={story.pk}",
            f"/api/v3/pages/find/?html_path=/world/{story.slug}/",
        ]
    return urls


def test_api_v2_serves_no_hidden_story_or_author(client, newsroom):
    assert_nothing_hidden(served(client, v2_urls(newsroom)), newsroom)


def test_api_v2_hides_them_from_a_logged_in_admin_session_too(admin_client, newsroom):
    assert_nothing_hidden(served(admin_client, v2_urls(newsroom)), newsroom)


def test_api_v3_without_a_token_serves_no_hidden_story(client, newsroom):
    text = served(client, v3_urls(newsroom))
    assert "Reader story" in text
    assert_no_hidden_v3(text, newsroom)


def test_api_v3_with_a_token_that_may_not_edit_them_serves_none(client, newsroom, outsider_user):
    text = served(client, v3_urls(newsroom), **bearer(token_for(outsider_user)))
    assert_no_hidden_v3(text, newsroom)


def assert_no_hidden_v3(text, newsroom):
    # The expired story is live until the scheduler runs; Wagtail's v3 tier serves live pages
    # (see docs/api.md), so v3 probes check the stories that are not live or are private.
    for story in newsroom["hidden"][:4]:
        assert story.title.lower() not in text.lower()
        assert story.slug not in text
    assert "concealed stringer" not in text.lower()


def test_a_story_becomes_visible_to_the_probes_once_published(client, newsroom):
    draft = newsroom["hidden"][0]
    draft.get_latest_revision().publish()
    assert "Concealed draft" in served(client, v2_urls(newsroom))


def test_an_author_unpublished_later_disappears_from_bylines(client, newsroom, reporter):
    Author.objects.filter(pk=reporter.pk).update(live=False)
    story = newsroom["reader_story"]
    text = served(client, [f"/api/v2/pages/{story.pk}/", "/api/v2/authors/"])
    assert reporter.name not in text
