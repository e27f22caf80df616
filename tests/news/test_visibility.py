"""Only what readers may see reaches them: drafts, private sections and expired stories never do."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsArticle
from tests.factories import lede, make_section, make_story, related_link

pytestmark = pytest.mark.django_db


def everywhere(client, reader_story):
    """Every page a hidden story's headline could leak through."""
    urls = ["/", "/world/", "/members/", reader_story.url, "/search/?q=Hidden"]
    urls.append("/authors/mrityunjoy-kumar-jha/")
    return b"".join(client.get(url).content for url in urls)


@pytest.fixture
def reader_story(world, reporter):
    return make_story(world, title="Visible story", authors=[reporter])


def test_stories_in_a_private_section_leak_nowhere(client, world, reporter, reader_story):
    members = make_section("Members")
    hidden = make_story(members, title="Hidden members story", authors=[reporter])
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    NewsArticle.objects.filter(pk=reader_story.pk).update(body=[lede(), related_link(hidden)])

    assert client.get(hidden.url).status_code == 200  # Wagtail's password form, not the story
    assert b"Hidden members story" not in client.get(hidden.url).content
    assert b"Hidden members story" not in everywhere(client, reader_story)
    assert NewsArticle.objects.visible().filter(pk=hidden.pk).count() == 0


def test_a_story_past_its_expiry_leaks_nowhere_even_before_the_scheduler_runs(
    client, world, reporter, reader_story
):
    hidden = make_story(world, title="Hidden expired story", authors=[reporter])
    NewsArticle.objects.filter(pk=hidden.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    NewsArticle.objects.filter(pk=reader_story.pk).update(body=[lede(), related_link(hidden)])

    assert b"Hidden expired story" not in everywhere(client, reader_story)


def test_an_unpublished_story_leaks_nowhere(client, world, reporter, reader_story):
    hidden = make_story(world, title="Hidden unpublished story", authors=[reporter])
    NewsArticle.objects.filter(pk=reader_story.pk).update(body=[lede(), related_link(hidden)])
    assert b"Hidden unpublished story" in everywhere(client, reader_story)  # the probe can see it

    hidden.unpublish()
    assert client.get(hidden.url).status_code == 404
    assert b"Hidden unpublished story" not in everywhere(client, reader_story)


def test_a_new_view_restriction_counts_from_the_very_next_request(client, world, reporter):
    story = make_story(world, title="Soon private", authors=[reporter])
    reader = make_story(world, title="Reader", authors=[reporter])
    assert b"Soon private" in client.get(reader.url).content  # Recent Posts lists it
    PageViewRestriction.objects.create(page=world, restriction_type="password", password="x")
    response = client.get("/")
    assert b"Soon private" not in response.content
    assert story.title.encode() not in client.get("/feed/").content


class RolledBack(Exception):
    pass


def test_a_request_forgets_the_view_restrictions_it_saw_when_it_ends(client, settings):
    """A restriction can vanish without a signal (a rolled-back transaction, another process):
    what a finished request remembered must not hide stories from whatever this thread runs
    next outside a request, here `load_demo`, whose first section takes the vanished one's path."""
    settings.NEWSDESK_DEMO_USERS = False
    with pytest.raises(RolledBack), transaction.atomic():
        members = make_section("Members")
        PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
        assert client.get("/").status_code == 200  # the home page's listing looks restrictions up
        raise RolledBack

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo newsroom: 10 published stories" in out.getvalue()  # a live coverage too
