"""Story cards: a story as the lists show it (front page, sections, tags, authors), stored per
host, story and look (caching.fragments) and rendered again only when what it shows changes.

Every publish bumps "stream:all", which every list records, so every list's response goes with
every publish; its cards need not. Which stories a list shows, and in which order, stays a
query on every request (visible()): a stored card never decides that, it only saves rendering
a story that has not changed. A card records the story's tag and expiry (its byline, lead
image and corrections bump that tag) and the "site" tag (its section's title and address).

All the cards of a page are read at once (one cache read, one look-up of their tag versions),
and what rendering needs (bylines, sections, card images) is fetched only when a card has to
be rendered, for every story on the page in the same few queries.
"""

from dataclasses import asdict, dataclass
from functools import cache

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from caching import response_cache
from caching.fragments import stored_parts
from news.querysets import attach_sections, byline_prefetch, card_images_prefetch

CARD_TEMPLATE = "news/includes/story_card.html"


@dataclass(frozen=True)
class Look:
    """How a list shows its cards: story_card.html's parameters."""

    with_section: bool = False
    with_image: bool = False
    as_lead: bool = False
    heading: str = "h2"

    @property
    def name(self):
        shown = (("section", self.with_section), ("image", self.with_image), ("lead", self.as_lead))
        return "+".join([word for word, shows in shown if shows] + [self.heading])


def attach_cards(request, *lists):
    """Give each story of `lists` ((stories, Look) pairs) its `card`, the HTML of
    story_card.html: stored cards with one cache read and one look-up of tag versions for the
    whole page, the others rendered and stored."""
    placed = [(story, look) for stories, look in lists for story in stories]

    @cache
    def fetch_what_cards_show():
        # For every story on the page, once, when the first card has to be rendered: a page
        # whose cards are all stored fetches none of it. Bylines, images and sections only: a
        # story fetched again here would be recorded on the card being built, which shows one.
        stories = [story for story, _ in placed]
        prefetch_related_objects(stories, byline_prefetch(), card_images_prefetch())
        attach_sections(stories)

    host = request.get_host()

    def build(story, look):
        def render():
            response_cache.depends_on(f"story:{story.pk}")
            response_cache.expires_by(story.expire_at)
            fetch_what_cards_show()
            context = {"story": story, "request": request, **asdict(look)}
            return render_to_string(CARD_TEMPLATE, context)

        return render

    keys = [f"card:{host}:{story.pk}:{look.name}" for story, look in placed]
    cards = stored_parts(
        {key: build(story, look) for key, (story, look) in zip(keys, placed, strict=True)}
    )
    for key, (story, _) in zip(keys, placed, strict=True):
        story.card = mark_safe(cards[key])
