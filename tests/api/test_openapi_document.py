"""/api/v3/openapi.json as a client generator reads it: valid OpenAPI 3.1, as
openapi-spec-validator checks it, with public reads still documented as open to anyone."""

import pytest
from openapi_spec_validator import validate

from tests.factories import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_served_schema_passes_openapi_spec_validator(document):
    validate(document)  # raises, naming the first error, on an invalid document


def test_every_security_scheme_it_names_is_complete(document):
    # Wagtail 8.0.1 names an "AllowAnonymous" http scheme with no `scheme`; OpenAPI has no
    # such thing, and generators either fail or invent an auth header from it.
    schemes = document["components"]["securitySchemes"]
    assert schemes == {"BearerTokenAuth": {"type": "http", "scheme": "bearer"}}
    for scheme in schemes.values():
        assert scheme["type"] != "http" or scheme.get("scheme")


def test_public_reads_still_say_a_token_is_optional(document):
    story_detail = document["paths"]["/api/v3/pages/{page_id}/"]["get"]
    assert story_detail["security"] == [{"BearerTokenAuth": []}, {}]
    # Writes still need the token: the correction touches public reads only.
    story_update = document["paths"]["/api/v3/pages/{page_id}/"]["patch"]
    assert story_update["security"] == [{"BearerTokenAuth": []}]
    named = {
        name
        for operations in document["paths"].values()
        for operation in operations.values()
        for requirement in operation.get("security", [])
        for name in requirement
    }
    assert named == {"BearerTokenAuth"}


def test_an_anonymous_reader_still_reads_a_story_through_the_api(client, world):
    story = make_story(world)
    response = client.get(f"/api/v3/pages/{story.pk}/")
    assert response.status_code == 200
    assert response.json()["meta"]["type"] == "news.NewsArticle"


def test_no_array_leaves_its_items_untyped(document):
    # A generator turns `items: {}` into unknown[]: a story's body would be written blind.
    untyped = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "array" and node.get("items", {}) in ({}, True):
                untyped.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(document, "#")
    assert untyped == []
    body = document["components"]["schemas"]["NewsArticleCreateSchema"]["properties"]["body"]
    assert body["items"]["discriminator"]["propertyName"] == "type"
