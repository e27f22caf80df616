"""A story's summary follows its lede wherever readers meet it, unless an editor wrote one."""

import importlib
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from news.models import NewsArticle
from tests.factories import lede, make_story, paragraph

pytestmark = pytest.mark.django_db

FIRST, SECOND = "Water rose overnight in the delta.", "Thousands left the delta by boat."


def change_lede(story, text):
    draft = story.get_latest_revision_as_object()
    draft.body = [lede(f"<p>{text}</p>"), paragraph()]
    draft.save_revision().publish()


def summaries_readers_get(client, story):
    """The summary in each place a reader or a front end meets it."""
    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    section = BeautifulSoup(client.get("/world/").content, "html.parser")
    feed = ET.fromstring(client.get("/feed/").content)
    v2 = client.get(f"/api/v2/pages/{story.pk}/").json()
    cards = client.get("/api/v2/pages/?type=news.NewsArticle&fields=summary").json()["items"]
    v3 = client.get(f"/api/v3/pages/{story.pk}/").json()
    return {
        "page meta": page.select_one("meta[name=description]")["content"],
        "section card": section.select_one(".story-card__summary").get_text(strip=True),
        "feed": feed.find("channel/item/description").text,
        "API v2 detail": v2["summary"],
        "API v2 card": cards[0]["summary"],
        "API v3 detail": v3["summary"],
    }


def test_an_unwritten_summary_follows_every_edit_of_the_lede(client, world):
    story = make_story(world, body=[lede(f"<p>{FIRST}</p>"), paragraph()])
    assert set(summaries_readers_get(client, story).values()) == {FIRST}

    change_lede(story, SECOND)

    assert set(summaries_readers_get(client, story).values()) == {SECOND}
    assert NewsArticle.objects.get(pk=story.pk).summary == ""  # nothing was filled in


def test_a_summary_the_editor_wrote_stays_whatever_the_lede_says(client, world):
    story = make_story(world, body=[lede(f"<p>{FIRST}</p>")], summary="Written by the desk.")
    change_lede(story, SECOND)
    assert set(summaries_readers_get(client, story).values()) == {"Written by the desk."}


def test_the_migration_clears_summaries_that_were_filled_in_from_the_lede(world):
    filled_in = make_story(world, body=[lede(f"<p>{FIRST}</p>")], summary=FIRST)
    written = make_story(world, body=[lede(f"<p>{FIRST}</p>")], summary="Written by the desk.")
    migration = importlib.import_module("news.migrations.0012_summary_follows_the_lede")

    migration.clear_summaries_taken_from_the_lede(apps, None)

    filled_in.refresh_from_db()
    assert filled_in.summary == "" and filled_in.standfirst == FIRST
    # The draft editors open next is cleared too, or saving it would bring the old text back.
    assert filled_in.get_latest_revision_as_object().summary == ""
    change_lede(filled_in, SECOND)
    assert NewsArticle.objects.get(pk=filled_in.pk).standfirst == SECOND
    written.refresh_from_db()
    assert written.summary == "Written by the desk."
