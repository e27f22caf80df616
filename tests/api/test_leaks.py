"""Probes for anything readers may not see: no API path serves a hidden story or author.

Every way a story or author is hidden is an entry of HIDDEN_FROM_THE_START (a draft, a story
scheduled for later) or CONCEALMENTS (hidden later: by an editor's action or by time passing),
and every probe covers all of them, so a new way to hide something is probed everywhere as soon
as it is listed there. A probe first reads every URL as a reader, with the response cache on,
and checks that it sees what is about to be hidden (so the cache holds it, and a probe that sees
nothing cannot pass by accident); then hides it, and reads every URL again, as a reader and with
a login or token that may not edit it. A visible story linked the same way is always seen.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsArticle
from people.models import Author
from tests.api.conftest import bearer, make_newsroom_user, move_clock_past, publish_edit, token_for
from tests.factories import lede, make_author, make_section, make_story, related_link

pytestmark = pytest.mark.django_db

HIDDEN = "concealed"  # in every hidden title, slug and name, in any letter case
TOMORROW = timedelta(days=1)


def draft(section):
    return make_story(section, title="Concealed draft", publish=False)


def scheduled(section):
    return make_story(section, title="Concealed scheduled", go_live_at=timezone.now() + TOMORROW)


HIDDEN_FROM_THE_START = [draft, scheduled]


# Each concealment sets up what it will hide, yields while the probe warms the cache, then
# hides it the way it happens in a newsroom.


def pulled_back_to_draft(newsroom, monkeypatch):
    story = newsroom.story_to_conceal()
    yield
    story.unpublish()


def pulled_and_rescheduled(newsroom, monkeypatch):
    story = newsroom.story_to_conceal()
    yield
    story.unpublish()
    publish_edit(story, go_live_at=timezone.now() + TOMORROW)


def expired(newsroom, monkeypatch):
    story = newsroom.story_to_conceal()
    expiry = timezone.now() + timedelta(minutes=5)
    publish_edit(story, expire_at=expiry)
    yield
    move_clock_past(monkeypatch, expiry)  # before the scheduler runs


def behind_a_login(newsroom, monkeypatch):
    story = newsroom.story_to_conceal()
    yield
    PageViewRestriction.objects.create(page=story, restriction_type="login")


def its_section_made_private(newsroom, monkeypatch):
    story = newsroom.story_to_conceal()
    yield
    PageViewRestriction.objects.create(
        page=story.get_parent(), restriction_type="password", password="x"
    )


def moved_into_a_private_section(newsroom, monkeypatch):
    story = newsroom.story_to_conceal()
    members = make_section("Members")
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    yield
    story.move(members, pos="last-child")


def deleted(newsroom, monkeypatch):
    story = newsroom.story_to_conceal()
    yield
    story.delete()


def author_unpublished(newsroom, monkeypatch):
    author = newsroom.author_to_conceal()
    yield
    author.unpublish()


CONCEALMENTS = [
    pulled_back_to_draft,
    pulled_and_rescheduled,
    expired,
    behind_a_login,
    its_section_made_private,
    moved_into_a_private_section,
    deleted,
    author_unpublished,
]


class Newsroom:
    """A reader's story whose byline and "Also Read" links reach everything hidden, and a
    visible story linked the same way."""

    def __init__(self, world, reporter):
        self.world, self.reporter = world, reporter
        self.control = make_story(world, title="Openly linked")
        self.desk = make_section("Desk")  # where everything hidden is filed
        self.hidden_from_the_start = [make(self.desk) for make in HIDDEN_FROM_THE_START]
        self.stories, self.authors = list(self.hidden_from_the_start), []
        self.to_conceal = []

    def story_to_conceal(self):
        story = make_story(self.desk, title="Concealed story")
        self.stories.append(story)
        self.to_conceal.append(story.title)
        return story

    def author_to_conceal(self):
        author = make_author("Concealed Stringer")
        self.authors.append(author)
        self.to_conceal.append(author.name)
        return author

    def publish_reader_story(self):
        self.reader_story = make_story(
            self.world,
            title="Reader story",
            authors=[self.reporter, *self.authors],
            body=[lede(), *[related_link(story) for story in [*self.stories, self.control]]],
        )


# What each API serves: URLs that answer 200 whatever is hidden, and URLs of one hidden story
# or author with what they answer once it is hidden (as if it did not exist).


def v2_urls(newsroom):
    reader_story = newsroom.reader_story
    return [
        "/api/v2/pages/",
        "/api/v2/pages/?type=news.NewsArticle&fields=*&limit=100",
        "/api/v2/pages/?type=news.NewsArticle&category=world&limit=100",
        "/api/v2/pages/?search=concealed",
        "/api/v2/pages/?type=news.NewsArticle&search=concealed",
        f"/api/v2/pages/{reader_story.pk}/",
        f"/api/v2/pages/find/?html_path={reader_story.url}",
        "/api/v2/authors/",
        "/api/v2/categories/?fields=*",
    ]


def v2_story_urls(story):
    return {
        f"/api/v2/pages/{story.pk}/": 404,
        f"/api/v2/pages/find/?id={story.pk}": 404,
        f"/api/v2/pages/find/?html_path={story.url_path.removeprefix('/home')}": 404,
    }


def v2_author_urls(author):
    return {
        f"/api/v2/authors/{author.pk}/": 404,
        f"/api/v2/pages/?type=news.NewsArticle&author={author.slug}": 200,
    }


def v3_urls(newsroom):
    reader_story = newsroom.reader_story
    return [
        "/api/v3/pages/?limit=100",
        "/api/v3/pages/?search=concealed",
        f"/api/v3/pages/{reader_story.pk}/",
        f"/api/v3/pages/find/?html_path={reader_story.url}",
    ]


def v3_story_urls(story):
    return {f"/api/v3/pages/{story.pk}/": 404, f"/api/v3/pages/find/?id={story.pk}": 404}


API = {
    "v2": (v2_urls, v2_story_urls, v2_author_urls),
    "v3": (v3_urls, v3_story_urls, lambda author: {}),  # v3 serves no authors of its own
}


def probe(client, api, newsroom, concealed, **headers):
    """What every URL of `api` serves, by URL; each answers 200, or what it answers for a story
    or author that does not exist if it is of a `concealed` one."""
    urls, story_urls, author_urls = API[api]
    expected = dict.fromkeys(urls(newsroom), 200)
    for thing in [*newsroom.stories, *newsroom.authors]:
        of_thing = story_urls(thing) if isinstance(thing, NewsArticle) else author_urls(thing)
        expected |= {url: hidden if thing in concealed else 200 for url, hidden in of_thing.items()}
    served = {}
    for url, status in expected.items():
        response = client.get(url, follow=True, **headers)
        assert response.status_code == status, url
        served[url] = response.content.decode()
    return served


def finds_something(url, content):
    """A search or filter naming something hidden must find nothing at all."""
    return HIDDEN in url.partition("?")[2] and json.loads(content).get("items", []) != []


def assert_nothing_hidden(served, newsroom):
    text = "".join(served.values())
    assert "Openly linked" in text and "Reader story" in text  # the probe does see
    hidden_links = [f'"page": {story.pk}' for story in newsroom.stories]
    hidden_links += [f'"page":{story.pk}' for story in newsroom.stories]
    hidden_links += [f"/authors/{author.pk}/" for author in newsroom.authors]
    leaks = [
        url
        for url, content in served.items()
        if HIDDEN in content.lower()
        or any(link in content for link in hidden_links)
        or finds_something(url, content)
    ]
    assert leaks == []


@pytest.fixture
def newsroom(world, reporter):
    return Newsroom(world, reporter)


@pytest.mark.parametrize("api", ["v2", "v3"])
@pytest.mark.parametrize("conceal", CONCEALMENTS)
def test_nothing_hidden_is_served_the_moment_it_is_hidden(
    api, conceal, client, admin_client, django_user_model, newsroom, monkeypatch
):
    steps = conceal(newsroom, monkeypatch)
    next(steps)
    newsroom.publish_reader_story()
    seen = "".join(probe(client, api, newsroom, newsroom.hidden_from_the_start).values())
    assert newsroom.to_conceal and all(name in seen for name in newsroom.to_conceal)

    with pytest.raises(StopIteration):
        next(steps)
    assert not NewsArticle.objects.visible().filter(pk__in=[s.pk for s in newsroom.stories])
    assert not Author.objects.live().filter(pk__in=[a.pk for a in newsroom.authors])

    everything = [*newsroom.stories, *newsroom.authors]
    assert_nothing_hidden(probe(client, api, newsroom, everything), newsroom)
    if api == "v2":  # v2 serves the same to a logged-in admin
        assert_nothing_hidden(probe(admin_client, api, newsroom, everything), newsroom)
    else:  # and v3 to a token that may edit the reader's section, not the hidden stories'
        world_reporter = make_newsroom_user(
            django_user_model, "world-reporter", "add", "change", page=newsroom.world
        )
        token = bearer(token_for(world_reporter))
        assert_nothing_hidden(probe(client, api, newsroom, everything, **token), newsroom)


def test_a_draft_becomes_visible_to_the_probes_once_published(client, newsroom):
    newsroom.publish_reader_story()
    draft_story = newsroom.stories[0]
    draft_story.get_latest_revision().publish()
    served = probe(client, "v2", newsroom, concealed=newsroom.stories[1:])
    assert "Concealed draft" in "".join(served.values())


def test_an_author_unpublished_later_disappears_from_bylines(client, newsroom, reporter):
    newsroom.publish_reader_story()
    Author.objects.filter(pk=reporter.pk).update(live=False)
    for url in [f"/api/v2/pages/{newsroom.reader_story.pk}/", "/api/v2/authors/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert reporter.name not in response.content.decode()
