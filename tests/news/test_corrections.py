"""A dated correction, added in the editor and published, reaches every place the story does."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsArticle
from tests.factories import hours, make_story

pytestmark = pytest.mark.django_db

CORRECTION = "An earlier version said 32 people died; the toll was 23."


@pytest.fixture
def editor_client(client, db):
    editor = get_user_model().objects.create_user("ed", password="password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def edit_form(story, corrections, action):
    links = list(story.story_authors.all())
    return nested_form_data(
        {
            "title": story.title,
            "slug": story.slug,
            "summary": story.summary,
            "lead_image_caption": "",
            "lead_image_credit": "",
            "tags": "",
            "story_authors": inline_formset(
                [{"id": str(link.pk), "author": str(link.author_id)} for link in links],
                initial=len(links),
                min=1,
            ),
            "comments": inline_formset([]),
            "corrections": inline_formset(corrections),
            "body": streamfield([("lede", rich_text("<p>The toll was 23.</p>"))]),
        }
    ) | {action: action}


def correct(editor_client, story, action="action-publish", **fields):
    note = {"id": "", "kind": "correction", "noted_at": "2026-11-20 09:30", "text": CORRECTION}
    note.update(fields)
    response = editor_client.post(
        f"/admin/pages/{story.pk}/edit/", edit_form(story, [note], action)
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_published_correction_shows_at_the_foot_of_the_story(
    editor_client, client, world, reporter
):
    story = make_story(world, title="Mosque attack", authors=[reporter], published_ago=hours(6))
    correct(editor_client, story)
    client.logout()

    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    note = page.select_one("article.story .corrections .correction")
    assert note.get_text(" ", strip=True) == f"Correction, November 20, 2026 : {CORRECTION}"
    assert CORRECTION in note.get_text()
    assert note.time["datetime"].startswith("2026-11-20T09:30")

    # Publishing the correction moves the story's modified date on.
    story.refresh_from_db()
    assert story.was_updated
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["dateModified"] == story.last_published_at.isoformat()
    assert data["dateModified"] > data["datePublished"]


def test_corrections_appear_in_the_api_and_the_feeds(editor_client, client, world, reporter):
    story = make_story(world, title="Mosque attack", authors=[reporter])
    correct(editor_client, story, kind="clarification")
    client.logout()

    detail = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert detail["corrections"] == [
        {"kind": "clarification", "date": "2026-11-20T09:30:00Z", "text": CORRECTION}
    ]
    channel = ET.fromstring(client.get("/feed/").content).find("channel")
    content = channel.find("item").findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    text = BeautifulSoup(content, "html.parser").get_text(" ", strip=True)
    assert f"Clarification, November 20, 2026 : {CORRECTION}" in text


def test_a_correction_saved_as_a_draft_stays_off_the_site(editor_client, client, world, reporter):
    story = make_story(world, title="Mosque attack", authors=[reporter])
    correct(editor_client, story, action="action-save")
    client.logout()

    assert CORRECTION.encode() not in client.get(story.url).content
    assert CORRECTION.encode() not in client.get("/corrections/").content
    assert NewsArticle.objects.get(pk=story.pk).corrections.count() == 0


def test_the_corrections_page_lists_every_visible_correction_newest_first(
    editor_client, client, world, reporter
):
    older = make_story(world, title="Older story", authors=[reporter])
    newer = make_story(world, title="Newer story", authors=[reporter])
    hidden = make_story(world, title="Hidden story", authors=[reporter])
    correct(editor_client, older, noted_at="2026-11-01 08:00", text="First fix.")
    correct(editor_client, newer, noted_at="2026-11-21 08:00", text="Second fix.")
    correct(editor_client, hidden, noted_at="2026-11-22 08:00", text="Hidden fix.")
    hidden.refresh_from_db()
    hidden.unpublish()
    client.logout()

    page = BeautifulSoup(client.get("/corrections/").content, "html.parser")
    entries = [
        (entry.h2.get_text(strip=True), entry.find_all("p")[-1].get_text(strip=True))
        for entry in page.select(".correction-entry")
    ]
    assert entries == [("Newer story", "Second fix."), ("Older story", "First fix.")]
