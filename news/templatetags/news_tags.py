from django import template
from wagtail.models import Site

from news import formatting
from news.models import CategoryPage

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
    sections = (
        CategoryPage.objects.child_of(site.root_page).live().public()
        if site
        else CategoryPage.objects.none()
    )
    return {"sections": sections, "current": context.get("page")}
