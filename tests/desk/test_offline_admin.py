"""The admin and the API docs work offline and behind a firewall: nothing loads from elsewhere."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def assets(html):
    return re.findall(r'(?:src|href)="([^"]*)"', html)


def test_the_admin_asks_no_gravatar_for_a_face(client, ed):
    client.force_login(ed)
    html = client.get("/admin/").content.decode()
    assert "avatar" in html  # the account menu's picture is still there, as initials
    assert "gravatar" not in html.lower()


def test_the_api_docs_load_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    scripts_and_styles = [url for url in assets(response.content.decode()) if "." in url]
    assert any(url.endswith("swagger-ui-bundle.js") for url in scripts_and_styles)
    for url in scripts_and_styles:
        assert url.startswith("/static/"), f"{url} loads from another origin"
        assert finders.find(url.removeprefix("/static/")), f"{url} is not in our static files"
