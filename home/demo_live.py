"""The demo newsroom's live coverage: talks to end the Valmora port strike, followed entry by
entry, so `make run` shows a running live page (pinned summary, key events, entries) beside
the stories. Loaded once: a coverage that exists, with whatever an editor did to it, is kept."""

from datetime import timedelta

from django.utils import timezone

from live.models import LiveCoverage, LiveEntry
from news.models import CategoryPage, StoryAuthor
from people.models import Author

SLUG = "valmora-port-talks-live"
TITLE = "Valmora port talks: live"
SECTION = "World"
AUTHOR = "Elena Marsh"
WHAT_WE_KNOW = [
    {
        "type": "lede",
        "value": "<p>Union and terminal operators are back at the table on the strike's "
        "nineteenth day, with more than 60 ships waiting outside the harbour.</p>",
    },
    {
        "type": "paragraph",
        "value": "<ul><li>The dispute is over merging night-shift and weekend allowances.</li>"
        "<li>The labour ministry has offered an independent arbiter.</li></ul>",
    },
]
# Minutes before now, title, text, pinned, key event: oldest first.
ENTRIES = [
    (
        95,
        "Talks resume",
        "<p>Negotiators arrived at the port authority building just after "
        "nine. Neither side spoke to reporters on the way in.</p>",
        False,
        True,
    ),
    (
        70,
        "",
        "<p>The vessel queue outside the harbour mouth stands at 63 ships, the port "
        "authority says, three more than yesterday.</p>",
        False,
        False,
    ),
    (
        40,
        "Arbiter named",
        "<p>Both sides have accepted the ministry's choice of arbiter, "
        "former appeals judge Ines Halloran, a union spokesperson confirms.</p>",
        False,
        True,
    ),
    (
        15,
        "What we are watching",
        "<p>Whether the operators put the night-shift allowance back "
        "on the table, and when Berths 4 to 11 could reopen.</p>",
        True,
        False,
    ),
    (
        5,
        "",
        "<p>A short break in the talks: union organiser Marisol Teague says progress is "
        "“slow but real”.</p>",
        False,
        False,
    ),
]


def load_live_coverage():
    """Create the demo coverage with its entries; 1 if it was created, 0 if it existed."""
    section = CategoryPage.objects.filter(title=SECTION).first()
    author = Author.objects.filter(name=AUTHOR).first()
    if section is None or author is None or LiveCoverage.objects.filter(slug=SLUG).exists():
        return 0
    coverage = LiveCoverage(title=TITLE, slug=SLUG, body=WHAT_WE_KNOW, live=False)
    coverage.story_authors.add(StoryAuthor(author=author, sort_order=0))
    coverage.tags.add("Valmora", "Strikes")
    section.add_child(instance=coverage)
    coverage.save_revision().publish()
    now = timezone.now()
    started = now - timedelta(minutes=ENTRIES[0][0] + 5)
    LiveCoverage.objects.filter(pk=coverage.pk).update(
        first_published_at=started, last_published_at=started, coverage_started_at=started
    )
    for minutes_ago, title, text, pinned, key_event in ENTRIES:
        entry = LiveEntry.objects.create(
            coverage=coverage,
            status=LiveEntry.Status.PUBLISHED,
            posted_at=now - timedelta(minutes=minutes_ago),
            title=title,
            body=[{"type": "paragraph", "value": text}],
            pinned=pinned,
            key_event=key_event,
        )
        entry.authors.add(author)
    return 1
