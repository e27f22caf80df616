"""With the response cache on, every public GET route stops showing a story on the very next
request after it is hidden: unpublished, past its expiry, in a section made private, or moved
into a private section. Routes are enumerated (tests/public_routes.py), not hand-picked.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

from live.models import LiveCoverage
from news.models import NewsArticle
from tests.factories import home_page, make_image, make_section, make_story
from tests.live.conftest import post_entry
from tests.public_routes import every_public_route

pytestmark = pytest.mark.django_db

HEADLINE = "Zanzibar ferry embargo"


@dataclass
class Newsroom:
    home: object
    section: object
    story: object
    author: object
    image: object
    document: object
    redirect: object
    coverage: object
    tag_slug: str = "ferries"
    search_word: str = "Zanzibar"

    @property
    def site_hostname(self):
        return Site.objects.get(is_default_site=True).hostname


@pytest.fixture(params=[NewsArticle, LiveCoverage], ids=["story", "live-coverage"])
def newsroom(request, world, reporter, settings):
    """The story to hide is a story, or a live coverage (a story whose entries have routes and
    feeds of their own); beside it, another coverage that stays public."""
    settings.NEWSDESK_RESPONSE_CACHE = True
    story = make_story(
        world,
        model=request.param,
        title=HEADLINE,
        authors=[reporter],
        tags=["Ferries"],
        # Far enough ahead that a cached response's own lifetime would outlast it.
        expire_at=timezone.now() + timedelta(minutes=5),
    )
    document = get_document_model().objects.create(
        title="Fact sheet", file=ContentFile(b"Port facts.", name="facts.txt")
    )
    redirect = Redirect.objects.create(old_path="/old-port", redirect_link="https://example.com/")
    coverage = make_story(world, title="Harbour strike: live", model=LiveCoverage)
    post_entry(coverage, "<p>Dockers walk out.</p>")
    if request.param is LiveCoverage:
        post_entry(story, "<p>The ferry is held at the quay.</p>")
    return Newsroom(
        home=home_page(),
        section=world,
        story=story,
        author=reporter,
        image=make_image(),
        document=document,
        redirect=redirect,
        coverage=coverage,
    )


def get(client, url, query):
    # Followed, so a lookup that redirects (API v2's find) is judged by what it leads to.
    return client.get(url, query, follow=True)


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def shows(response, story, url):
    """Whether the response shows `story`: its headline, its slug or (in JSON) its id.

    The paths asked for and redirected to are left out: a login or password form sends the
    reader back to them, and Wagtail redirects a moved page's old path to its new one.
    """
    text = body(response)
    for path in [url, *(urlsplit(location).path for location, _ in response.redirect_chain)]:
        text = text.replace(path, "").replace(quote(path, safe=""), "")
    if HEADLINE in text or escape(HEADLINE) in text or story.slug in text:
        return True
    return bool(re.search(rf'"id":\s*{story.pk}\b', text))


def shows_story(client, story, url, query):
    return shows(get(client, url, query), story, url)


def warm(client, url, query):
    """Ask until the answer comes from the cache, or is the same twice (not cached)."""
    previous = None
    for _ in range(3):
        response = get(client, url, query)
        if response.get("X-Cache") == "hit" or (
            previous is not None and body(response) == previous
        ):
            break
        previous = body(response)
    return response


def unpublish(newsroom, monkeypatch):
    newsroom.story.unpublish()


def expiry_passes(newsroom, monkeypatch):
    # The clock moves past expire_at; the scheduler that would unpublish the story never runs.
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", later.timestamp)


def section_made_private(newsroom, monkeypatch):
    PageViewRestriction.objects.create(
        page=newsroom.section, restriction_type="password", password="members"
    )


def moved_into_a_private_section(newsroom, monkeypatch):
    vault = make_section("Vault")
    PageViewRestriction.objects.create(page=vault, restriction_type="login")
    newsroom.story.move(vault, pos="last-child")


@pytest.mark.parametrize(
    "hide", [unpublish, expiry_passes, section_made_private, moved_into_a_private_section]
)
def test_every_public_route_stops_showing_a_hidden_story_at_once(
    client, newsroom, monkeypatch, hide
):
    story = newsroom.story
    routes = every_public_route(client, newsroom)
    showed = []
    for route in routes:
        answered = [warm(client, url, query).status_code for url, query in route.urls]
        # Each route is really exercised: some URL of it answers.
        assert 200 in answered, (route.name, route.urls, answered)
        showed += [
            (url, query) for url, query in route.urls if shows_story(client, story, url, query)
        ]
    # The probe is wired: the story is on its page, its section and the lists before.
    assert ("/api/v2/pages/", {"limit": 100}) in showed
    assert (newsroom.story.url, {}) in showed

    hide(newsroom, monkeypatch)

    still_showing = {
        (url, str(query)): get(client, url, query).get("X-Cache")
        for url, query in showed
        if shows_story(client, story, url, query)
    }
    assert still_showing == {}
