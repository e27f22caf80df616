"""The front page's section blocks: each section's own newest stories, however many it holds."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import HomePage
from news.models import NewsArticle
from tests.factories import hours, make_author, make_section, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_latest_list(monkeypatch):
    # The blocks leave out what the lead and the latest list showed (tests/news/
    # test_listing_pages.py); here they are looked at alone, with no latest list above them.
    monkeypatch.setattr(HomePage, "LATEST_COUNT", 0)


def section_blocks(response):
    """{section title: [story titles]} for each section block, in page order."""
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return {
        block.h2.get_text(strip=True): [title.get_text(strip=True) for title in block.select("h3")]
        for block in page.select(".section-front")
    }


def test_each_section_block_shows_that_sections_three_newest_stories(client):
    reporter = make_author()
    desks = [make_section(title) for title in ("World", "Business", "Science", "Sport")]
    # Interleaved times: the newsroom's newest stories are not any one section's newest.
    for n in range(24):
        desk = desks[n % len(desks)]
        make_story(desk, title=f"{desk.title} {n}", authors=[reporter], published_ago=hours(n))
    # A desk that stopped filing long ago still has its newest three on the front page.
    archive = make_section("Archive")
    for n in range(5):
        make_story(archive, title=f"Archive {n}", authors=[reporter], published_ago=hours(500 + n))

    assert section_blocks(client.get("/")) == {
        "World": ["World 0", "World 4", "World 8"],
        "Business": ["Business 1", "Business 5", "Business 9"],
        "Science": ["Science 2", "Science 6", "Science 10"],
        "Sport": ["Sport 3", "Sport 7", "Sport 11"],
        "Archive": ["Archive 0", "Archive 1", "Archive 2"],
    }


def test_hidden_stories_take_no_place_in_a_section_block(client, world):
    reporter = make_author()
    for n in range(4):
        make_story(world, title=f"World {n}", authors=[reporter], published_ago=hours(n + 1))
    make_story(world, title="World draft", authors=[reporter], publish=False)
    expired = make_story(world, title="World expired", authors=[reporter])
    an_hour_ago = timezone.now() - timedelta(hours=1)
    NewsArticle.objects.filter(pk=expired.pk).update(expire_at=an_hour_ago)
    members = make_section("Members")
    make_story(members, title="Members only", authors=[reporter])
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    drafts_only = make_section("Drafts only")
    make_story(drafts_only, title="Not yet", authors=[reporter], publish=False)

    # The newest visible three, and no block for a section readers cannot see or that has
    # nothing published yet.
    assert section_blocks(client.get("/")) == {"World": ["World 0", "World 1", "World 2"]}


def test_stories_published_at_the_same_moment_are_ordered_as_everywhere_else(client, world):
    reporter = make_author()
    stories = [make_story(world, title=f"Wire {n}", authors=[reporter]) for n in range(4)]
    moment = timezone.now() - hours(1)
    NewsArticle.objects.filter(pk__in=[story.pk for story in stories]).update(
        first_published_at=moment, last_published_at=moment
    )
    # Ties go to the later-created story, as newest_first() orders them on section pages.
    assert section_blocks(client.get("/")) == {"World": ["Wire 3", "Wire 2", "Wire 1"]}
