"""A story page's own parts (its article and meta tags) are stored apart from the page and
rendered again the moment anything they show changes; Recent Posts is read on every request.
With the response cache off, so each request below builds its page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

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
    for story in (reader, big):
        page(client, story)  # the newsroom's settings and the site, as on a running worker
    first = queries_for(client, reader.url)  # nothing changed: served from the stored parts
    assert queries_for(client, big.url) == first
    reader.save_revision().publish()  # its parts are rendered again, then stored
    rebuilt = queries_for(client, reader.url)
    assert queries_for(client, reader.url) == first
    # Byline, tags, corrections, the body's links and the stores of both parts.
    assert rebuilt >= first + 6
    assert first <= 10


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
