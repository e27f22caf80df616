"""Every fresh install has the newsroom's roles and exactly one review desk."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Workflow

from news.desk.workflow import ADMINISTRATORS, EDITORS, REPORTERS
from tests.factories import home_page, make_section

pytestmark = pytest.mark.django_db


def test_wagtails_starter_groups_became_the_newsrooms_roles():
    assert set(Group.objects.values_list("name", flat=True)) == {
        REPORTERS,
        EDITORS,
        ADMINISTRATORS,
        # The reporters the live desk trusts to publish entries at once (live/migrations).
        "Live editors",
    }


def test_one_desk_reviews_every_section_present_and_future():
    assert list(Workflow.objects.active().values_list("name", flat=True)) == ["Newsroom review"]
    [task] = Workflow.objects.get(name="Newsroom review").tasks.specific()
    assert task.get_form_for_action("reject")().fields["comment"].required
    assert {group.name for group in task.groups.all()} == {EDITORS, ADMINISTRATORS}

    assert home_page().get_workflow().name == "Newsroom review"
    assert make_section("Sport").get_workflow().name == "Newsroom review"


def test_reporters_may_add_in_each_section_and_nowhere_above():
    world, sport = make_section("World"), make_section("Sport")
    reporters = GroupPagePermission.objects.filter(group__name=REPORTERS)
    assert {(grant.page_id, grant.permission.codename) for grant in reporters} == {
        (world.pk, "add_page"),
        (sport.pk, "add_page"),
    }
