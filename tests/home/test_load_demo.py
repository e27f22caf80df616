"""`make run` loads the demo newsroom on every start: it must be complete and idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from live.models import LiveEntry
from news.models import CategoryPage, NewsArticle
from people.models import Author

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_content_makes_every_page_meaningful(client, settings):
    settings.NEWSDESK_DEMO_USERS = False
    load_demo()

    stories = NewsArticle.objects.visible()
    assert stories.count() == 10  # nine stories and a live coverage
    assert set(CategoryPage.objects.live().values_list("title", flat=True)) == {
        "World",
        "Business",
        "Science",
    }
    assert Author.objects.live().count() >= 2
    seed = stories.get(slug__startswith="terror-vs-terror")
    assert seed.get_parent().title == "World"
    block_types = {block.block_type for story in stories for block in story.body}
    assert {"lede", "paragraph", "tweet", "related_link"} <= block_types

    page = client.get(seed.url).content.decode()
    assert "10 hours ago" in page
    assert "1 day ago" in page
    for url in ("/", "/world/", "/business/", "/science/", "/authors/mrityunjoy-kumar-jha/"):
        assert client.get(url).status_code == 200

    # A running live coverage: what we know, a pinned entry, key events, entries newest first.
    live = client.get("/world/valmora-port-talks-live/")
    assert live.status_code == 200
    assert [event["entry"].title for event in live.context["key_events"]] == [
        "Arbiter named",
        "Talks resume",
    ]
    assert "What we are watching" in live.text and live.context["page"].is_live
    polled = client.get(f"/api/v2/live/{live.context['page'].pk}/entries/").json()
    assert len(polled["entries"]) == 5 and polled["coverage"]["status"] == "live"


def test_loading_twice_changes_nothing(settings):
    settings.NEWSDESK_DEMO_USERS = False
    load_demo()
    counts = (
        NewsArticle.objects.count(),
        CategoryPage.objects.count(),
        Author.objects.count(),
        LiveEntry.objects.count(),
    )
    revisions = sum(story.revisions.count() for story in NewsArticle.objects.all())

    assert "(0 new)" in load_demo()
    assert counts == (
        NewsArticle.objects.count(),
        CategoryPage.objects.count(),
        Author.objects.count(),
        LiveEntry.objects.count(),
    )
    assert revisions == sum(story.revisions.count() for story in NewsArticle.objects.all())


def test_demo_logins_only_with_the_development_settings(settings):
    settings.NEWSDESK_DEMO_USERS = False
    output = load_demo()
    assert not get_user_model().objects.exists()
    assert "only created with the development settings" in output

    settings.NEWSDESK_DEMO_USERS = True
    output = load_demo()
    for username, password in [
        ("admin", "newsdesk-admin"),
        ("editor", "newsdesk-editor"),
        ("reporter", "newsdesk-reporter"),
    ]:
        assert f"{username} / {password}" in output
        assert get_user_model().objects.get(username=username).check_password(password)


def test_demo_users_hold_their_roles_through_groups_not_superuser_status(client, settings):
    settings.NEWSDESK_DEMO_USERS = True
    load_demo()
    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.is_superuser, [g.name for g in u.groups.all()]) for u in users] == [
        ("admin", True, ["Administrators"]),
        ("editor", False, ["Editors"]),
        ("reporter", False, ["Reporters"]),
    ]

    story = NewsArticle.objects.visible().first()
    for username, may_publish in [("reporter", False), ("editor", True)]:
        user = users.get(username=username)
        login = {"username": username, "password": f"newsdesk-{username}"}
        assert client.post("/admin/login/", login).status_code == 302
        assert client.get("/admin/").status_code == 200
        assert story.permissions_for_user(user).can_publish() is may_publish


def test_only_the_development_settings_enable_demo_users():
    from cms.settings import base, dev

    assert base.NEWSDESK_DEMO_USERS is False
    assert dev.NEWSDESK_DEMO_USERS is True
