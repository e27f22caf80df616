"""A newsroom of people with roles, and the admin requests they make, as a browser would."""

import pytest
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests import factories


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
