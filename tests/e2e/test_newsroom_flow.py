"""The newsroom's day in a real browser: a reporter files, an editor sends it back, the reporter
fixes it, the editor approves, and a reader finds the story."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from news.desk.workflow import EDITORS, REPORTERS
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Floods reach the delta"
CHANGES = "Who says thousands? Name your source."
EARLIER = "Harbour reopens after the storm"
STORY_URL = "/world/floods-reach-the-delta/"


def colleague(username, role):
    user = get_user_model().objects.create_user(
        username,
        password=f"{username}-password",
        email=f"{username}@newsroom.example",
        first_name=username.title(),
    )
    user.groups.add(Group.objects.get(name=role))


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-password")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def add_block(page, label):
    page.locator("#body-root .c-sf-add-button").last.click()
    page.get_by_role("option", name=label).click()


def type_into_block(page, position, text):
    """Type at the end of the rich text block at `position` in the story's body."""
    page.locator("#body-root [contenteditable=true]").nth(position).click()
    page.keyboard.press("End")
    page.keyboard.type(text)
    # The editor copies its content into the form a moment later: wait, or it posts the old text.
    expect(page.locator(f"input[name='body-{position}-value']")).to_have_value(
        re.compile(re.escape(text.split()[-1]))
    )


def choose_from_action_menu(page, label):
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name=label).click()


@pytest.fixture(autouse=True)
def no_autosave(settings):
    # Playwright clicks faster than a person: a submit within the autosave interval of the last
    # keystroke meets that window's own autosave in flight, which Wagtail then reports as "a new
    # version saved in another window".
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def world():
    """The newsroom the test starts with, made before the browser starts.

    While Playwright's event loop runs in this thread Django takes the thread for async code: it
    refuses database calls, and with DJANGO_ALLOW_ASYNC_UNSAFE it gives them connections that
    nothing closes (PostgreSQL then cannot drop the test database). So the test does all its
    database work here and checks the rest as people would see it, in the browser.
    """
    world = factories.make_section("World")
    factories.make_author("Mrityunjoy Kumar Jha")
    factories.make_story(world, title=EARLIER)
    colleague("rita", REPORTERS)
    colleague("ed", EDITORS)
    return world


def test_a_story_goes_from_reporter_to_reader_only_through_an_editor(world, flow):
    reporter = flow.open("reporter")
    log_in(reporter, "rita")
    reporter.goto(f"/admin/pages/add/news/newsarticle/{world.pk}/")
    reporter.fill("#id_title", HEADLINE)
    reporter.get_by_role("button", name="Choose author").click()
    reporter.locator(".modal-dialog a", has_text="Mrityunjoy Kumar Jha").click()
    expect(reporter.locator(".modal-dialog")).to_have_count(0)
    add_block(reporter, "Lede")
    type_into_block(reporter, 0, "Water rose overnight across the delta.")
    add_block(reporter, "Paragraph")
    type_into_block(reporter, 1, "Thousands left their homes.")
    add_block(reporter, "Tweet")
    reporter.fill(
        "[name='body-2-value-url']", "https://x.com/deltawatch/status/1448953520506523653"
    )
    add_block(reporter, "Also Read")
    reporter.get_by_role("button", name="Choose a page (Story)").click()
    reporter.locator(".modal-dialog a", has_text=EARLIER).click()
    expect(reporter.locator(".modal-dialog")).to_have_count(0)
    flow.step("reporter", "wrote-the-story")
    choose_from_action_menu(reporter, "Submit to Newsroom review")
    expect(reporter.get_by_text("created and submitted for review")).to_be_visible()
    flow.step("reporter", "submitted")
    reader = flow.open("reader")
    assert reader.goto(STORY_URL).status == 404

    editor = flow.open("editor")
    log_in(editor, "ed")
    in_review = editor.locator("tr[data-review-desk-story]", has_text=HEADLINE)
    expect(in_review).to_contain_text("Rita")
    in_review.get_by_role("button", name="Request changes").click()
    editor.fill(".modal-dialog textarea[name=comment]", CHANGES)
    flow.step("editor", "wrote-the-request")
    editor.locator(".modal-dialog [type=submit]").click()
    expect(in_review).to_have_count(0)
    flow.step("editor", "requested-changes")

    reporter.goto(f"/admin/pages/{world.pk}/")
    reporter.get_by_role("link", name=HEADLINE).click()
    expect(reporter.get_by_text(f"Ed requested changes: “{CHANGES}”")).to_be_visible()
    type_into_block(reporter, 1, " “The water came at night,” said the mayor, Ana Lima.")
    flow.step("reporter", "made-the-changes")
    choose_from_action_menu(reporter, "Resubmit to Editor review")
    expect(reporter.get_by_text("has been submitted for review")).to_be_visible()
    flow.step("reporter", "resubmitted")

    editor.goto("/admin/")
    # Approving publishes at once, so the dashboard's button asks first, in a dialog.
    in_review.get_by_role("button", name="Approve and publish").click()
    editor.locator(".modal form").get_by_role("button", name="Approve and publish").click()
    expect(in_review).to_have_count(0)
    expect(editor.get_by_text(f"“{HEADLINE}” is approved and live.")).to_be_visible()
    expect(editor.get_by_role("link", name="View live")).to_be_visible()
    flow.step("editor", "approved")

    assert reader.goto(STORY_URL).status == 200
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.get_by_text("said the mayor, Ana Lima")).to_be_visible()
    expect(reader.locator("blockquote.twitter-tweet")).to_have_count(1)
    expect(reader.locator(".related-link a")).to_have_text(EARLIER)
    flow.step("reader", "read-the-story")

    listing = reader.request.get("/api/v2/pages/?type=news.NewsArticle&fields=title").json()
    assert HEADLINE in [item["title"] for item in listing["items"]]
