"""What a reader of a live coverage page gets: its published entries, newest first, a page at a
time; the pinned entries and the key events above them; and, for a permalink
(`?entry=<id>#entry-<id>`), the page that holds the entry, however far it has scrolled back.

Every entry shown is read with its byline, corrections, body links and image renditions in a
fixed number of queries, so a page of twenty entries costs what a page of one does.
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404

from live import structured_data as live_structured_data
from news.api.listed_bodies import load_bodies
from news.formatting import excerpt, plain_text
from news.pagination import page_number, paginate
from people.models import Author

# Readers see an entry's byline as a story's: authors whose profile is published.
BYLINE = Author.objects.filter(live=True).select_related("photo").order_by("name")


def shown(entries):
    """`entries` read with what the page shows of each."""
    return entries.prefetch_related(Prefetch("authors", queryset=BYLINE), "corrections")


def page_holding_entry(request, entries):
    """The page number a permalink's `?entry=` names, else the `?page=` asked for.

    An entry readers cannot see (pending, withdrawn, another coverage's, no entry at all) is a
    404, as the page of an unpublished story is.
    """
    asked = request.GET.get("entry")
    if asked is None:
        return page_number(request)
    if not asked.isdigit():
        raise Http404(f"There is no entry {asked!r}: entries are numbered.")
    posted_at = entries.filter(pk=asked).values_list("posted_at", flat=True).first()
    if posted_at is None:
        raise Http404(f"This coverage has no entry {asked} for readers.")
    # Newest first, ties broken by id (LiveEntryQuerySet.newest_first): count those before it.
    newer = entries.filter(Q(posted_at__gt=posted_at) | Q(posted_at=posted_at, pk__gt=asked))
    return newer.count() // settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE + 1


def summary_line(entry):
    """One line naming an entry, for the key events list and search engines: its title, or
    else the opening words of its first paragraph."""
    if entry.title:
        return entry.title
    for block in entry.body.raw_data:
        if block["type"] == "paragraph":
            return excerpt(plain_text(block["value"]), 100)
    return ""


def permalink(entry, coverage_url):
    """The entry's own address: its coverage's page, opened where the entry is."""
    return f"{coverage_url}?entry={entry.pk}#{entry.anchor}"


def coverage_context(coverage, request, entries, cursor, newsroom, image):
    """The template context of a coverage page beyond a story's: `entries` are the coverage's
    published ones, newest first; `cursor` its sequence, read before them (LiveCoverage)."""
    page = paginate(
        request,
        shown(entries),
        per_page=settings.NEWSDESK_LIVE_ENTRIES_PER_PAGE,
        number=page_holding_entry(request, entries),
    )
    on_page = list(page.object_list)
    pinned = list(shown(entries.filter(pinned=True)))
    load_bodies([*on_page, *pinned])
    shown_ids = {entry.pk for entry in on_page}
    key_events = [
        {"entry": entry, "line": summary_line(entry), "on_page": entry.pk in shown_ids}
        for entry in entries.filter(key_event=True)
    ]
    coverage_url = coverage.get_full_url(request)
    return {
        "entries": page,
        "pinned_entries": pinned,
        "key_events": key_events,
        "live_cursor": cursor,
        "has_tweets": coverage.has_tweets or any(map(has_tweets, [*on_page, *pinned])),
        "structured_data": live_structured_data.live_blog(
            coverage,
            request,
            newsroom,
            image,
            [(entry, summary_line(entry), permalink(entry, coverage_url)) for entry in on_page],
        ),
    }


def has_tweets(entry):
    return any(block.block_type == "tweet" for block in entry.body)
