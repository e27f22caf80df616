"""Stories served as serialised when they last changed: the same bytes DRF would produce now,
at a fraction of the queries (news/api/stored.py).

A request with Wagtail's cache-busting `_` parameter is serialised by DRF every time, so it is
the reference the stored responses are compared with.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from home.models import HomePage
from news.models import CategoryPage, NewsArticle
from tests.api.conftest import bearer, every_block, make_newsroom_user, token_for
from tests.factories import hours, make_author, make_image, make_section, make_story

pytestmark = pytest.mark.django_db

STORIES = "/api/v2/pages/?type=news.NewsArticle"


@pytest.fixture
def desk(world, reporter, uncached):
    photo = make_image("Portrait", width=800, height=1000)
    colleague = make_author("Ana Ruiz", photo=photo)
    linked = make_story(world, title="Where it began", authors=[reporter], published_ago=hours(9))
    business = make_section("Business")
    make_story(business, title="Markets calm", authors=[colleague], tags=["Markets"])
    story = make_story(
        world,
        title="Every block",
        authors=[reporter, colleague],
        tags=["Kabul", "Security"],
        lead_image=make_image("Harbour"),
        lead_image_caption="The harbour at dawn",
        body=every_block(make_image("Dawn"), linked),
        published_ago=hours(1),
    )
    return story


def queries_and_response(client, url, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response


def reference(client, url):
    """What DRF serialises for `url` on this request."""
    separator = "&" if "?" in url else "?"
    return client.get(f"{url}{separator}_=reference")


@pytest.mark.parametrize(
    "url",
    [
        "detail",
        STORIES,
        f"{STORIES}&fields=*",
        f"{STORIES}&fields=*&limit=2&offset=1",
        f"{STORIES}&limit=1",
    ],
)
def test_a_stored_response_is_byte_for_byte_what_drf_serialises(client, desk, url):
    if url == "detail":
        url = f"/api/v2/pages/{desk.pk}/"
    first, second = client.get(url), client.get(url)
    expected = reference(client, url)

    assert first.content == second.content == expected.content
    for header in ("Content-Type", "Last-Modified", "Vary"):
        assert first[header] == second[header] == expected[header]


def test_a_stored_detail_is_served_in_a_few_queries(client, desk):
    url = f"/api/v2/pages/{desk.pk}/"
    first, _ = queries_and_response(client, url)
    stored, response = queries_and_response(client, url)
    drf, _ = queries_and_response(client, f"{url}?_=1")

    assert response.json()["title"] == "Every block"
    # The site's version, the story with its stored JSON, and the tag versions.
    assert stored <= 3
    assert stored < drf < first


def test_a_stored_listing_costs_the_same_for_10_or_50_stories(client, world, uncached):
    authors = [make_author(photo=make_image(f"Portrait {n}")) for n in range(4)]
    for n in range(50):
        make_story(
            world, title=f"Story {n}", authors=authors[n % 4 : n % 4 + 2], tags=[f"t{n % 5}"]
        )
    url = f"{STORIES}&fields=*&limit="
    client.get(f"{url}50")  # renditions of the photos are made once, as on any running server

    def after_a_section_edit(limit):
        # A section's edit changes every story's `category`: all are serialised again.
        world.save_revision().publish()
        return queries_and_response(client, f"{url}{limit}")[0]

    cold_ten, cold_fifty = after_a_section_edit(10), after_a_section_edit(50)
    warm_ten, _ = queries_and_response(client, f"{url}10")
    warm_fifty, response = queries_and_response(client, f"{url}50")

    assert len(response.json()["items"]) == 50
    # Serialising a page of stories costs the same for any length; serving stored ones, less.
    # A section's edit also changes the site (the menu): each worker then looks its site and
    # home page up once again (frontdoor/sites.py), and finds the listing query it compiled
    # stale once it has run it, so compiles it again over the view restrictions
    # (news/api/stored_listing.py); every later request is spared all of these.
    assert cold_ten == cold_fifty <= 20
    # The site, the page of stories with their stored items, and the tag versions.
    assert warm_ten == warm_fifty <= 3


def test_other_field_lists_are_still_served(client, desk):
    items = client.get(f"{STORIES}&fields=_,title").json()["items"]
    assert {"title": "Every block"} in items
    assert all(set(item) == {"title"} for item in items)


def test_each_host_name_of_a_site_gets_links_to_itself(client, desk):
    site = Site.objects.get(is_default_site=True)
    assert site.hostname == "localhost"
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=site.root_page)
    url = f"/api/v2/pages/{desk.pk}/"

    for _ in range(2):  # stored on the first request, served on the second
        on_localhost = client.get(url, HTTP_HOST="localhost").json()
        on_address = client.get(url, HTTP_HOST="127.0.0.1").json()
        assert on_localhost["meta"]["detail_url"].startswith("http://localhost/")
        assert on_address["meta"]["detail_url"].startswith("http://127.0.0.1/")


def test_api_v3_serves_a_stored_story_exactly_as_its_own_view_does(client, desk):
    url = f"/api/v3/pages/{desk.pk}/"
    first, _ = queries_and_response(client, url)
    stored, response = queries_and_response(client, url)
    # `version=live` asks for the same thing, and always goes through Wagtail's own view.
    wagtail, expected = queries_and_response(client, f"{url}?version=live")

    assert response.content == expected.content
    assert response["Content-Type"] == expected["Content-Type"]
    assert response.json()["title"] == "Every block"
    assert stored <= 3 < wagtail


def test_api_v3_hides_an_expired_story_at_once_without_the_scheduler(
    client, world, reporter, uncached, monkeypatch
):
    expiry = timezone.now() + timedelta(minutes=5)
    story = make_story(world, title="Polls close", authors=[reporter], expire_at=expiry)
    url = f"/api/v3/pages/{story.pk}/"
    assert client.get(url).status_code == 200

    later = expiry + timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)

    assert client.get(url).status_code == 404
    # Also when Wagtail's own view answers (any parameter), and from the cache.
    assert client.get(f"{url}?version=live").status_code == 404


def test_api_v3_with_a_token_still_gets_wagtail_s_own_answer(client, desk, django_user_model):
    editor = make_newsroom_user(django_user_model, "desk-editor", "add", "change", "publish")
    token = token_for(editor)
    draft = desk.get_latest_revision_as_object()
    draft.title = "Every block, revised"
    draft.save_revision()
    url = f"/api/v3/pages/{desk.pk}/"
    client.get(url)  # stores the live story

    assert client.get(url).json()["title"] == "Every block"
    as_editor = client.get(f"{url}?version=draft", **bearer(token)).json()
    assert as_editor["title"] == "Every block, revised"


# Each worker compiles the query that picks a site's visible stories once, and runs it while
# the site is unchanged (news/api/stored_rows.py): what it compiled in must never outlive a change.


def story_titles(client, url, **headers):
    return [item["title"] for item in client.get(url, **headers).json()["items"]]


def test_a_section_made_private_then_public_again_shows_at_once_everywhere(client, desk):
    markets = NewsArticle.objects.get(title="Markets calm")
    business = markets.get_parent()
    details = [f"/api/v2/pages/{markets.pk}/", f"/api/v3/pages/{markets.pk}/"]
    listings = [STORIES, f"{STORIES}&fields=*"]

    def shown():
        listed = [("Markets calm" in story_titles(client, url)) for url in listings]
        found = [client.get(url).status_code == 200 for url in details]
        return listed + found

    for _ in range(2):  # compiled and stored on the first round, reused on the second
        assert shown() == [True] * 4
    restriction = PageViewRestriction.objects.create(
        page=business, restriction_type="password", password="members"
    )
    for _ in range(2):
        assert shown() == [False] * 4
    restriction.delete()
    assert shown() == [True] * 4


def test_each_site_on_one_worker_serves_its_own_stories(client, desk):
    other_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="The Other Paper", slug="other-paper")
    )
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home)
    local_section = CategoryPage(title="Local", slug="local")
    other_home.add_child(instance=local_section)
    local_section.save_revision().publish()
    local = make_story(local_section, title="Local news")
    here, there = {"HTTP_HOST": "localhost"}, {"HTTP_HOST": "127.0.0.1"}

    for _ in range(2):  # compiled and stored on the first round, reused on the second
        for url in (STORIES, f"{STORIES}&fields=*"):
            assert story_titles(client, url, **there) == ["Local news"]
            assert "Local news" not in story_titles(client, url, **here)
            assert "Every block" in story_titles(client, url, **here)
        for version in ("v2", "v3"):
            assert client.get(f"/api/{version}/pages/{local.pk}/", **there).status_code == 200
            assert client.get(f"/api/{version}/pages/{local.pk}/", **here).status_code == 404
            assert client.get(f"/api/{version}/pages/{desk.pk}/", **there).status_code == 404


def test_an_empty_page_of_a_listing_is_empty(client, desk):
    for url in (f"{STORIES}&limit=0", f"{STORIES}&fields=*&offset=50"):
        for _ in range(2):
            data = client.get(url).json()
            assert data["items"] == []
            assert data["meta"]["total_count"] == 3
