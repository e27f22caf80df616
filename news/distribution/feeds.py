"""RSS 2.0 and Atom feeds of published stories: everything, or one section, author or tag.

Built on Django's syndication framework; our additions are the full story in the feed
(content:encoded / atom:content), one entry per byline author, and the lead image as an
enclosure, which is what feed readers and aggregators show.
"""

import mimetypes
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Site

from caching import response_cache
from caching.fragments import stored_parts
from news.blocks import load_together
from news.distribution.structured_data import absolute_url
from news.models import CategoryPage, NewsArticle, newsroom_settings
from news.querysets import attach_sections, byline_prefetch
from people.models import Author

ENCLOSURE_SPEC = "width-1200"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


class StoryRss(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NAMESPACE,
            "xmlns:dc": DC_NAMESPACE,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["byline"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])


class StoryAtom(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in zip(item["byline"], item["byline_urls"], strict=True):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class FeedScope:
    """What one feed covers: its title and page, and the stories in it."""

    title: str
    link: str
    description: str
    stories: object
    request: object


def site_root(request):
    return absolute_url("/", request)


def story_id(story, request):
    """The story's permanent id in both feeds: a tag URI (RFC 4151) from the site's host, the
    day it was first published and its database id. Its URL would change when the story moves
    to another section or its slug is edited, and readers would then see it twice."""
    site = Site.find_for_request(request)
    host = site.hostname if site else request.get_host().split(":")[0]
    first_published = story.first_published_at.astimezone(UTC).date().isoformat()
    return f"tag:{host},{first_published}:story/{story.pk}"


class StoryFeed(Feed):
    feed_type = StoryRss
    # The guid is a tag URI, not the story's address (see story_id).
    item_guid_is_permalink = False

    def get_object(self, request, **kwargs):
        newsroom = newsroom_settings(request)
        stories = NewsArticle.objects.visible()
        return FeedScope(
            title=newsroom.publication_name,
            link=site_root(request),
            description=newsroom.tagline or f"The latest stories from {newsroom.publication_name}",
            stories=stories,
            request=request,
        )

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description

    def feed_url(self, scope):
        # The Site's address and the bare path: a reader's Host header or tracking query
        # (?utm_source=) must not become the feed's rel="self".
        return absolute_url(scope.request.path, scope.request)

    def items(self, scope):
        # Which stories the feed holds is read on every request (visible()); each item is
        # stored apart (feed_items), rendered again only when what it shows changes.
        stories = list(scope.stories.newest_first().defer("body")[: settings.NEWSDESK_FEED_SIZE])
        attach_feed_items(stories, scope.request)
        return stories

    def item_title(self, story):
        return story.feed_item["title"]

    def item_link(self, story):
        return story.feed_item["link"]

    def item_guid(self, story):
        return story.feed_item["guid"]

    def item_description(self, story):
        return story.feed_item["description"]

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at

    def item_categories(self, story):
        return story.feed_item["categories"]

    def item_enclosures(self, story):
        return [Enclosure(*enclosure) for enclosure in story.feed_item["enclosures"]]

    def item_extra_kwargs(self, story):
        item = story.feed_item
        return {key: item[key] for key in ("content", "byline", "byline_urls")}


def attach_feed_items(stories, request):
    """Give each story its `feed_item`: what both formats show of it (absolute links, full
    content, enclosure), stored per host and story (caching.fragments) with the story's tag
    and expiry and the tags of every story its body links to; one cache read and one look-up
    of tag versions for the whole feed. What rendering needs (bodies, bylines, tags,
    corrections, sections, pictures) is fetched when the first item has to be rendered, for
    every story of the feed at once."""

    @cache
    def fetch_what_items_show():
        # Not the stories themselves again: a row fetched here would be recorded on the item
        # being built, which shows one story. The bodies come as values, not rows.
        bodies = dict(
            NewsArticle.objects.filter(pk__in=[story.pk for story in stories]).values_list(
                "pk", "body"
            )
        )
        for story in stories:
            story.body = bodies[story.pk]
        images = get_image_model().objects.prefetch_renditions(ENCLOSURE_SPEC)
        prefetch_related_objects(
            stories,
            byline_prefetch(),
            "tags",
            "corrections",
            Prefetch("lead_image", queryset=images),
        )
        attach_sections(stories)

    def build(story):
        def render():
            response_cache.depends_on(f"story:{story.pk}")
            response_cache.expires_by(story.expire_at)
            fetch_what_items_show()
            # Its own links looked up here, so their stories' tags are recorded on this item.
            load_together([story.body])
            return feed_item(story, request)

        return render

    host = request.get_host()
    keys = [f"feed-item:{host}:{story.pk}" for story in stories]
    items = stored_parts({key: build(story) for key, story in zip(keys, stories, strict=True)})
    for key, story in zip(keys, stories, strict=True):
        story.feed_item = items[key]


def feed_item(story, request):
    html = str(story.body.render_as_block(context={"request": request, "page": story}))
    html += render_to_string("news/includes/corrections.html", {"story": story})
    enclosures = []
    if story.lead_image:
        rendition = story.lead_image.get_rendition(ENCLOSURE_SPEC)
        enclosures = [
            (
                absolute_url(rendition.url, request),
                str(rendition.file.size),
                mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg",
            )
        ]
    byline = story.byline
    section = [story.section.title] if story.section else []
    return {
        "title": story.title,
        "link": story.get_full_url(request),
        "guid": story_id(story, request),
        "description": story.standfirst,
        "categories": section + [tag.name for tag in story.tags.all()],
        "enclosures": enclosures,
        "content": absolute_links(html, site_root(request)),
        "byline": [author.name for author in byline],
        "byline_urls": [absolute_url(author.get_absolute_url(), request) for author in byline],
    }


def absolute_links(html, root):
    """Feed readers show content away from our site: every link and image must be absolute."""
    soup = BeautifulSoup(html, "html.parser")
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            element[attribute] = urljoin(root, element[attribute])
    return str(soup)


class AtomStoryFeed(StoryFeed):
    feed_type = StoryAtom

    def subtitle(self, scope):
        return scope.description


class SectionFeedMixin:
    def get_object(self, request, section):
        scope = super().get_object(request)
        site_section = (
            CategoryPage.objects.child_of(Site.find_for_request(request).root_page)
            .live()
            .public()
            .filter(slug=section)
            .first()
        )
        if site_section is None:
            raise Http404("No such section")
        scope.title = f"{site_section.title} · {scope.title}"
        scope.link = site_section.get_full_url(request)
        scope.description = site_section.intro or scope.description
        scope.stories = scope.stories.in_section(site_section)
        return scope


class AuthorFeedMixin:
    def get_object(self, request, slug):
        scope = super().get_object(request)
        try:
            author = Author.objects.live().get(slug=slug)
        except Author.DoesNotExist as missing:
            raise Http404("No such author") from missing
        scope.title = f"{author.name} · {scope.title}"
        scope.link = absolute_url(author.get_absolute_url(), request)
        scope.description = f"Stories by {author.name}"
        scope.stories = scope.stories.by_author(author)
        return scope


class TagFeedMixin:
    def get_object(self, request, slug):
        scope = super().get_object(request)
        try:
            tag = Tag.objects.get(slug=slug)
        except Tag.DoesNotExist as missing:
            raise Http404("No such tag") from missing
        scope.title = f"{tag.name} · {scope.title}"
        scope.description = f"Stories tagged {tag.name}"
        scope.stories = scope.stories.filter(tags__slug=slug)
        return scope


def feeds_for(mixin):
    """The RSS and Atom views of one feed scope."""
    rss = type(f"{mixin.__name__}Rss", (mixin, StoryFeed), {})
    atom = type(f"{mixin.__name__}Atom", (mixin, AtomStoryFeed), {})
    return rss(), atom()
