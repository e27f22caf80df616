"""Authors are edited in the admin with drafts and revisions, like stories."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from people.models import Author

pytestmark = pytest.mark.django_db


def author_form(**overrides):
    data = {
        "name": "Asha Rao",
        "slug": "asha-rao",
        "role": "Business editor",
        "bio": rich_text('<p>Writes about <a href="https://example.org/markets">markets</a>.</p>'),
        "x_handle": "asharao",
        "email": "asha@newsroom.example",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_saving_a_draft_author_keeps_them_off_the_site(admin_client, client):
    response = admin_client.post("/admin/snippets/people/author/add/", author_form())
    assert response.status_code == 302
    author = Author.objects.get(slug="asha-rao")
    assert not author.live
    assert author.revisions.count() == 1
    assert client.get("/authors/asha-rao/").status_code == 404


def test_publishing_an_author_puts_their_page_online(admin_client, client):
    response = admin_client.post(
        "/admin/snippets/people/author/add/", {**author_form(), "action-publish": "publish"}
    )
    assert response.status_code == 302
    author = Author.objects.get(slug="asha-rao")
    assert author.live
    page = client.get("/authors/asha-rao/")
    assert page.status_code == 200
    assert b"Business editor" in page.content
    assert b"asha@newsroom.example" not in page.content


def test_an_invalid_handle_is_refused_with_the_reason(admin_client):
    response = admin_client.post(
        "/admin/snippets/people/author/add/", author_form(x_handle="@not valid!")
    )
    assert response.status_code == 200
    assert "Enter the handle without the @" in response.content.decode()
    assert not Author.objects.exists()


def test_slugs_are_unique(admin_client):
    Author.objects.create(name="Asha Rao", slug="asha-rao")
    response = admin_client.post("/admin/snippets/people/author/add/", author_form())
    assert response.status_code == 200
    assert Author.objects.count() == 1
