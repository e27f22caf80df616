"""The "New story" button: on the dashboard and in a section's listing, asking for the section
only when the writer may file in more than one, and offering only those."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from news.desk.workflow import REPORTERS
from tests import factories
from tests.api.conftest import make_newsroom_user
from tests.desk.conftest import add_story_url

pytestmark = pytest.mark.django_db


def new_story_button(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    button = page.select_one("a[data-new-story]")
    return button["href"] if button else None


@pytest.fixture
def sections(world):
    business, sport = factories.make_section("Business"), factories.make_section("Sport")
    # Sport's desk takes no reporters' copy: its grant is withdrawn.
    GroupPagePermission.objects.filter(group=Group.objects.get(name=REPORTERS), page=sport).delete()
    return world, business, sport


def test_the_dashboard_button_asks_only_for_the_sections_the_reporter_may_file_in(
    client, rita, sections
):
    world, business, _ = sections
    client.force_login(rita)
    assert new_story_button(client, "/admin/") == "/admin/new-story/"

    page = BeautifulSoup(client.get("/admin/new-story/").content, "html.parser")
    links = page.select("[data-new-story-sections] a")
    offered = [(link.get_text(strip=True), link["href"]) for link in links]
    assert offered == [("World", add_story_url(world)), ("Business", add_story_url(business))]


def test_with_one_section_to_file_in_the_button_goes_straight_to_the_editor(
    client, sections, django_user_model
):
    world, _, _ = sections
    stringer = make_newsroom_user(django_user_model, "stringer", "add", "change", page=world)
    client.force_login(stringer)
    assert new_story_button(client, "/admin/") == add_story_url(world)
    response = client.get("/admin/new-story/")
    assert (response.status_code, response["Location"]) == (302, add_story_url(world))


def test_a_sections_listing_has_a_new_story_button_for_that_section(client, rita, sections):
    world, _, sport = sections
    client.force_login(rita)
    assert new_story_button(client, f"/admin/pages/{world.pk}/") == add_story_url(world)
    assert new_story_button(client, f"/admin/pages/{sport.pk}/") is None
    assert new_story_button(client, f"/admin/pages/{world.get_parent().pk}/") is None


def test_someone_who_may_file_nowhere_is_told_so(client, world, django_user_model):
    client.force_login(make_newsroom_user(django_user_model, "visitor"))
    assert new_story_button(client, "/admin/") is None
    page = BeautifulSoup(client.get("/admin/new-story/").content, "html.parser")
    assert "You may not file stories in any section yet" in page.get_text()
