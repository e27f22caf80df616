"""Every public route answers with a Content-Security-Policy and a Permissions-Policy, and the
pages still work under the policy: each script they load comes from a source it allows."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from taggit.models import Tag

from tests.factories import lede, make_author, make_story, tweet

pytestmark = pytest.mark.django_db


def directives(header):
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.fixture
def newsroom(world):
    author = make_author("Mrityunjoy Kumar Jha")
    story = make_story(world, title="Floods", authors=[author], body=[lede(), tweet()])
    story.tags.add("Floods")
    story.save_revision().publish()
    return {"world": world, "author": author, "story": story, "tag": Tag.objects.get()}


def public_routes(newsroom):
    """Each kind of public route, with the status it answers."""
    world, story = newsroom["world"], newsroom["story"]
    author, tag = newsroom["author"].slug, newsroom["tag"].slug
    pages = [
        "/",
        world.url,
        story.url,
        f"/authors/{author}/",
        "/search/?q=floods",
        "/corrections/",
        "/feed/",
        "/feed/atom/",
        f"{world.url}feed/",
        f"/authors/{author}/feed/",
        f"/tags/{tag}/feed/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/api/v2/pages/",
        f"/api/v2/pages/{story.pk}/",
        "/api/v3/pages/",
        f"/api/v3/pages/{story.pk}/",
        "/api/v3/openapi.json",
        "/api/v3/docs/",
        "/healthz",
    ]
    return [(path, 200) for path in pages] + [("/no-such-page/", 404)]


# Script elements that hold data, which browsers never run: JSON-LD, the API docs' settings.
DATA_SCRIPTS = {"application/ld+json", "application/json"}


def assert_works_under(policy, html):
    """Every script comes from a source the policy allows; nothing is inline but data."""
    page = BeautifulSoup(html, "html.parser")
    for script in page.find_all("script"):
        if not script.get("src"):
            assert script.get("type") in DATA_SCRIPTS, script
            continue
        origin = urlsplit(script["src"])
        same_site = origin.netloc in {"", "testserver"}
        allowed = "'self'" if same_site else f"{origin.scheme}://{origin.netloc}"
        assert allowed in policy["script-src"], script["src"]
    assert not page.find_all("style"), "inline <style> is blocked"
    assert not page.find_all(style=True), "style attributes are blocked"


def test_every_public_route_is_under_the_policy(client, newsroom):
    for path, status in public_routes(newsroom):
        for attempt in ["first", "again"]:  # the second may come from the response cache
            response = client.get(path)
            assert response.status_code == status, path
            policy = directives(response.get("Content-Security-Policy", ""))
            assert policy.get("default-src") == ["'self'"], (path, attempt)
            assert policy.get("object-src") == ["'none'"], (path, attempt)
            assert "Content-Security-Policy-Report-Only" not in response, path
            for feature in ["camera", "geolocation", "microphone"]:
                assert f"{feature}=()" in response["Permissions-Policy"], path
            if response["Content-Type"].startswith("text/html"):
                assert_works_under(policy, response.content)


def test_a_story_with_a_tweet_loads_widgets_js_and_json_ld(client, newsroom):
    response = client.get(newsroom["story"].url)
    policy = directives(response["Content-Security-Policy"])
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("script", src="https://platform.twitter.com/widgets.js")
    assert page.find("script", type="application/ld+json")
    assert_works_under(policy, response.content)
    # widgets.js draws the tweet in a frame of its own.
    assert "https://platform.twitter.com" in policy["frame-src"]


def test_the_admin_reports_the_policy_rather_than_enforcing_it(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    report_only = directives(response["Content-Security-Policy-Report-Only"])
    assert report_only["default-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_an_editor_reading_the_site_keeps_the_userbar_under_the_policy(
    client, newsroom, admin_user
):
    client.force_login(admin_user)
    response = client.get(newsroom["story"].url)
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find(id="wagtail-userbar-template")
    assert_works_under(directives(response["Content-Security-Policy"]), response.content)
