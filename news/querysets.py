"""How stories and sections are read: the one visibility rule, newest first, by section.

Kept apart from the page models so a reader of news/models.py sees what a story is, and a
reader of this module how lists of them are fetched in a fixed number of queries. The models
are named through the app registry, as news.models imports this module.
"""

from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Prefetch, Q
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager, get_page_models

from caching import response_cache
from news.visibility import NewsroomPageQuerySet

# The renditions of its lead image a story card shows (news_tags.card_image), by the card's
# place: the first is the <img>'s src, width and height, and all of them make its srcset.
CARD_IMAGES = {
    "lead": ("fill-960x540", "fill-480x270", "fill-1440x810"),
    "thumbnail": ("fill-480x270", "fill-240x135"),
}


class ParentPath(Func):
    """The path of a page's parent: for a story, its section's; for a section, the home page's.

    Spelled exactly as the `news_page_children_newest` index is built (migration 0008), with
    the step length written in rather than passed as a parameter: SQLite uses an index on an
    expression only for a query that repeats the expression word for word.
    """

    template = f"SUBSTR(%(expressions)s, 1, LENGTH(%(expressions)s) - {Page.steplen})"
    arity = 1
    output_field = models.CharField()


class StoryQuerySet(NewsroomPageQuerySet):
    """Stories. Each one fetched while a response is built is recorded in it by
    caching.shown_pages, like every page."""

    def visible(self, now=None):
        """Stories a reader may see right now: the one rule every page, feed and API uses.

        Live (so not a draft and not waiting for its go-live time), outside any private
        section, and not past an expiry that the scheduler has yet to act on. Built only from
        indexed filter fields, so search back-ends apply the very same rule. `now` is the
        moment expiry is judged at (this one by default).
        """
        return self.filter(self.visible_q(now))

    def visible_q(self, now=None):
        """visible() as a condition on a page's own columns, for querysets of any page type
        (the API's mixed listings) without a subquery that would read every story."""
        return self.published_now_q(now) & ~self.private_q()

    def published_now_q(self, now=None):
        """visible() but for view restrictions: live, and not past an expiry the scheduler
        has yet to act on. Serving a page checks its restrictions itself, reader by reader
        (a password or a login may let one in), so a story's URL asks only this."""
        not_expired = Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now())
        return self.live_q() & not_expired

    def published_now(self):
        return self.filter(self.published_now_q())

    def with_published_now(self):
        """Each story read with whether it is published now, for routing to it in one query."""
        condition = ExpressionWrapper(self.published_now_q(), output_field=BooleanField())
        return self.annotate(published_now_when_read=condition)

    def newest_first(self):
        # A list of the newest stories changes whenever any story is published or unpublished.
        response_cache.depends_on("stream:all")
        return self.order_by(F("first_published_at").desc(nulls_last=True), "-pk")

    def in_section(self, section):
        """Stories filed under `section`, as child_of() finds them, but read newest first from
        the index of pages by parent instead of sorting every story in the section."""
        return self.alias(section_path=ParentPath("path")).filter(section_path=section.path)

    def by_author(self, author):
        return self.filter(story_authors__author=author)

    def with_byline(self):
        """Byline authors and tags for every story, fetched in a fixed number of queries."""
        return self.prefetch_related(byline_prefetch(), "tags")

    def for_listing(self):
        """What a list of stories shows: the byline and tags, but not the (large) body."""
        return self.with_byline().defer("body")

    def with_card_images(self):
        """Each story's lead image with the renditions its card shows: two queries for every
        card on the page, however many there are."""
        return self.prefetch_related(card_images_prefetch())

    def newest_per_section(self, sections, per_section):
        """The newest `per_section` stories of each of `sections`, in one query.

        Each section's share is a subquery of its own with a LIMIT, read from the index of
        pages by parent, so the cost is the stories shown however large the archive grows;
        ranking every story within its section read them all. The shares are joined with
        UNION ALL: PostgreSQL answered an OR of them by reading every story. The shares are
        one queryset filtered by each section, not each built from scratch, and wrapped only
        for a database that needs it: building and nesting them cost more than running them.
        """
        if not sections:
            return self.none()
        newest = self.newest_first().values("pk")
        shares = [newest.in_section(section)[:per_section] for section in sections]
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            # SQLite allows no LIMIT on the parts of a UNION themselves, so each is wrapped.
            wrapped = self.model.objects.order_by().values("pk")
            shares = [wrapped.filter(pk__in=share) for share in shares]
        return self.filter(pk__in=shares[0].union(*shares[1:], all=True))


StoryManager = PageManager.from_queryset(StoryQuerySet)


@cache
def story_types():
    """Stories and the page types built on them (a live coverage is one): visible() is the
    rule for every one of them, wherever pages of mixed types are read."""
    story = apps.get_model("news", "NewsArticle")
    return tuple(model for model in get_page_models() if issubclass(model, story))


def story_type_ids():
    # Read through ContentType's own cache, which a fresh database (tests) clears.
    return {ContentType.objects.get_for_model(model).pk for model in story_types()}


def section_pages():
    # By name: news.models builds its pages on this module, so this module cannot import it.
    return apps.get_model("news", "CategoryPage").objects


def byline_prefetch():
    bylines = apps.get_model("news", "StoryAuthor").objects.filter(author__live=True)
    return Prefetch("story_authors", queryset=bylines.select_related("author", "author__photo"))


def card_images_prefetch():
    specs = dict.fromkeys(spec for specs in CARD_IMAGES.values() for spec in specs)
    images = get_image_model().objects.prefetch_renditions(*specs)
    return Prefetch("lead_image", queryset=images)


def attach_sections(stories):
    """Give each story its `section` (the CategoryPage above it) with one query for all."""
    stories = list(stories)
    paths = {story.path[: -Page.steplen] for story in stories}
    sections = {section.path: section for section in section_pages().filter(path__in=paths)}
    for story in stories:
        story.section = sections.get(story.path[: -Page.steplen])
    return stories


def sections_of(home):
    """The sections readers can open from `home` (live and public), in the editors' order.

    Found through the index of pages by parent: child_of() with its ordering by path had SQLite
    read the whole page tree, every story included, on every page that shows the menu.
    """
    return (
        section_pages()
        .alias(parent_path=ParentPath("path"))
        .filter(parent_path=home.path)
        .live()
        .public()
    )
