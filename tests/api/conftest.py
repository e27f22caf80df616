"""Helpers for probing the API the way a front end does: over HTTP, with or without a token."""

import socket
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import APIToken, GroupPagePermission

from tests.factories import (
    home_page,
    hours,
    lede,
    make_author,
    make_section,
    make_story,
    paragraph,
    related_link,
    tweet,
)


def every_block(image, linked_story):
    """A body with one block of each kind, as an editor would fill it in."""
    return [
        {
            "type": "lede",
            "value": f'<p>It began <a linktype="page" id="{linked_story.pk}">here</a>.</p>',
        },
        {"type": "heading", "value": "What happened next"},
        {"type": "paragraph", "value": "<ul><li>One</li><li>Two</li></ul>"},
        tweet(),
        related_link(linked_story),
        {"type": "image", "value": {"image": image.pk, "caption": "At dawn", "credit": "AP"}},
        {"type": "quote", "value": {"text": "We will rebuild.", "attribution": "The mayor"}},
        {
            "type": "gallery",
            "value": {
                "images": [{"image": image.pk, "caption": "The quay", "credit": "Reuters"}],
                "caption": "The harbour, a day on",
            },
        },
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "provider": "youtube",
                "title": "The mayor's address",
                "thumbnail": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
            },
        },
        {
            "type": "table",
            "value": {
                "data": [["Ward", "Homes lost"], ["North", "120"], ["Harbour", None]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Damage by ward",
            },
        },
    ]


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def make_newsroom_user(django_user_model, username, *page_permissions, page=None):
    """A user whose group holds `page_permissions` (e.g. "add", "change", "publish") on `page`
    (the home page by default): the same grants the admin's group editor makes."""
    user = django_user_model.objects.create_user(username, f"{username}@newsroom.example", "pw")
    group = Group.objects.create(name=f"{username} desk")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in page_permissions:
        GroupPagePermission.objects.create(
            group=group,
            page=page or home_page(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{codename}_page"
            ),
        )
    user.groups.add(group)
    return user


def token_for(user):
    _, plaintext = APIToken.create_token(user=user, name=f"{user.username}'s front end")
    return plaintext


@pytest.fixture
def reporter_user(django_user_model):
    """Can write drafts anywhere in the newsroom, and publish nothing."""
    return make_newsroom_user(django_user_model, "reporter", "add", "change")


@pytest.fixture
def editor_user(django_user_model):
    return make_newsroom_user(django_user_model, "editor", "add", "change", "publish")


@pytest.fixture
def outsider_user(django_user_model):
    """A valid token, but no say over any page."""
    return make_newsroom_user(django_user_model, "outsider")


# Freshness (test_api_freshness_*.py): the very next request after an edit shows it.
#
# Every test there runs twice, with the response cache off and on (`cache_mode`), and follows
# the same steps: ask for the endpoint once (so whatever may be stored is warm), change
# something the way an editor does (publish a revision, unpublish, restrict a section), then
# ask again and expect the change. Only public behaviour is used: HTTP through the test client,
# and the model and revision calls behind the admin's buttons.

STORIES = "/api/v2/pages/?type=news.NewsArticle"
LISTINGS = [STORIES, f"{STORIES}&fields=*"]


@pytest.fixture(params=["cache off", "cache on"])
def cache_mode(request, settings):
    """Every test twice: with the whole-response cache off, and with it on."""
    if request.param == "cache off":
        request.getfixturevalue("uncached")
    else:
        settings.NEWSDESK_RESPONSE_CACHE = True
    return request.param


@pytest.fixture
def newsroom(world, reporter):
    """Two sections, two authors and four stories, newest first: Reader's story links to
    Harbour reopens ("Also Read"), and Markets rally is the only story in Business."""
    business = make_section("Business")
    ana = make_author("Ana Ruiz")
    harbour = make_story(
        world,
        title="Harbour reopens",
        authors=[reporter],
        tags=["Ports"],
        published_ago=hours(5),
    )
    markets = make_story(
        business,
        title="Markets rally",
        authors=[ana],
        tags=["Markets"],
        published_ago=hours(4),
    )
    reader = make_story(
        world,
        title="Reader's story",
        authors=[reporter, ana],
        body=[lede(), related_link(harbour), paragraph("<p>What the mayor said.</p>")],
        tags=["Harbour", "Strike"],
        published_ago=hours(3),
    )
    summit = make_story(
        world,
        title="Summit opens",
        authors=[ana],
        published_ago=hours(2),
    )
    return {
        "world": world,
        "business": business,
        "reporter": reporter,
        "ana": ana,
        "harbour": harbour,
        "markets": markets,
        "reader": reader,
        "summit": summit,
    }


# Fetching


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    return response


def detail_url(story):
    return f"/api/v2/pages/{story.pk}/"


def detail(client, story):
    return get_ok(client, detail_url(story)).json()


def listing(client, url=STORIES):
    return get_ok(client, url).json()


def titles(data):
    return [item["title"] for item in data["items"]]


def item_for(data, story):
    matching = [item for item in data["items"] if item["id"] == story.pk]
    assert len(matching) == 1, (story.title, titles(data))
    return matching[0]


def byline(data):
    return [author["name"] for author in data["authors"]]


def tag_names(data):
    return sorted(tag["name"] for tag in data["tags"])


def blocks_of(data, block_type):
    return [block["value"] for block in data["body"] if block["type"] == block_type]


def assert_gone(client, story, remaining):
    """`story` is a 404 and every listing holds exactly `remaining`, newest first."""
    assert client.get(detail_url(story)).status_code == 404
    for url in LISTINGS:
        data = listing(client, url)
        assert titles(data) == remaining, url
        assert data["meta"]["total_count"] == len(remaining), url


def warm(client, *urls):
    """Ask for each URL once, so anything stored for it is stored by now."""
    for url in urls:
        get_ok(client, url)


def story_urls(*stories):
    return [*LISTINGS, *[detail_url(story) for story in stories]]


def move_clock_past(monkeypatch, moment):
    """Let time pass to just after `moment`, for the database's "now" and for cache expiry;
    nothing runs meanwhile (no scheduler)."""
    later = moment + timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later.timestamp())


# Editing, as the admin's Publish button does


def publish_edit(page, **changes):
    """Change the latest revision of `page` (a story or section) and publish it."""
    draft = page.get_latest_revision_as_object()
    tags = changes.pop("tags", None)
    for name, value in changes.items():
        setattr(draft, name, value)
    if tags is not None:
        draft.tags.set(tags)
    draft.save_revision().publish()
    return draft


@pytest.fixture
def front_end(settings):
    """NEWSDESK_PREVIEW_URL naming a local server that accepts connections (and answers none:
    the admin only checks that it is there before sending the editor)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        settings.NEWSDESK_PREVIEW_URL = f"http://127.0.0.1:{server.getsockname()[1]}/preview"
        yield settings.NEWSDESK_PREVIEW_URL


def closed_port():
    """A local port nothing listens on: connecting to it is refused."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        return server.getsockname()[1]


@pytest.fixture
def story(world):
    """A live story with a newer draft: previews show the draft, readers the live version."""
    story = make_story(world, title="Live headline", body=[lede("<p>Live lede.</p>")])
    story.title = "Draft headline"
    story.save_revision()
    return story
