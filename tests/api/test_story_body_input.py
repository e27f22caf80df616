"""API v3 writes take a story's body typed block by block: a malformed item is a 422 naming
what is wrong, and changes nothing; a well-formed body saves."""

import pytest

from tests.api.conftest import bearer, every_block, token_for
from tests.factories import make_image, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a crash must show as the 500 a client would get
    return client


@pytest.fixture
def story(world):
    return make_story(world, title="Harbour reopens", publish=False)


def patch_body(client, story, body, user):
    token = bearer(token_for(user))
    url = f"/api/v3/pages/{story.pk}/"
    # Sends the story's current ETag when the API gives one (writes may require If-Match).
    etag = client.get(f"{url}?version=draft", **token).get("ETag")
    conditions = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.patch(url, {"body": body}, content_type="application/json", **token, **conditions)


def names(response, where):
    """Whether an error's location ends with `where` (API v3 puts the page type before it)."""
    return any(tuple(error["loc"][-len(where) :]) == where for error in response.json()["errors"])


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ("a paragraph as a bare string", ("body", 0)),
        ({"value": "<p>No type</p>"}, ("body", 0)),
        ({"type": "sidebar", "value": "<p>Unknown</p>"}, ("body", 0)),
        ({"type": "heading"}, ("body", 0, "heading", "value")),
        (
            {"type": "image", "value": {"image": "harbour.jpg"}},
            ("body", 0, "image", "value", "image"),
        ),
        (
            {"type": "tweet", "value": {"text": "No link"}},
            ("body", 0, "tweet", "value", "url"),
        ),
        (
            {"type": "tweet", "value": "https://x.com/a/status/1"},
            ("body", 0, "tweet", "value"),
        ),
        (
            {"type": "embed", "value": {"title": "No address"}},
            ("body", 0, "embed", "value", "url"),
        ),
        (
            {"type": "table", "value": {"data": "Ward,Homes"}},
            ("body", 0, "table", "value", "data"),
        ),
        (
            {"type": "gallery", "value": {"images": [{"image": "quay.jpg"}]}},
            ("body", 0, "gallery", "value", "images", 0, "image"),
        ),
        (
            {"type": "quote", "value": {"text": "Hi", "speaker": "Mayor"}},
            ("body", 0, "quote", "value", "speaker"),
        ),
    ],
)
def test_a_malformed_body_item_is_a_422_naming_it(client, story, editor_user, item, where):
    before = story.get_latest_revision().pk
    response = patch_body(client, story, [item], editor_user)
    assert response.status_code == 422
    assert names(response, where)
    story.refresh_from_db()
    assert story.get_latest_revision().pk == before


def test_a_body_of_every_kind_of_block_saves(client, world, story, editor_user):
    linked = make_story(world, title="Linked")
    body = every_block(make_image("Harbour"), linked)
    response = patch_body(client, story, body, editor_user)
    assert response.status_code == 200, response.content
    story.refresh_from_db()
    saved = story.get_latest_revision_as_object().body
    assert [block.block_type for block in saved] == [item["type"] for item in body]
    assert saved[3].value["date"].isoformat() == "2024-05-01"
    assert saved[5].value["image"].title == "Harbour"


def test_the_schema_documents_each_block_as_written(client):
    schema = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    items = schema["NewsArticlePatchSchema"]["properties"]["body"]["items"]
    assert set(items["discriminator"]["mapping"]) == {
        "lede",
        "paragraph",
        "heading",
        "tweet",
        "related_link",
        "image",
        "quote",
        "gallery",
        "embed",
        "table",
    }
    assert schema["CaptionedImageInput"]["properties"]["image"]["type"] == "integer"


def test_an_embed_of_a_site_we_cannot_embed_is_refused_and_changes_nothing(
    client, story, editor_user
):
    before = story.get_latest_revision().pk
    item = {"type": "embed", "value": {"url": "https://tracker.example/watch?v=1"}}
    response = patch_body(client, story, [item], editor_user)
    # Wagtail's API v3 reports a block's own validation as the body's (as for a tweet's URL).
    assert response.status_code == 422
    assert names(response, ("body",))
    story.refresh_from_db()
    assert story.get_latest_revision().pk == before
