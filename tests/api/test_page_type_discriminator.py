"""API v3 pages carry their type at the top (`type`, the same as `meta.type`), and the OpenAPI
document names it as the discriminator of every page union, so a generated client narrows a
page with `if (page.type === "news.NewsArticle")` (tests/typescript/story.ts)."""

import json

import pytest
from wagtail.models import get_page_models

from news.models import SerializedStory
from tests.api.conftest import bearer, token_for
from tests.factories import home_page, make_story

pytestmark = pytest.mark.django_db

PAGE_TYPES = {model._meta.label for model in get_page_models()}


@pytest.fixture
def document(client):
    return client.get("/api/v3/openapi.json").json()


def schema_at(document, ref):
    return document["components"]["schemas"][ref.removeprefix("#/components/schemas/")]


def detail_union(document):
    operation = document["paths"]["/api/v3/pages/{page_id}/"]["get"]
    return operation["responses"]["200"]["content"]["application/json"]["schema"]


def page_unions(document):
    """Every `oneOf` in the document's operations with a page's read schema among its members."""
    page_schemas = {member["$ref"] for member in detail_union(document)["oneOf"]}
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            if page_schemas & {member.get("$ref") for member in node.get("oneOf", [])}:
                found.append((where, node))
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(document["paths"], "#/paths")
    return found


def test_the_page_detail_is_a_union_discriminated_by_type_over_every_page_model(document):
    detail = detail_union(document)
    discriminator = detail["discriminator"]
    assert discriminator["propertyName"] == "type"
    assert set(discriminator["mapping"]) == PAGE_TYPES
    assert sorted(discriminator["mapping"].values()) == sorted(m["$ref"] for m in detail["oneOf"])
    for page_type, ref in discriminator["mapping"].items():
        schema = schema_at(document, ref)
        # A single value per schema, and always there: what lets a client narrow by it.
        assert schema["properties"]["type"]["const"] == page_type
        assert "type" in schema["required"]
        # Additive: meta.type stays, with the same single value.
        meta = schema_at(document, schema["properties"]["meta"]["$ref"])
        assert meta["properties"]["type"]["const"] == page_type


def test_every_union_of_pages_in_the_document_names_its_discriminator(document):
    # Find, writes, actions and revisions answer with the same union: each says so too.
    unions = page_unions(document)
    assert len(unions) > 1
    for where, union in unions:
        assert union.get("discriminator", {}).get("propertyName") == "type", where
        assert set(union["discriminator"]["mapping"]) == PAGE_TYPES, where


def test_a_listing_item_declares_its_type_among_the_page_types(document):
    listing = document["paths"]["/api/v3/pages/"]["get"]["responses"]["200"]
    paged = schema_at(document, listing["content"]["application/json"]["schema"]["$ref"])
    item = schema_at(document, paged["properties"]["items"]["items"]["$ref"])
    assert set(item["properties"]["type"]["enum"]) == PAGE_TYPES
    assert "type" in item["required"]


def pages_of_every_kind(world):
    story = make_story(world)
    return [home_page(), world, story]


def test_every_page_detail_carries_its_type_beside_meta_type(client, world, uncached):
    for page in pages_of_every_kind(world):
        # Twice: the second answer for a story comes from its stored JSON (news/api/stored.py).
        for _ in range(2):
            page_json = client.get(f"/api/v3/pages/{page.pk}/").json()
            assert page_json["type"] == page_json["meta"]["type"] == page.specific_class._meta.label


def test_a_token_holder_and_a_draft_carry_the_type_too(client, world, editor_user):
    story = make_story(world)
    story.title = "A draft headline"
    story.save_revision()
    headers = bearer(token_for(editor_user))
    for query in ("", "?version=draft"):
        page_json = client.get(f"/api/v3/pages/{story.pk}/{query}", **headers).json()
        assert page_json["type"] == page_json["meta"]["type"] == "news.NewsArticle"
    assert page_json["title"] == "A draft headline"


def test_every_listing_item_carries_its_type(client, world):
    pages_of_every_kind(world)
    for query in ("", "?type=news.NewsArticle", "?type=news.NewsArticle&type=news.CategoryPage"):
        items = client.get(f"/api/v3/pages/{query}").json()["items"]
        assert items, query
        for item in items:
            assert item["type"] == item["meta"]["type"] in PAGE_TYPES, query
    every = client.get("/api/v3/pages/").json()["items"]
    assert {item["type"] for item in every} >= {"home.HomePage", "news.NewsArticle"}


def test_a_page_found_by_its_path_carries_its_type(client, world):
    story = make_story(world)
    found = client.get(f"/api/v3/pages/find/?html_path={world.slug}/{story.slug}/", follow=True)
    assert found.status_code == 200
    assert found.json()["id"] == story.pk
    assert found.json()["type"] == found.json()["meta"]["type"] == "news.NewsArticle"


def test_json_stored_before_the_type_was_added_is_never_served(client, world, uncached):
    # A deployment upgraded in place still holds details stored without `type`; they must be
    # serialised again, not served as they are.
    story = make_story(world)
    client.get(f"/api/v3/pages/{story.pk}/")
    (stored,) = SerializedStory.objects.filter(story=story, shape__startswith="v3:")
    old = json.loads(stored.content)
    del old["type"]
    SerializedStory.objects.filter(pk=stored.pk).update(shape="v3:detail", content=json.dumps(old))

    page_json = client.get(f"/api/v3/pages/{story.pk}/").json()

    assert page_json["type"] == "news.NewsArticle"
