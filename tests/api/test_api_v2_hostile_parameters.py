"""API v2 has no OpenAPI schema, so hypothesis drives it over its documented parameters
(docs/api.md) with hostile values: huge and negative numbers, words where ids belong, NUL,
lone quotes, unknown fields and orders, `site=host:notaport`. No answer may be a server error,
and every answer is JSON (or, from `find`, a redirect to the page's API address).
"""

from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.api.conftest import every_block
from tests.factories import make_author, make_image, make_story

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v2/pages/",
    "/api/v2/pages/find/",
    "/api/v2/pages/{story}/",
    "/api/v2/categories/",
    "/api/v2/authors/",
    "/api/v2/authors/find/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v2/preview/",
]
PARAMETERS = [
    "type", "fields", "order", "limit", "offset", "search", "search_operator", "site",
    "child_of", "descendant_of", "ancestor_of", "id", "html_path", "locale", "token",
    "rich_text_format", "category", "author", "tag", "published_after", "published_before",
    "show_in_menus", "title", "slug",
]  # fmt: skip
HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            "news.NewsArticle", "news.CategoryPage", "wagtailcore.Page", "news.Nope", "*",
            "-title", "title", "random", "-", "_,title", "body(x)", "parent(*)", "-*",
            "host:notaport", "localhost:99999999999", '"', "'", "\x00", "and", "xor",
            "world", "/world/", "2024-05-01", "2024-13-45", "99999-01-01", "9" * 30,
            "-1", "0", "html", "abc",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=12),
)  # fmt: skip


@pytest.fixture
def story(world):
    author = make_author("Hostile Reader")
    author.save_revision().publish()
    linked = make_story(world, title="Linked")
    return make_story(
        world, authors=[author], tags=["contract"], body=every_block(make_image(), linked)
    )


def test_api_v2_never_answers_a_server_error(client, story):
    client.raise_request_exception = False  # a crash is the 500 a front end would get

    @given(
        endpoint=st.sampled_from(ENDPOINTS),
        query=st.dictionaries(st.sampled_from(PARAMETERS), HOSTILE_VALUES, max_size=4),
    )
    @settings(
        max_examples=300,
        derandomize=True,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def ask(endpoint, query):
        response = client.get(endpoint.format(story=story.pk), query)
        assert response.status_code < 500, (endpoint, query, response.content[:300])
        if response.status_code == 302:  # `find` answers with the page's own address
            assert urlsplit(response["Location"]).path.startswith("/api/v2/"), query
        else:
            assert response["Content-Type"].startswith("application/json")

    ask()
