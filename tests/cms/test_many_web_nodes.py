"""Two web nodes sharing PostgreSQL and Redis, as behind a load balancer: what an editor does
through one is what a reader gets from the other on their very next request, although each
node serves readers from the shared response cache.

Both are gunicorn with our configuration on loopback ports, on a database `migrate` alone set
up (tests/fresh_newsroom.py), with a redis-server of the test's own as their cache.
"""

import pytest
import requests

from tests.cms.test_migrate_is_the_whole_setup import HEADLINE, SEED_ARTICLE, bearer

pytestmark = pytest.mark.only_on_database(
    "postgresql",
    why="web nodes on several machines share a database server; SQLite is one machine's file",
)

TITLE_IN_PAGES = "ISIS-K using Taliban"


def reader_views(node, page_path, story_id):
    """What a reader gets from `node`: the story page, an API listing, the API detail, the
    feed, the front page; each (status, whether it shows the story, X-Cache)."""
    seen = {}
    for name, path, shows in (
        ("page", f"/{page_path}", lambda r: TITLE_IN_PAGES in r.text),
        ("api list", "/api/v2/pages/?type=news.NewsArticle", lambda r: HEADLINE in r.text),
        ("api detail", f"/api/v2/pages/{story_id}/", lambda r: r.status_code == 200),
        ("api v3", f"/api/v3/pages/{story_id}/", lambda r: r.status_code == 200),
        ("feed", "/feed/", lambda r: TITLE_IN_PAGES in r.text),
        ("front", "/", lambda r: TITLE_IN_PAGES in r.text),
    ):
        response = requests.get(node + path, timeout=30)
        assert response.status_code in (200, 404), (name, response.status_code)
        seen[name] = (shows(response), response.headers.get("X-Cache"))
    return seen


def shown(views):
    return {name: shows for name, (shows, _) in views.items()}


def test_a_publish_through_one_node_is_served_by_the_other_at_once(newsroom, redis_server):
    room = newsroom(REDIS_URL=redis_server.url, TASKS_URL="database")
    token = room.editor_token()
    room.manage("import_articles", str(SEED_ARTICLE))
    node_a, node_b = room.web_node(), room.web_node()

    draft = requests.get(
        f"{node_a}/api/v3/pages/",
        params={"type": "news.NewsArticle", "fields": "html_url"},
        headers=bearer(token),
        timeout=30,
    ).json()["items"][0]
    story_id = draft["id"]
    page_path = draft["meta"]["html_url"].split("://", 1)[1].partition("/")[2]
    nothing = dict.fromkeys(("page", "api list", "api detail", "api v3", "feed", "front"), False)
    everything = dict.fromkeys(nothing, True)

    # Node B's readers have cached every view without the story.
    assert shown(reader_views(node_b, page_path, story_id)) == nothing
    cached = reader_views(node_b, page_path, story_id)
    assert shown(cached) == nothing
    assert {cached[name][1] for name in ("api list", "feed", "front")} == {"hit"}

    published = requests.post(
        f"{node_a}/api/v3/pages/{story_id}/actions/publish/", headers=bearer(token), timeout=60
    )
    assert published.status_code == 200, published.text
    assert shown(reader_views(node_b, page_path, story_id)) == everything
    assert shown(reader_views(node_b, page_path, story_id)) == everything  # now cached on B

    # And the other way: taken down through B, gone from A at once, cached or not.
    assert shown(reader_views(node_a, page_path, story_id)) == everything
    unpublished = requests.post(
        f"{node_b}/api/v3/pages/{story_id}/actions/unpublish/", headers=bearer(token), timeout=60
    )
    assert unpublished.status_code == 200, unpublished.text
    assert shown(reader_views(node_a, page_path, story_id)) == nothing
