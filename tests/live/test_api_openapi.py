"""Live coverage in API v3's OpenAPI document: the cursor endpoint and the coverage detail are
typed down to each entry block, with the schemas a story's own blocks use."""

import pytest
from openapi_spec_validator import validate

from live.blocks import LiveEntryBlock

pytestmark = pytest.mark.django_db

ENTRIES_PATH = "/api/v3/live/{coverage_id}/entries/"


@pytest.fixture
def document(client):
    return client.get("/api/v3/openapi.json").json()


def resolve(document, node):
    while "$ref" in node:
        node = document["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def entry_schema(document, status):
    entries = resolve(document, {"$ref": "#/components/schemas/EntriesPage"})["properties"]
    union = entries["entries"]["items"]
    return resolve(document, {"$ref": union["discriminator"]["mapping"][status]})


def test_the_document_with_live_coverage_is_valid(document):
    validate(document)


def test_the_cursor_endpoint_is_typed_with_its_parameters(document):
    operation = document["paths"][ENTRIES_PATH]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"coverage_id", "since", "limit"}
    limit = parameters["limit"]["schema"]["anyOf"][0]
    assert (limit["minimum"], limit["maximum"]) == (1, 100)
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/EntriesPage"}


def test_an_entry_is_published_or_withdrawn_told_apart_by_status(document):
    published = entry_schema(document, "published")
    withdrawn = entry_schema(document, "withdrawn")
    assert set(withdrawn["properties"]) == {"id", "sequence", "status"}
    assert {"body", "authors", "corrections", "html", "url", "posted_at"} <= set(
        published["properties"]
    )


def test_entry_blocks_are_the_story_blocks_an_entry_may_hold(document):
    body = entry_schema(document, "published")["properties"]["body"]["items"]
    mapping = body["discriminator"]["mapping"]
    assert set(mapping) == set(LiveEntryBlock.base_blocks)
    story_body = document["components"]["schemas"]["NewsArticleSchema"]["properties"]["body"]
    # The same schema for a block in an entry as in a story.
    for block_type, schema in mapping.items():
        assert story_body["items"]["discriminator"]["mapping"][block_type] == schema


def test_the_coverage_detail_is_in_the_page_union_with_its_live_state(document):
    detail = document["paths"]["/api/v3/pages/{page_id}/"]["get"]["responses"]["200"]
    union = detail["content"]["application/json"]["schema"]
    assert "live.LiveCoverage" in union["discriminator"]["mapping"]
    coverage = resolve(document, {"$ref": union["discriminator"]["mapping"]["live.LiveCoverage"]})
    live = resolve(document, coverage["properties"]["live"]["anyOf"][0])
    assert {"status", "cursor", "entries_url", "entries", "pinned", "key_events"} <= set(
        live["properties"]
    )
    assert (
        coverage["properties"]["body"]
        == (document["components"]["schemas"]["NewsArticleSchema"]["properties"]["body"])
    )
