"""Sections are the newsroom's structure: editors make them, reporters file stories in them.

Every route that can put a page on the home page is tried as a reporter, with a request that
is valid in every way but the permission: the reporter owns the draft section they copy or
move, so only the home page's refusal stands between them and a new section.
"""

import pytest
from wagtail.models import Page

from news.models import CategoryPage, NewsArticle
from tests.api.conftest import bearer, token_for
from tests.factories import home_page, make_section

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def v3(client, user, method, url, data):
    call = getattr(client, method)
    return call(url, data, content_type="application/json", **bearer(token_for(user)))


@pytest.fixture
def own_draft_section(rita):
    """A draft section that a reporter owns, as one made before sections were guarded would be,
    between two others, so that moving it to either end of the home page changes its place."""
    make_section("World")
    section = CategoryPage(title="Sport", slug="sport", live=False, owner=rita)
    home_page().add_child(instance=section)
    make_section("Business")
    return section


def sections_named(slug):
    return CategoryPage.objects.filter(slug=slug).count()


def v3_create(client, user, section):
    data = {"meta": {"type": "news.CategoryPage", "parent_id": home_page().pk}, "title": "Opinion"}
    return v3(client, user, "post", PAGES, data), sections_named("opinion") == 1


def v3_copy(client, user, section):
    data = {"destination_id": home_page().pk, "slug": "sport-two", "title": "Sport two"}
    data["keep_live"] = False  # publishing the copy would be refused on its own account
    response = v3(client, user, "post", f"{PAGES}{section.pk}/actions/copy/", data)
    return response, sections_named("sport-two") == 1


def v3_alias(client, user, section):
    # An alias is live at once, so Wagtail also wants publish at the destination: covered so
    # that this route stays closed, whichever check refuses it.
    data = {"destination_id": home_page().pk, "slug": "sport-alias"}
    response = v3(client, user, "post", f"{PAGES}{section.pk}/actions/create_alias/", data)
    return response, sections_named("sport-alias") == 1


def moved(section, path_before):
    return Page.objects.get(pk=section.pk).path != path_before


def v3_move(client, user, section):
    path = section.path
    data = {"destination_id": home_page().pk, "position": "first-child"}
    return v3(client, user, "post", f"{PAGES}{section.pk}/actions/move/", data), moved(
        section, path
    )


def admin_add(client, user, section):
    form = {"title": "Opinion", "slug": "opinion", "intro": "", "comments-TOTAL_FORMS": "0"}
    form |= {"comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}
    client.force_login(user)
    response = client.post(f"/admin/pages/add/news/categorypage/{home_page().pk}/", form)
    return response, sections_named("opinion") == 1


def admin_copy(client, user, section):
    form = {"new_title": "Sport two", "new_slug": "sport-two", "new_parent_page": home_page().pk}
    client.force_login(user)
    response = client.post(f"/admin/pages/{section.pk}/copy/", form)
    return response, sections_named("sport-two") == 1


def admin_move(client, user, section):
    path = section.path
    client.force_login(user)
    response = client.post(f"/admin/pages/{section.pk}/move/{home_page().pk}/confirm/")
    return response, moved(section, path)


def admin_bulk_move(client, user, section):
    path = section.path
    client.force_login(user)
    url = f"/admin/bulk/wagtailcore/page/move/?id={section.pk}&next=/admin/pages/"
    response = client.post(url, {"chooser": home_page().pk})
    return response, moved(section, path)


DENIED = (403, None)
# The admin sends whoever it refuses back to the dashboard, with a message.
TO_THE_DASHBOARD = (302, "/admin/")
# Its copy and bulk-move forms answer a refused destination with the form again, naming it.
FORM_AGAIN = (200, None)

# (route, answer when refused, status when allowed)
ROUTES = [
    (v3_create, DENIED, 201),
    (v3_copy, DENIED, 201),
    (v3_alias, DENIED, 201),
    (v3_move, DENIED, 200),
    (admin_add, TO_THE_DASHBOARD, 302),
    (admin_copy, FORM_AGAIN, 302),
    (admin_move, TO_THE_DASHBOARD, 302),
    (admin_bulk_move, FORM_AGAIN, 302),
]


@pytest.mark.parametrize(
    ("route", "refused", "allowed"), ROUTES, ids=lambda r: getattr(r, "__name__", "")
)
def test_no_route_lets_a_reporter_make_a_section(
    client, rita, own_draft_section, route, refused, allowed
):
    response, took_effect = route(client, rita, own_draft_section)
    assert (response.status_code, response.get("Location")) == refused
    assert not took_effect


@pytest.mark.parametrize(
    ("route", "refused", "allowed"), ROUTES, ids=lambda r: getattr(r, "__name__", "")
)
def test_editors_still_make_sections_every_way(
    client, ed, own_draft_section, route, refused, allowed
):
    response, took_effect = route(client, ed, own_draft_section)
    assert response.status_code == allowed, response.content[:500]
    assert took_effect


def test_a_section_an_editor_just_made_takes_reporters_stories(client, rita, ed):
    data = {"meta": {"type": "news.CategoryPage", "parent_id": home_page().pk}, "title": "Climate"}
    section_id = v3(client, ed, "post", PAGES, data).json()["id"]

    story = {"meta": {"type": "news.NewsArticle", "parent_id": section_id}, "title": "Heatwave"}
    story["body"] = [{"type": "lede", "value": "<p>The hottest day.</p>"}]
    response = v3(client, rita, "post", PAGES, story)
    assert response.status_code == 201, response.content
    assert NewsArticle.objects.get(pk=response.json()["id"]).get_parent().pk == section_id


def test_reporters_still_file_in_every_existing_section(client, rita):
    for section in [make_section("World"), make_section("Business")]:
        story = {"meta": {"type": "news.NewsArticle", "parent_id": section.pk}}
        story |= {"title": f"Filed in {section.title}", "body": []}
        assert v3(client, rita, "post", PAGES, story).status_code == 201
