"""A newsroom of people with roles, and the admin requests they make, as a browser would."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.workflow import ADMINISTRATORS, EDITORS, REPORTERS
from tests import factories


def make_user(username, role, full_name):
    first_name, _, last_name = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@newsroom.example",
        password="password",
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def rita(db):
    return make_user("rita", REPORTERS, "Rita Reporter")


@pytest.fixture
def raj(db):
    """A second reporter, whose stories Rita may not touch."""
    return make_user("raj", REPORTERS, "Raj Reporter")


@pytest.fixture
def ed(db):
    return make_user("ed", EDITORS, "Ed Editor")


@pytest.fixture
def ada(db):
    """An administrator by group membership alone, not a superuser."""
    return make_user("ada", ADMINISTRATORS, "Ada Admin")


@pytest.fixture
def byline(db):
    return factories.make_author("Mrityunjoy Kumar Jha")


def story_form(byline, story=None, title="Floods in the delta", body=None, **fields):
    """What the page editor posts for a new story, or for `story` as it stands."""
    links = list(story.story_authors.all()) if story else []
    authors = [{"id": str(link.pk), "author": str(link.author_id)} for link in links]
    return nested_form_data(
        {
            "title": title,
            "slug": story.slug if story else slugify(title),
            "summary": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
            "tags": "",
            "story_authors": inline_formset(
                authors or [{"id": "", "author": str(byline.pk)}], initial=len(links), min=1
            ),
            "comments": inline_formset([]),
            "corrections": inline_formset([]),
            "body": streamfield(body or [("lede", rich_text("<p>Water rose overnight.</p>"))]),
            **fields,
        }
    )


def add_story_url(section):
    return f"/admin/pages/add/news/newsarticle/{section.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def workflow_action_url(page, action):
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{page.current_workflow_task_state.pk}/"
