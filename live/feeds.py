"""A live coverage's entries as RSS and Atom, at `<coverage's URL>feed/` and `feed/atom/`.

The story feeds' formats (news/distribution/feeds.py: full content, one author element per
byline name), with an entry for each published entry, newest first. An entry's id is its
permalink, which never changes: the coverage's address and the entry's number.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.template.loader import render_to_string
from wagtail.models import Site

from live.models import LiveCoverage
from live.reader import permalink, summary_line
from live.serializers import entries_to_serialize, record_bylines
from news.api.listed_bodies import load_bodies
from news.distribution.feeds import StoryAtom, StoryRss, absolute_links, site_root
from news.distribution.structured_data import absolute_url
from news.models import newsroom_settings


def coverage_for(request, section, slug):
    """The coverage at /<section>/<slug>/ of the request's site, if readers may see it."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site here")
    coverage = (
        LiveCoverage.objects.visible()
        .descendant_of(site.root_page)
        .filter(slug=slug, url_path__endswith=f"/{section}/{slug}/")
        .first()
    )
    if coverage is None:
        raise Http404("No live coverage here")
    return coverage


class LiveEntryFeed(Feed):
    feed_type = StoryRss
    item_guid_is_permalink = True  # an entry's permalink never changes (see above)

    def get_object(self, request, section, slug):
        coverage = coverage_for(request, section, slug)
        coverage.feed_request = request
        coverage.feed_url = coverage.get_full_url(request)
        # An entry posted without a byline is the coverage's team's.
        coverage.feed_byline = coverage.byline
        return coverage

    def title(self, coverage):
        return f"{coverage.title} · {newsroom_settings(coverage.feed_request).publication_name}"

    def link(self, coverage):
        return coverage.feed_url

    def description(self, coverage):
        return coverage.standfirst or coverage.title

    def feed_url(self, coverage):
        # The Site's address and the bare path, as the story feeds (no tracking query).
        return absolute_url(coverage.feed_request.path, coverage.feed_request)

    def items(self, coverage):
        entries = coverage.entries.published().newest_first()
        entries = list(entries_to_serialize(entries)[: settings.NEWSDESK_FEED_SIZE])
        load_bodies(entries)
        record_bylines(entries)
        for entry in entries:
            prepare_item(entry, coverage)
        return entries

    def item_title(self, entry):
        return summary_line(entry) or entry.posted_at.strftime("%H:%M")

    def item_link(self, entry):
        return entry.feed_link

    def item_guid(self, entry):
        return entry.feed_link

    def item_description(self, entry):
        return summary_line(entry)

    def item_pubdate(self, entry):
        return entry.posted_at

    def item_updateddate(self, entry):
        return entry.edited_at or entry.posted_at

    def item_extra_kwargs(self, entry):
        request = entry.coverage_feed.feed_request
        authors = list(entry.authors.all()) or entry.coverage_feed.feed_byline
        return {
            "content": entry.feed_content,
            "byline": [author.name for author in authors],
            "byline_urls": [absolute_url(author.get_absolute_url(), request) for author in authors],
        }


def prepare_item(entry, coverage):
    """What both formats need of an entry: its permalink and its full content, made absolute."""
    request = coverage.feed_request
    entry.coverage_feed = coverage
    entry.feed_link = permalink(entry, coverage.feed_url)
    html = str(entry.body.render_as_block(context={"request": request, "page": coverage}))
    html += render_to_string("news/includes/corrections.html", {"story": entry})
    entry.feed_content = absolute_links(html, site_root(request))


class AtomLiveEntryFeed(LiveEntryFeed):
    feed_type = StoryAtom

    def subtitle(self, coverage):
        return self.description(coverage)
