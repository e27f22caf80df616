"""The seed story, exactly as a front end receives it: the JSON contract of a story."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from news.models import NewsArticle

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed-article.txt"
CONTRACT = Path(__file__).resolve().parent / "seed-story.json"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def drf_time(moment):
    return moment.isoformat().replace("+00:00", "Z")


def with_placeholders(data, story):
    """Swap what differs between runs (ids, times, block ids) for named placeholders."""
    text = json.dumps(data, ensure_ascii=False)
    section, author = story.section, story.byline[0]
    for value, name in [
        (drf_time(story.first_published_at), "<published_at>"),
        (drf_time(story.last_published_at), "<updated_at>"),
    ]:
        text = text.replace(f'"{value}"', f'"{name}"')
    data = json.loads(text)
    assert data["id"] == story.pk and data["meta"]["parent"]["id"] == section.pk
    data["id"] = data["meta"]["parent"]["id"] = "<id>"
    assert data["category"]["id"] == section.pk and data["authors"][0]["id"] == author.pk
    data["category"]["id"] = data["authors"][0]["id"] = "<id>"
    for url in ("detail_url",):
        data["meta"][url] = data["meta"][url].replace(f"/{story.pk}/", "/<id>/")
    data["meta"]["parent"]["meta"]["detail_url"] = data["meta"]["parent"]["meta"][
        "detail_url"
    ].replace(f"/{section.pk}/", "/<id>/")
    for block in data["body"]:
        assert UUID.match(block["id"])
        block["id"] = "<uuid>"
    return data


def test_the_seed_story_serves_exactly_the_documented_json(client):
    call_command("import_articles", "--publish", str(SEED))
    story = NewsArticle.objects.get()

    response = client.get(f"/api/v2/pages/{story.pk}/")

    assert response.status_code == 200
    served = with_placeholders(response.json(), story)
    assert served == json.loads(CONTRACT.read_text())
