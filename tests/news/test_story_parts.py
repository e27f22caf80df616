"""A story page's own parts (its article and meta tags, the story row it routes to) are stored
apart from the page and rendered again the moment anything they show changes; Recent Posts is
one part every story page shares, rendered again after each publish.
With the response cache off, so each request below builds its page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import PageViewRestriction

from home.models import NewsroomSettings
from news.models import CategoryPage, NewsArticle
from tests.factories import hours, lede, make_author, make_section, make_story, related_link

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


def page(client, story):
    response = client.get(story.url)
    assert response.status_code == 200
    return response.content.decode()


def inline_link(story, text):
    return f'<a linktype="page" id="{story.pk}">{text}</a>'


@pytest.fixture
def newsroom(world, reporter):
    linked = make_story(world, title="Harbour reopens", published_ago=hours(6))
    inline = make_story(world, title="Ferry strike ends", published_ago=hours(5))
    reader = make_story(
        world,
        title="Reader story",
        authors=[reporter],
        body=[lede(f"<p>After {inline_link(inline, 'the strike')}.</p>"), related_link(linked)],
        published_ago=hours(4),
    )
    return {"linked": linked, "inline": inline, "reader": reader, "author": reporter}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_stored_parts_cut_the_page_to_a_fixed_cost(client, newsroom, world):
    reader = newsroom["reader"]
    big = make_story(
        world,
        title="Big",
        authors=[make_author() for _ in range(4)],
        tags=[f"tag {n}" for n in range(6)],
        body=[lede(), *[related_link(newsroom["linked"]) for _ in range(8)]],
    )
    # The newsroom's settings (created with their defaults by the first page, which bumps
    # "site") and the site, as on a running worker.
    for story in (reader, big, reader):
        page(client, story)
    first = queries_for(client, reader.url)  # nothing changed: served from the stored parts
    assert queries_for(client, big.url) == first
    reader.save_revision().publish()  # its parts are rendered again, then stored
    rebuilt = queries_for(client, reader.url)
    assert queries_for(client, reader.url) == first
    # Byline, tags, corrections, the body's links and the stores of both parts.
    assert rebuilt >= first + 6
    # The "site" tag's version, the tag versions of the story row it routes to, whether that
    # story may be served now (always read), then the tag versions of all its parts at once.
    assert first <= 4


def test_a_new_headline_and_byline_show_on_the_next_request(client, newsroom):
    reader, author = newsroom["reader"], newsroom["author"]
    page(client, reader)
    reader.title = "Reader story, updated"
    reader.save_revision().publish()
    assert "Reader story, updated" in page(client, reader)
    author.name = "Renamed Reporter"
    author.save_revision().publish()
    assert "Renamed Reporter" in page(client, reader)


def test_a_linked_story_unpublished_leaves_the_stored_article(client, newsroom):
    reader, linked, inline = newsroom["reader"], newsroom["linked"], newsroom["inline"]
    shown = page(client, reader)
    assert linked.url in shown and inline.url in shown
    linked.unpublish()
    inline.unpublish()
    shown = page(client, reader)
    assert linked.url not in shown and inline.url not in shown
    assert "the strike" in shown  # the inline link's text stays


def test_a_private_section_hides_a_stored_story(client, newsroom, world):
    reader = newsroom["reader"]
    page(client, reader)
    PageViewRestriction.objects.create(page=world, restriction_type="login")
    assert client.get(reader.url).status_code in (302, 403)


def test_a_preview_is_never_stored_nor_served_from_the_store(client, admin_client, newsroom):
    reader = newsroom["reader"]
    page(client, reader)  # the live article is stored
    reader.title = "Unpublished headline"
    reader.body = [lede("<p>Draft words only.</p>")]
    revision = reader.save_revision()
    preview = admin_client.get(f"/admin/pages/{reader.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "Draft words only." in preview.content.decode()
    live = page(client, reader)
    assert "Draft words only." not in live and "Unpublished headline" not in live


def test_recent_posts_follow_every_publish(client, newsroom, world):
    reader = newsroom["reader"]
    page(client, reader)
    newest = make_story(make_section("Sport"), title="Cup final tonight")
    assert newest.url in page(client, reader)
    newest.unpublish()
    assert newest.url not in page(client, reader)


def test_the_sections_menu_follows_its_sections(client, newsroom, world):
    reader = newsroom["reader"]
    assert 'href="/world/"' in page(client, reader)
    sport = make_section("Sport")
    assert 'href="/sport/"' in page(client, reader)
    sport.refresh_from_db()
    sport.unpublish()
    assert 'href="/sport/"' not in page(client, reader)
    # Each section's page marks itself, and only itself, as the current one.
    own = client.get("/world/").content.decode()
    assert 'href="/world/" aria-current="page"' in own
    assert 'aria-current="page"' not in page(client, reader)


def test_a_stored_story_row_never_outlives_what_it_may_show(client, newsroom, world):
    """The story row a reader's request routes to is stored, but whether it may be served is
    read from the database every time: unpublished, expired in the database before the
    scheduler runs, moved, renamed, it is gone from its address on the next request."""
    reader, linked, inline = newsroom["reader"], newsroom["linked"], newsroom["inline"]
    for story in (reader, linked, inline):
        page(client, story)
        page(client, story)  # served from the stored row from here on

    reader.unpublish()
    assert client.get(reader.url).status_code == 404

    # Past its expiry as the database says it, with no publish and no tag bumped.
    NewsArticle.objects.filter(pk=linked.pk).update(expire_at=timezone.now() - hours(1))
    response = client.get(linked.url)
    assert response.status_code == 404 and b"Harbour reopens" not in response.content

    old_url = inline.url
    inline.slug = "strike-over"
    inline.save_revision().publish()
    assert client.get(old_url).status_code == 404
    inline.refresh_from_db()
    assert client.get(inline.url).status_code == 200
    moved_from = inline.url
    inline.move(make_section("Business"), pos="last-child")
    response = client.get(moved_from)  # Wagtail's redirect to where it went, not the old row
    assert response.status_code == 301 and response["Location"] == "/business/strike-over/"
    inline.refresh_from_db()
    assert "Ferry strike ends" in page(client, inline)


def test_an_address_that_found_nothing_finds_the_story_published_there(client, world):
    assert client.get("/world/late-news/").status_code == 404
    make_story(world, title="Late news", slug="late-news")
    assert "Late news" in page(client, NewsArticle.objects.get(slug="late-news"))


def test_a_section_saved_without_a_publish_routes_at_once(client, newsroom, world):
    """Sections are remembered per worker under the "site" tag: a section added by a script
    or an import (saved, never published through a revision) still routes on the next request."""
    page(client, newsroom["reader"])
    assert client.get("/culture/").status_code == 404
    section = CategoryPage(title="Culture", slug="culture", live=True)
    world.get_parent().add_child(instance=section)
    assert client.get("/culture/").status_code == 200
    assert 'href="/culture/"' in page(client, newsroom["reader"])


def test_recent_posts_are_stored_only_while_their_relative_times_hold(client, newsroom, world):
    reader = newsroom["reader"]
    make_story(world, title="Just filed")
    assert "just now" in page(client, reader)
    # Well inside the time a part is otherwise kept (NEWSDESK_RESPONSE_CACHE_SECONDS).
    with freeze_time(timezone.now() + timedelta(minutes=2, seconds=5)):
        shown = page(client, reader)
    assert "just now" not in shown and "2 minutes ago" in shown


def test_the_newsroom_settings_each_worker_remembers_follow_every_change(client, newsroom):
    reader = newsroom["reader"]
    page(client, reader)
    page(client, reader)  # the settings are remembered from here on
    settings = NewsroomSettings.objects.get()
    settings.publication_name = "The Harbour Ledger"
    settings.save()
    assert "The Harbour Ledger" in page(client, reader)
