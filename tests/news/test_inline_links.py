"""A rich-text link to a story readers may not see is its text alone, wherever it renders."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsArticle
from tests.factories import lede, make_section, make_story, paragraph

pytestmark = pytest.mark.django_db


def inline_link(story, text):
    return f'<a linktype="page" id="{story.pk}">{text}</a>'


def surfaces(story, author, tag):
    """Everywhere a story's body is rendered for readers."""
    detail_v2, detail_v3 = f"/api/v2/pages/{story.pk}/", f"/api/v3/pages/{story.pk}/"
    feeds = ["/feed/", "/world/feed/", f"/authors/{author.slug}/feed/", f"/tags/{tag}/feed/"]
    return [
        story.url,
        detail_v2,  # its stored JSON (news/api/stored.py)
        f"{detail_v2}?fields=body",  # serialised afresh
        detail_v3,  # its stored JSON
        f"{detail_v3}?rich_text_format=html",  # Wagtail's own view
        *feeds,
        *(f"{feed}atom/" for feed in feeds),
    ]


def served(client, urls):
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


@pytest.fixture
def newsroom(world, reporter):
    draft = make_story(world, title="Hidden draft target", publish=False)
    scheduled = make_story(
        world, title="Hidden scheduled target", go_live_at=timezone.now() + timedelta(days=1)
    )
    members = make_section("Members")
    private = make_story(members, title="Hidden members target")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    expired = make_story(world, title="Hidden expired target")
    NewsArticle.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    control = make_story(world, title="Openly linked target")
    hidden = [draft, scheduled, private, expired]
    reader = make_story(
        world,
        title="Reader story",
        authors=[reporter],
        tags=["inline"],
        body=[
            lede(f"<p>It began with {inline_link(draft, 'a draft')}.</p>"),
            paragraph(f"<p>Then {inline_link(scheduled, 'a scheduled one')} and more.</p>"),
            paragraph(
                f"<p>{inline_link(private, 'Members')}, {inline_link(expired, 'expired')},"
                f" {inline_link(control, 'visible')}.</p>"
            ),
        ],
    )
    assert not NewsArticle.objects.visible().filter(pk__in=[s.pk for s in hidden]).exists()
    return {"hidden": hidden, "control": control, "reader": reader, "author": reporter}


def assert_links_only_to_visible(page, url, hidden, control):
    assert "linktype" not in page, url
    for story in hidden:
        assert story.slug not in page, (url, story.title)
        assert f'id="{story.pk}"' not in page, (url, story.title)
    assert control.slug in page, url  # the probe sees a link it may show


def test_links_to_hidden_stories_render_as_text_everywhere(client, newsroom):
    urls = surfaces(newsroom["reader"], newsroom["author"], "inline")
    for url, page in served(client, urls).items():
        assert_links_only_to_visible(page, url, newsroom["hidden"], newsroom["control"])
        assert "a scheduled one" in page, url  # the link's text stays


def test_a_link_appears_on_the_very_next_request_once_its_story_is_published(client, newsroom):
    draft, *others = newsroom["hidden"]
    urls = surfaces(newsroom["reader"], newsroom["author"], "inline")
    served(client, urls)
    for url, page in served(client, urls).items():
        assert draft.slug not in page, url

    draft.get_latest_revision().publish()

    for url, page in served(client, urls).items():
        assert draft.slug in page, url
        for story in others:
            assert story.slug not in page, (url, story.title)


def test_a_cached_page_drops_a_link_the_moment_its_story_expires(client, newsroom, monkeypatch):
    control, reader = newsroom["control"], newsroom["reader"]
    control.expire_at = timezone.now() + timedelta(minutes=5)
    control.save_revision().publish()
    client.get(reader.url)
    assert client.get(reader.url)["X-Cache"] == "hit"

    later = control.expire_at + timedelta(seconds=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later.timestamp())
    for url in (reader.url, f"/api/v2/pages/{reader.pk}/", f"/api/v3/pages/{reader.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert control.slug not in response.content.decode(), url


def queries_for(client, url):
    # As on a running server, where the newsroom's settings exist and the site is known.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("uncached")
@pytest.mark.parametrize(
    "path",
    ["", "/api/v2/pages/{pk}/?fields=body", "/api/v3/pages/{pk}/?rich_text_format=html", "/feed/"],
)
def test_ten_inline_links_cost_what_one_does(client, world, reporter, path):
    targets = [make_story(world, title=f"Target {n}") for n in range(10)]
    one = make_story(world, title="One link", body=[lede(f"<p>{inline_link(targets[0], 'a')}</p>")])
    ten = make_story(
        world,
        title="Ten links",
        body=[lede(), *[paragraph(f"<p>{inline_link(target, 'b')}</p>") for target in targets]],
    )
    targets[1].unpublish()  # hidden and visible links alike

    def url(story):
        return path.format(pk=story.pk) if path else story.url

    assert queries_for(client, url(one)) == queries_for(client, url(ten))
