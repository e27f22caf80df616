"""A reader keeps a live coverage open in a real browser: entries posted at the desk appear on
it without a reload (pinned, edited and withdrawn ones too), idle polls are answered 304, the
page stops asking once the coverage ends, and a link to an entry that has scrolled to an older
page still finds it."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from playwright.sync_api import expect

from live.desk import ending as desk_ending
from live.models import LiveCoverage, LiveEntry
from tests import factories
from tests.live.conftest import make_coverage, post_entry
from tests.live.reading import post_entries

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ENTRIES_API = "/api/v2/live/"


def at_the_desk(work, *args, **kwargs):
    """Run `work` in a thread of its own, as the desk's request would, and return its result.

    While Playwright's event loop runs in the test's thread Django refuses it the database
    (tests/e2e/test_newsroom_flow.py says why DJANGO_ALLOW_ASYNC_UNSAFE is no way out); another
    thread may use it, and closes its connection when done.
    """

    def run():
        try:
            return work(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as desk:
        return desk.submit(run).result()


def change_entry(entry, **fields):
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()


def end_coverage(coverage):
    # As the desk's End coverage does: a published revision no longer changes the status.
    desk_ending.end_coverage(LiveCoverage.objects.get(pk=coverage.pk), user=None)


def polls_of(page):
    """The status of every request the page makes to the cursor endpoint, as they come."""
    statuses = []
    page.on(
        "response",
        lambda response: statuses.append(response.status) if ENTRIES_API in response.url else None,
    )
    return statuses


@pytest.fixture
def coverage():
    """Made before the browser starts (see at_the_desk)."""
    return make_coverage(factories.make_section("World"))


def test_entries_posted_at_the_desk_reach_an_open_page_without_a_reload(coverage, flow):
    first = at_the_desk(post_entry, coverage, text="<p>Water is rising on the east bank.</p>")
    reader = flow.open("reader")
    polls = polls_of(reader)
    reader.goto(coverage.url)
    expect(reader.locator(f"#entry-{first.pk}")).to_be_visible()
    reader.evaluate("window.openedOnce = true")  # gone if the page reloads
    flow.step("reader", "opened")

    # Idle: the page keeps asking, and is told nothing changed.
    reader.wait_for_event(
        "response",
        lambda response: ENTRIES_API in response.url and response.status == 304,
        timeout=15_000,
    )

    bridge = at_the_desk(
        post_entry, coverage, text="<p>The old bridge is closed.</p>", title="Bridge closed"
    )
    pinned = at_the_desk(
        post_entry,
        coverage,
        text="<p>Evacuate the riverside streets now.</p>",
        pinned=True,
        key_event=True,
    )
    third = at_the_desk(post_entry, coverage, text="<p>Shelters open in three schools.</p>")
    stream = reader.locator(".live-entries > li > article")
    expect(stream).to_have_count(4)
    expect(stream.first).to_have_id(f"entry-{third.pk}")
    expect(stream.nth(1)).to_have_id(f"entry-{pinned.pk}")
    expect(stream.nth(2)).to_have_id(f"entry-{bridge.pk}")
    expect(reader.locator(f"#pinned-entry-{pinned.pk}")).to_contain_text("Evacuate the riverside")
    expect(reader.locator(".live-pinned")).to_be_visible()
    expect(reader.locator(f'[data-key-event="{pinned.pk}"] a')).to_have_attribute(
        "href", f"#entry-{pinned.pk}"
    )
    expect(reader.locator("[data-live-announcer]")).to_have_text(
        # The three came in one poll or in several: the last announcement names what it added.
        re.compile(r"^\d new updates?$")
    )
    assert reader.evaluate("window.openedOnce") is True
    flow.step("reader", "three-entries-arrived")

    at_the_desk(
        change_entry,
        bridge,
        body=[factories.paragraph("<p>The old bridge has reopened to pedestrians.</p>")],
        edited_at=factories.timezone.now(),
    )
    at_the_desk(change_entry, pinned, status=LiveEntry.Status.WITHDRAWN)
    expect(reader.locator(f"#entry-{bridge.pk}")).to_contain_text("reopened to pedestrians")
    expect(reader.locator(f"#entry-{bridge.pk}")).to_contain_text("Updated")
    expect(reader.locator(f"#entry-{pinned.pk}")).to_have_count(0)
    expect(reader.locator(f"#pinned-entry-{pinned.pk}")).to_have_count(0)
    expect(reader.locator(".live-pinned")).to_be_hidden()
    expect(reader.locator(".live-key-events")).to_be_hidden()
    flow.step("reader", "edited-and-withdrawn")

    at_the_desk(end_coverage, coverage)
    expect(reader.locator(".live-badge")).to_have_text("Ended")
    asked = len(polls)
    reader.wait_for_timeout(7_000)  # two polls' worth
    assert len(polls) == asked
    assert reader.evaluate("window.openedOnce") is True
    flow.step("reader", "ended")


def test_a_link_to_an_entry_on_an_older_page_finds_it(settings, coverage, flow):
    settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE = 2
    oldest, *_ = at_the_desk(post_entries, coverage, 5)
    reader = flow.open("reader")
    reader.goto(f"{coverage.url}#entry-{oldest.pk}")
    expect(reader).to_have_url(re.compile(rf"{coverage.url}\?entry={oldest.pk}#entry-{oldest.pk}$"))
    expect(reader.locator(f"#entry-{oldest.pk}")).to_be_in_viewport()
    expect(reader.locator(".pagination")).to_contain_text("Page 3 of 3")
    flow.step("reader", "older-page")
