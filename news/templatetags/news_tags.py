import json
import re

from django import template
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.images.models import ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Site

from caching import response_cache
from caching.fragments import prefetch, stored_part
from news import formatting
from news.blocks import load_together
from news.distribution import structured_data
from news.models import CategoryPage, NewsArticle, newsroom_settings
from news.querysets import CARD_IMAGES, byline_prefetch, sections_of

register = template.Library()


@register.filter
def excerpt(text, limit=100):
    return formatting.excerpt(text, int(limit))


@register.filter
def time_ago(moment):
    # A page or part that prints it is stored only until it would print something else.
    response_cache.expires_by(formatting.time_ago_changes_at(moment))
    return formatting.time_ago(moment)


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The sections menu, stored per host and current section (caching.fragments): sections
    are framed by the "site" tag, which any change to one of them bumps."""
    request = context.get("request")
    current = context.get("page")

    def render():
        site = Site.find_for_request(request) if request else None
        sections = sections_of(site.root_page) if site else CategoryPage.objects.none()
        nav = {"sections": sections, "current": current}
        return render_to_string("news/includes/section_nav.html", nav, request)

    if request is None:
        return render()
    return stored_part(section_nav_key(request, current), render, request)


def section_nav_key(request, current):
    current_pk = current.pk if isinstance(current, CategoryPage) else None
    return f"section-nav:{request.get_host()}:{current_pk}"


@register.simple_tag(takes_context=True)
def recent_posts(context):
    """Recent Posts beside a story, as rendered list items: the newest stories but this one.
    Every story page shows the same list, so it is one stored part per host, one story longer
    than it shows, from which each page drops its own."""
    story, request = context["page"], context["request"]
    shown = settings.NEWSDESK_RECENT_POSTS

    def render():
        stories = NewsArticle.objects.visible().newest_first().defer("body")[: shown + 1]
        return [
            (
                other.pk,
                render_to_string("news/includes/recent_post.html", {"story": other}, request),
            )
            for other in stories
        ]

    items = stored_part(f"recent-posts:{request.get_host()}", render, request)
    return [mark_safe(item) for pk, item in items if pk != story.pk][:shown]


def story_part_key(name, story, request):
    return f"story-{name}:{request.get_host()}:{story.pk}"


@register.simple_tag(takes_context=True)
def prefetch_story_parts(context):
    """Read every stored part a story's page shows in one go (caching.fragments.prefetch):
    one cache read and one look-up of tag versions, not one of each per part."""
    story, request = context["page"], context["request"]
    if getattr(request, "is_preview", False):
        return ""
    keys = [section_nav_key(request, story), f"recent-posts:{request.get_host()}"]
    if type(story) is NewsArticle:
        keys += [story_part_key(name, story, request) for name in STORY_PARTS]
    prefetch(request, keys)
    return ""


# JSON inside <script> must not be able to close the element or open a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def card_image(story, place, **attributes):
    """A story card's lead image as an <img> with a srcset of the renditions its place on the
    page shows (CARD_IMAGES, prefetched by with_card_images()), and its width and height."""
    if not story.lead_image:
        return ""
    # As Wagtail's {% srcset_image %} does: a picture whose file is lost is a broken image, not
    # a front page that fails.
    renditions = get_renditions_or_not_found(story.lead_image, CARD_IMAGES[place])
    return ResponsiveImage(renditions, attributes)


@register.simple_tag
def json_ld(data):
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return structured_data.absolute_url(url, context["request"])


@register.simple_tag(takes_context=True)
def newsroom_share_image(context):
    """The card image of a page without one of its own (see structured_data.share_image)."""
    return structured_data.share_image(None, newsroom_settings(context["request"]))


@register.filter
def highlight(text, query):
    """Escape `text` and wrap each word of the reader's query in <mark>."""
    words = sorted(set(formatting.query_words(query)), key=len, reverse=True)
    text = escape(text)
    if not words:
        return mark_safe(text)
    pattern = re.compile("|".join(re.escape(escape(word)) for word in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", text))


# The parts a story's page stores apart (prefetch_story_parts reads them all at once).
STORY_PARTS = ("meta", "article")


class StoryPartNode(template.Node):
    def __init__(self, name, nodelist, shows_body):
        self.name, self.nodelist, self.shows_body = name, nodelist, shows_body

    def render(self, context):
        story, request = context["page"], context["request"]

        def render():
            # What the part shows: the story (its byline, tags, corrections and pictures bump
            # its tag) and whatever its body links to, recorded as it is fetched here.
            response_cache.depends_on(f"story:{story.pk}")
            response_cache.expires_by(story.expire_at)
            if not getattr(request, "is_preview", False):
                # A preview's byline and tags live in memory, unsaved; a saved story's are read.
                prefetch_related_objects([story], byline_prefetch(), "tags", "corrections")
            if self.shows_body:
                # Its rich text's links, looked up (and checked against visible()) at once.
                load_together([story.body])
            return self.nodelist.render(context)

        if getattr(request, "is_preview", False) or type(story) is not NewsArticle:
            # Unsaved content is never stored; nor is the article of a page type built on the
            # story's (live coverage), whose blocks inside it show more than the story.
            return render()
        return stored_part(story_part_key(self.name, story, request), render, request)


@register.tag
def story_part(parser, token):
    """{% story_part "name" [body] %}…{% endstory_part %}: a part of a story's page that shows
    only the story (and, with `body`, its body), stored apart from the page (caching.fragments)
    until the story or anything it shows changes; Recent Posts, which every publish changes,
    is a part of its own that every story page shares (recent_posts)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[2:] not in ([], ["body"]):
        raise template.TemplateSyntaxError(f'{bits[0]} takes a name, then "body" or nothing')
    if bits[1].strip("\"'") not in STORY_PARTS:
        raise template.TemplateSyntaxError(f"{bits[0]}: a part is one of {STORY_PARTS}")
    nodelist = parser.parse(("endstory_part",))
    parser.delete_first_token()
    return StoryPartNode(bits[1].strip("\"'"), nodelist, shows_body=bits[2:] == ["body"])
