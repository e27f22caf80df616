"""The newsroom's day in a real browser: a reporter files a story with every block type, counting
the actions it takes; an editor sends it back, the reporter fixes it, the editor approves, and a
reader finds the story."""

import pytest
from playwright.sync_api import expect

from news.desk.workflow import EDITORS, REPORTERS
from tests import factories
from tests.e2e.newsroom import Actions, colleague, log_in, rich_text_block, wait_for_block

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Floods reach the delta"
CHANGES = "Who says thousands? Name your source."
EARLIER = "Harbour reopens after the storm"
STORY_URL = "/world/floods-reach-the-delta/"
# Filing a story with every block type, a byline and tags took 51 actions before issue #14.
MOST_ACTIONS_TO_FILE = 25
# From the dashboard: the button, then the confirmation that it goes live at once.
MOST_ACTIONS_TO_APPROVE = 2
SOURCE = "https://example.org/delta-report"
PASTED_PARAGRAPH = f'<p>Thousands left their homes, <a href="{SOURCE}">the agency said</a>.</p>'
# The shape of the code X's "Embed post" gives, for a made-up post.
EMBED_CODE = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The river is over the road '
    '<a href="https://twitter.com/hashtag/floods?src=hash&amp;ref_src=twsrc%5Etfw">#floods</a> '
    '<a href="https://t.co/AbC123xyz">pic.twitter.com/AbC123xyz</a></p>&mdash; Delta Watch '
    '(@deltawatch) <a href="https://twitter.com/deltawatch/status/1448953520506523653'
    '?ref_src=twsrc%5Etfw">October 15, 2021</a></blockquote> <script async '
    'src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
)


def add_block(actions, label):
    actions.click(actions.page.locator("#body-root .c-sf-add-button").last)
    actions.click(actions.page.get_by_role("option", name=label))


def type_into_block(page, position, text):
    """Type at the end of the rich text block at `position` in the story's body."""
    rich_text_block(page, position).click()
    page.keyboard.press("End")
    page.keyboard.type(text)
    wait_for_block(page, position, text)


def submit_button(page):
    # A reporter's first button is Submit (or Resubmit): news/desk/wagtail_hooks.py.
    return page.locator("footer button[name=action-submit]")


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
    factories.make_story(world, title=EARLIER)
    factories.make_image("Flooded delta road")
    rita = colleague("rita", REPORTERS)
    factories.make_author("Rita Reporter", user=rita, live=True)
    colleague("ed", EDITORS)
    return world


def test_a_story_goes_from_reporter_to_reader_only_through_an_editor(world, flow):
    reporter = flow.open("reporter")
    log_in(reporter, "rita")
    flow.step("reporter", "dashboard")
    actions = Actions(reporter)
    # One section to file in: "New story" goes straight to the editor.
    actions.click(reporter.get_by_role("link", name="New story"))
    actions.fill(reporter.locator("#id_title"), HEADLINE)
    # The byline starts as the reporter's own; the body with a lede and a paragraph.
    expect(reporter.locator("#panel-child-content-byline-section")).to_contain_text("Rita Reporter")
    actions.click(rich_text_block(reporter, 0))
    actions.type("Water rose overnight across the delta.")
    wait_for_block(reporter, 0, "delta.")
    actions.click(rich_text_block(reporter, 1))
    actions.paste(PASTED_PARAGRAPH)
    wait_for_block(reporter, 1, "agency said")
    add_block(actions, "Heading")
    actions.fill(reporter.locator("[name='body-2-value']"), "What comes next")
    add_block(actions, "Tweet")
    actions.fill(reporter.locator("[name='body-3-value-url']"), EMBED_CODE)
    add_block(actions, "Also Read")
    actions.click(reporter.get_by_role("button", name="Choose a page (Story)"))
    actions.click(reporter.locator(".modal-dialog a", has_text=EARLIER))
    expect(reporter.locator(".modal-dialog")).to_have_count(0)
    add_block(actions, "Image")
    # The new block's chooser, not the lead image's: wait until it is on the page.
    image_choosers = reporter.get_by_role("button", name="Choose an image")
    expect(image_choosers).to_have_count(2)
    actions.click(image_choosers.last)
    actions.click(reporter.locator(".modal-dialog a", has_text="Flooded delta road"))
    expect(reporter.locator(".modal-dialog")).to_have_count(0)
    actions.fill(reporter.locator(".tagit-new input"), "floods")
    add_block(actions, "Quote")
    actions.fill(reporter.locator("[name='body-6-value-text']"), "We lost everything but the boat.")
    flow.step("reporter", "wrote-the-story")
    actions.click(submit_button(reporter))
    expect(reporter.get_by_text("created and submitted for review")).to_be_visible()
    flow.step("reporter", "submitted")
    print(f"Filing the story took {actions.count} actions (at most {MOST_ACTIONS_TO_FILE}).")
    assert actions.count <= MOST_ACTIONS_TO_FILE
    reader = flow.open("reader")
    assert reader.goto(STORY_URL).status == 404

    # While it waits for an editor the reporter may read the story, not change it, and is told
    # why and who has it.
    reporter.goto(f"/admin/pages/{world.pk}/")
    reporter.get_by_role("link", name=HEADLINE).click()
    expect(reporter.get_by_text(re.compile(r"In review with .*Editors since"))).to_be_visible()
    expect(reporter.locator("body.content-locked")).to_have_count(1)  # Wagtail's read-only form
    expect(reporter.get_by_role("button", name="Page locked")).to_be_disabled()
    expect(submit_button(reporter)).to_have_count(0)
    flow.step("reporter", "read-it-in-review")

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
    submit_button(reporter).click()
    expect(reporter.get_by_text("has been submitted for review")).to_be_visible()
    flow.step("reporter", "resubmitted")

    editor.goto("/admin/")
    approving = Actions(editor)
    # Approving publishes at once, so the dashboard's button asks first, in a dialog.
    approving.click(in_review.get_by_role("button", name="Approve and publish"))
    approving.click(editor.locator(".modal form").get_by_role("button", name="Approve and publish"))
    expect(in_review).to_have_count(0)
    assert approving.count <= MOST_ACTIONS_TO_APPROVE
    expect(editor.get_by_text(f"“{HEADLINE}” is approved and live.")).to_be_visible()
    expect(editor.get_by_role("link", name="View live")).to_be_visible()
    flow.step("editor", "approved")

    assert reader.goto(STORY_URL).status == 200
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.get_by_text("said the mayor, Ana Lima")).to_be_visible()
    expect(reader.locator("blockquote.twitter-tweet")).to_have_count(1)
    expect(reader.locator(".related-link a")).to_have_text(EARLIER)
    expect(reader.locator(f"a[href='{SOURCE}']")).to_have_text("the agency said")
    expect(reader.locator("h2", has_text="What comes next")).to_have_count(1)
    tweet = reader.locator("blockquote.twitter-tweet")
    expect(tweet.locator("a[href='https://t.co/AbC123xyz']")).to_have_count(1)
    expect(tweet).to_contain_text("Delta Watch")
    expect(reader.locator("article img").first).to_be_visible()
    expect(reader.get_by_text("We lost everything but the boat.")).to_be_visible()
    expect(reader.get_by_text("Rita Reporter").first).to_be_visible()
    flow.step("reader", "read-the-story")

    listing = reader.request.get("/api/v2/pages/?type=news.NewsArticle&fields=title").json()
    assert HEADLINE in [item["title"] for item in listing["items"]]
