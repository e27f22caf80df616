"""`manage.py migrate` is all a new deployment runs before serving (as every Docker entrypoint
and platform does): no createcachetable, no other command. On a database it alone set up, the
newsroom imports, publishes and serves, and its worker runs the background tasks."""

import requests

from tests.fresh_newsroom import ROOT

SEED_ARTICLE = ROOT / "tests" / "fixtures" / "seed-article.txt"
HEADLINE = "Terror vs Terror: ISIS-K using Taliban’s own killing tools to step up the heat"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_database_set_up_by_migrate_alone_imports_publishes_and_serves(newsroom):
    # The deployment's defaults: tasks in the database, the response cache on.
    room = newsroom(TASKS_URL="database")
    token = room.editor_token()
    imported = room.manage("import_articles", str(SEED_ARTICLE))
    assert "(created, draft)" in imported

    site = room.web_node()
    drafts = requests.get(
        f"{site}/api/v3/pages/",
        params={"type": "news.NewsArticle", "fields": "title,html_url"},
        headers=bearer(token),
        timeout=30,
    ).json()["items"]
    assert [story["title"] for story in drafts] == [HEADLINE]
    story_id, page_url = drafts[0]["id"], drafts[0]["meta"]["html_url"]
    page_path = page_url.split("://", 1)[1].partition("/")[2]
    assert requests.get(f"{site}/{page_path}", timeout=30).status_code == 404  # a draft

    published = requests.post(
        f"{site}/api/v3/pages/{story_id}/actions/publish/", headers=bearer(token), timeout=60
    )
    assert published.status_code == 200, published.text

    page = requests.get(f"{site}/{page_path}", timeout=30)
    assert page.status_code == 200 and "ISIS-K using Taliban" in page.text
    for api_url in (f"/api/v2/pages/{story_id}/", f"/api/v3/pages/{story_id}/"):
        story = requests.get(site + api_url, timeout=30)
        assert story.status_code == 200 and story.json()["title"] == HEADLINE
    listing = requests.get(f"{site}/api/v2/pages/?type=news.NewsArticle", timeout=30).json()
    assert [story["id"] for story in listing["items"]] == [story_id]
    # Served again, now from the response cache: the same story.
    assert "ISIS-K using Taliban" in requests.get(f"{site}/{page_path}", timeout=30).text

    # Search is indexed by the worker, from the task rows migrate's tables hold.
    def found():
        results = requests.get(f"{site}/search/", params={"q": "Taliban"}, timeout=30)
        assert results.status_code == 200
        return f'href="/{page_path}"' in results.text

    assert not found()
    room.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert found()
