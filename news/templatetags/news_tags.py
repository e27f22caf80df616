import json
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.images.models import ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Site

from news import formatting
from news.distribution import structured_data
from news.models import CategoryPage, newsroom_settings
from news.querysets import CARD_IMAGES, sections_of

register = template.Library()


@register.filter
def excerpt(text, limit=100):
    return formatting.excerpt(text, int(limit))


@register.filter
def time_ago(moment):
    return formatting.time_ago(moment)


@register.inclusion_tag("news/includes/section_nav.html", takes_context=True)
def section_nav(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    sections = sections_of(site.root_page) if site else CategoryPage.objects.none()
    return {"sections": sections, "current": context.get("page")}


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
