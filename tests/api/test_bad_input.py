"""Bad input gets a 4xx that says what is wrong, never a 500, and changes nothing."""

import pytest
from wagtail.models import Page

from news.models import NewsArticle
from tests.api.conftest import bearer, token_for
from tests.factories import database_counts, make_author, make_story

pytestmark = pytest.mark.django_db

THIRTY_DIGITS = "9" * 30


@pytest.fixture
def client(client):
    # A crash must show up as the 500 a reader would get, not as an exception in the test.
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("endpoint", ["pages", "categories", "authors", "images", "documents"])
def test_find_by_an_id_that_is_not_a_number_is_a_400(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/find/?id=abc")
    assert response.status_code == 400
    assert response.json()["message"] == "id must be a whole number (got 'abc')"


@pytest.mark.parametrize("endpoint", ["pages", "categories", "images"])
def test_an_unknown_search_operator_is_a_400(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/?search=harbour&search_operator=xor")
    assert response.status_code == 400
    assert "search_operator must be one of and, or" in response.json()["message"]


@pytest.mark.parametrize("listing", ["/world/", "/authors/{author}/"])
def test_a_page_number_beyond_any_list_is_a_400_that_says_so(client, world, listing):
    author = make_author("Page Counter")
    make_story(world, authors=[author])
    response = client.get(listing.format(author=author.slug) + f"?page={THIRTY_DIGITS}")
    assert response.status_code == 400
    assert f"There is no page {THIRTY_DIGITS}" in response.content.decode()


def test_a_page_number_past_the_end_is_not_found(client, world):
    make_story(world, title="Only story")
    assert client.get("/world/?page=99").status_code == 404
    assert "Only story" in client.get("/world/?page=1").content.decode()


@pytest.fixture
def superuser_token(django_user_model):
    boss = django_user_model.objects.create_superuser("chief", "chief@newsroom.example", "pw")
    return bearer(token_for(boss))


def action(client, page, name, token, **body):
    return client.post(
        f"/api/v3/pages/{page.pk}/actions/{name}/", body, content_type="application/json", **token
    )


@pytest.mark.parametrize(
    ("name", "verb"), [("copy", "copied"), ("create_alias", "aliased"), ("move", "moved")]
)
def test_the_tree_root_cannot_be_copied_aliased_or_moved(
    client, world, superuser_token, name, verb
):
    root = Page.get_first_root_node()
    body = {"destination_id": world.pk} if name == "move" else {}
    before = database_counts()
    response = action(client, root, name, superuser_token, **body)
    assert response.status_code == 422
    assert response.json()["detail"] == f"The tree root cannot be {verb}: it holds every site."
    assert database_counts() == before


def test_nothing_can_be_moved_beside_the_tree_root(client, world, superuser_token):
    root = Page.get_first_root_node()
    path = world.path
    response = action(client, world, "move", superuser_token, destination_id=root.pk)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "destination_id"]
    world.refresh_from_db()
    assert world.path == path


@pytest.mark.parametrize("name", ["publish", "unpublish"])
def test_an_alias_is_published_through_its_original(client, world, editor_user, name):
    story = make_story(world, title="Original")
    alias = story.create_alias(parent=world, update_slug="original-alias")
    before = database_counts()
    response = action(client, alias, name, bearer(token_for(editor_user)))
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"Page {alias.pk} is an alias: it shows page {story.pk} and follows its publishing. "
        f"{name.capitalize()} page {story.pk} instead."
    )
    assert database_counts() == before
    assert NewsArticle.objects.get(pk=alias.pk).live


def test_without_a_token_an_impossible_action_is_still_a_401(client):
    root = Page.get_first_root_node()
    assert action(client, root, "copy", {}).status_code == 401


def test_possible_actions_still_work(client, world, superuser_token):
    story = make_story(world, title="Copied story")
    response = action(client, story, "copy", superuser_token, slug="copied-story-2")
    assert response.status_code == 201
    assert NewsArticle.objects.filter(slug="copied-story-2").exists()


def test_a_word_where_an_id_belongs_is_a_400(client, superuser_token):
    response = client.get("/api/v3/snippets/people.Author/abc/", **superuser_token)
    assert response.status_code == 400
    assert response.json()["detail"] == "Field 'id' expected a number but got 'abc'."
