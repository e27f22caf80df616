"""axe-core finds nothing to fix on any kind of public page, as a reader's browser renders it:
the front page, a section, stories (every block type), a tag, an author, the authors index,
corrections, search with and without results, a live coverage with its entries, and the page
for a missing address; and on a
story's draft as an editor previews it, under its banner."""

import pytest
from playwright.sync_api import expect

from live.models import EntryCorrection
from news.desk.workflow import EDITORS
from news.models import Correction
from tests import factories
from tests.e2e.accessibility import describe, load_axe, violations
from tests.e2e.test_newsroom_flow import colleague, log_in
from tests.live.conftest import make_coverage, post_entry
from tests.news.test_embed_gallery_table_blocks import story_with_media

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    ("home", "/"),
    ("section", "/world/"),
    ("story", "/world/floods-reach-the-delta/"),
    ("story-with-media", "/world/bird-market/"),
    ("tag", "/tags/floods/"),
    ("author", "/authors/rita-reporter/"),
    ("authors", "/authors/"),
    ("corrections", "/corrections/"),
    ("search", "/search/?q=floods"),
    ("search-form", "/search/"),
    ("search-nothing-found", "/search/?q=volcano"),
    ("live-coverage", "/world/floods-across-the-delta-live/"),
    ("not-found", "/world/no-such-story/"),
]


@pytest.fixture
def newsroom():
    """A newsroom with something on every kind of page, made before the browser starts (see
    tests/e2e/test_newsroom_flow.py's `world` for why)."""
    world, business = factories.make_section("World"), factories.make_section("Business")
    rita = factories.make_author(
        "Rita Reporter",
        photo=factories.make_image("Rita"),
        bio='<p>Covers <a href="https://example.org/delta">the delta</a>.</p>',
        x_handle="ritareports",
    )
    picture = factories.make_image("Flooded delta road")
    earlier = factories.make_story(
        world, title="Harbour reopens", authors=[rita], tags=["Floods"], lead_image=picture
    )
    for n in range(3):
        factories.make_story(
            business,
            title=f"Markets, day {n}",
            authors=[rita],
            lead_image=factories.make_image(f"Trading floor {n}"),
            published_ago=factories.hours(n + 1),
        )
    body = [
        factories.lede("<p>Water rose overnight across the <b>delta</b>.</p>"),
        factories.paragraph(
            '<p>Thousands left, <a href="https://example.org">the agency said</a>.</p>'
        ),
        {"type": "heading", "value": "What comes next"},
        factories.tweet(),
        factories.related_link(earlier),
        {"type": "image", "value": {"image": picture.pk, "caption": "The road", "credit": "AP"}},
        {"type": "quote", "value": {"text": "We lost everything.", "attribution": "A farmer"}},
    ]
    floods = factories.make_story(
        world,
        title="Floods reach the delta",
        authors=[rita],
        tags=["Floods", "Delta"],
        body=body,
        lead_image=picture,
        lead_image_caption="The delta road at dawn",
        lead_image_credit="Newsdesk",
        featured=True,
    )
    Correction.objects.create(story=floods, text="The river rose two metres, not three.")
    floods.title = "Floods reach the delta’s towns"
    floods.save_revision()
    story_with_media(world, rita)
    live_coverage(world, rita, picture, earlier)
    colleague("ed", EDITORS)
    return floods


def live_coverage(world, rita, picture, earlier):
    """A running coverage with what its page can show: pinned, key events, every entry block,
    an edited entry with a correction."""
    coverage = make_coverage(world, authors=[rita], lead_image=picture)
    post_entry(coverage, "<p>What we know so far.</p>", pinned=True, title="Summary")
    post_entry(coverage, key_event=True, title="The levee breaks")
    entry = post_entry(
        coverage, '<p>Roads closed, <a href="https://example.org">police said</a>.</p>'
    )
    entry.body.append(("tweet", factories.tweet()["value"]))
    entry.body.append(("image", {"image": picture, "caption": "Water", "credit": "AP"}))
    entry.body.append(("quote", {"text": "It came fast.", "attribution": "A farmer"}))
    entry.body.append(("related_link", {"page": earlier, "url": "", "title": ""}))
    entry.edited_at = factories.timezone.now()
    entry.save()
    entry.authors.add(rita)
    EntryCorrection.objects.create(entry=entry, text="The road was the N2, not the N1.")


def test_public_pages_have_no_accessibility_violations(newsroom, flow):
    found = {}
    # On a desktop and on a phone, where the columns stack and the menu wraps.
    for reader, width, height in (("reader", 1280, 900), ("phone-reader", 390, 844)):
        page = flow.open(reader, width, height)
        load_axe(page.context)
        for name, url in PAGES:
            page.goto(url)
            flow.step(reader, name)
            found[f"{url} ({width}px wide)"] = violations(page)
    editor = flow.open("editor")
    load_axe(editor.context)
    log_in(editor, "ed")
    draft = f"/admin/pages/{newsroom.pk}/view_draft/"
    editor.goto(draft)
    expect(editor.get_by_text("Draft — not published")).to_be_visible()
    flow.step("editor", "preview")
    found[draft] = violations(editor)

    report = "\n".join(describe(url, rules) for url, rules in found.items() if rules)
    if report:
        pytest.fail(f"axe-core found:\n{report}", pytrace=False)
