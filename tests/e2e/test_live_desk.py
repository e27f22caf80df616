"""The live desk in a real browser: from the coverage's admin page a live editor posts an entry
in a handful of counted actions, posts three and pins one; a reporter's entry waits until a live
editor approves it in one click; a reader with the coverage open sees them all arrive."""

import pytest
from playwright.sync_api import expect

from news.desk.workflow import EDITORS, REPORTERS
from tests import factories
from tests.e2e.newsroom import Actions, colleague, log_in, rich_text_block, wait_for_block
from tests.live.conftest import make_coverage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Floods across the delta: live"
# From the coverage's admin page to a published entry: Post an entry, the paragraph, its text,
# Publish (issue #17 allows five).
MOST_ACTIONS_TO_POST = 5
FIRST = "Water is over the old bridge at Kotri."
PINNED = "Evacuate the riverside streets now."
TITLED = "Shelters are open in three schools."
FILED = "Boats reach the northern villages."


@pytest.fixture
def newsroom():
    """Made before the browser starts (tests/e2e/test_newsroom_flow.py says why)."""
    world = factories.make_section("World")
    for username, role, name in [
        ("ed", EDITORS, "Ed Editor"),
        ("rita", REPORTERS, "Rita Reporter"),
    ]:
        factories.make_author(name, user=colleague(username, role), live=True)
    return world, make_coverage(world, title=HEADLINE)


def write_entry(actions, text):
    page = actions.page
    actions.click(page.get_by_role("link", name="Post an entry"))
    actions.click(rich_text_block(page, 0))
    actions.type(text)
    wait_for_block(page, 0, text)


def test_the_desk_posts_pins_and_approves_entries_a_reader_sees_arrive(newsroom, flow):
    world, coverage = newsroom
    reader = flow.open("reader")
    reader.goto(coverage.url)
    reader.evaluate("window.openedOnce = true")  # gone if the page reloads
    stream = reader.locator(".live-entries > li > article")
    expect(stream).to_have_count(0)

    editor = flow.open("editor")
    log_in(editor, "ed")
    editor.goto(f"/admin/pages/{coverage.pk}/edit/")
    flow.step("editor", "coverage-admin-page")
    actions = Actions(editor)
    write_entry(actions, FIRST)
    # The byline is the editor's own without a touch.
    expect(editor.locator("#id_authors option:checked")).to_have_text("Ed Editor")
    actions.click(editor.get_by_role("button", name="Publish entry"))
    expect(editor.get_by_text(f"“{FIRST}” is live.")).to_be_visible()
    expect(editor.get_by_role("link", name="View live")).to_be_visible()
    flow.step("editor", "posted-the-first-entry")
    print(f"Posting an entry took {actions.count} actions (at most {MOST_ACTIONS_TO_POST}).")
    assert actions.count <= MOST_ACTIONS_TO_POST

    # The entries' page has the same button: a second entry, pinned, and a third, titled.
    write_entry(actions, PINNED)
    actions.click(editor.get_by_label("Pinned"))
    actions.click(editor.get_by_role("button", name="Publish entry"))
    expect(editor.get_by_text(f"“{PINNED}” is live.")).to_be_visible()
    write_entry(actions, TITLED)
    actions.fill(editor.locator("#id_title"), "Shelters open")
    actions.click(editor.get_by_role("button", name="Publish entry"))
    expect(editor.get_by_text("“Shelters open” is live.")).to_be_visible()
    expect(editor.locator("[data-live-entries] tr[data-live-entry]")).to_have_count(3)
    flow.step("editor", "posted-three-entries")

    expect(stream).to_have_count(3)
    expect(stream.first).to_contain_text(TITLED)
    expect(reader.locator(".live-pinned")).to_contain_text(PINNED)
    flow.step("reader", "three-entries-arrived")

    reporter = flow.open("reporter")
    log_in(reporter, "rita")
    # Not hers to edit, the coverage is hers to file to: its row in the section has Entries.
    reporter.goto(f"/admin/pages/{world.pk}/")
    reporter.locator("[data-live-entries-link]").click()
    write_entry(Actions(reporter), FILED)
    reporter.get_by_role("button", name="File for approval").click()
    expect(reporter.get_by_text(f"“{FILED}” is filed: a live editor approves it.")).to_be_visible()
    flow.step("reporter", "filed-an-entry")

    editor.reload()
    waiting = editor.locator("[data-live-waiting] tr[data-live-entry]")
    expect(waiting).to_have_count(1)
    expect(reader.get_by_text(FILED)).to_have_count(0)
    approving = Actions(editor)
    approving.click(waiting.get_by_role("button", name="Approve"))
    expect(editor.get_by_text(f"“{FILED}” is approved and live.")).to_be_visible()
    expect(waiting).to_have_count(0)
    assert approving.count == 1
    flow.step("editor", "approved-the-reporters-entry")

    expect(stream).to_have_count(4)
    expect(stream.first).to_contain_text(FILED)
    expect(stream.first).to_contain_text("Rita Reporter")
    assert reader.evaluate("window.openedOnce") is True
    flow.step("reader", "four-entries-without-a-reload")
