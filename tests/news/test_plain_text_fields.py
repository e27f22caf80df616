"""Plain-text fields never carry markup, whichever way it comes in: an import, the admin, or an
API v3 write. Text that only looks like markup (AT&T, 5 < 6) is left as written."""

import pytest
from wagtail.test.utils.form_data import rich_text

from news.models import NewsArticle
from people.models import Author
from tests.api.conftest import bearer, make_newsroom_user, token_for
from tests.factories import make_story
from tests.importers.conftest import one_post_export, run_wordpress_import
from tests.news.test_story_editor import add_url, story_form
from tests.people.test_author_admin import author_form

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror="alert(1)">'
LEGITIMATE = "AT&T says 5 < 6"


def assert_no_markup(*texts):
    for text in texts:
        assert "<img" not in text and "onerror" not in text


def test_an_import_strips_markup_from_headline_summary_and_byline(client, tmp_path, world):
    export = one_post_export(
        tmp_path,
        title="Bird market reopens&lt;img src=x onerror=alert(1)&gt;",
        excerpt=f"&lt;img src=x onerror=alert(1)&gt;{LEGITIMATE.replace('&', '&amp;')}",
    )
    hostile_byline = export.read_text().replace("Mrityunjoy Kumar Jha", f"Ann{HOSTILE}")
    export.write_text(hostile_byline)
    _, err, failure = run_wordpress_import(export, media_root=None)
    assert failure == "", err

    story = NewsArticle.objects.get(import_source="wordpress:901")
    assert story.title == "Bird market reopens"
    assert story.summary == LEGITIMATE
    assert [author.name for author in story.byline] == ["Ann"]
    served = client.get(f"/api/v2/pages/{story.pk}/").content.decode()
    assert_no_markup(served, client.get(f"/api/v3/pages/{story.pk}/").content.decode())
    assert "AT&T says 5 < 6" in served


def test_the_admin_strips_markup_from_a_story_and_its_corrections(admin_client, world, reporter):
    form = story_form(
        reporter,
        [("lede", rich_text("<p>It began.</p>"))],
        title=f"Harbour{HOSTILE} reopens",
        corrections=[
            {
                "id": "",
                "kind": "correction",
                "noted_at": "2026-11-20 09:30",
                "text": HOSTILE + "Fixed.",
            }
        ],
    )
    form.update(
        {
            "summary": HOSTILE + LEGITIMATE,
            "lead_image_caption": HOSTILE,
            "lead_image_credit": "AP",
            "tags": f"{HOSTILE}Floods, Harbour, {HOSTILE}",
        }
    )
    response = admin_client.post(add_url(world), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    draft = NewsArticle.objects.get(slug="terror-vs-terror").get_latest_revision_as_object()
    assert draft.title == "Harbour reopens"
    assert draft.summary == LEGITIMATE
    assert draft.lead_image_caption == ""
    assert [note.text for note in draft.corrections.all()] == ["Fixed."]
    assert sorted(tag.name for tag in draft.tags.all()) == ["Floods", "Harbour"]


def test_the_admin_strips_markup_from_an_author(admin_client):
    form = author_form(name=f"Asha{HOSTILE} Rao", role=f"{LEGITIMATE}{HOSTILE}")
    response = admin_client.post("/admin/snippets/people/author/add/", form)
    assert response.status_code == 302
    author = Author.objects.get(slug="asha-rao")
    assert (author.name, author.role) == ("Asha Rao", LEGITIMATE)


def test_an_api_write_strips_markup(client, world, django_user_model):
    editor_user = make_newsroom_user(django_user_model, "editor", "add", "change", "publish")
    story = make_story(world, title="Harbour reopens", publish=False)
    token = bearer(token_for(editor_user))
    url = f"/api/v3/pages/{story.pk}/"
    etag = client.get(f"{url}?version=draft", **token).get("ETag")
    response = client.patch(
        url,
        {"title": f"Harbour{HOSTILE} reopens", "summary": f"&lt;img onerror=x&gt;{LEGITIMATE}"},
        content_type="application/json",
        **token,
        **({"HTTP_IF_MATCH": etag} if etag else {}),
    )
    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["summary"]) == ("Harbour reopens", LEGITIMATE)
    story.refresh_from_db()
    draft = story.get_latest_revision_as_object()
    assert (draft.title, draft.summary) == ("Harbour reopens", LEGITIMATE)
