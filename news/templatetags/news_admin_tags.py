"""Tags for our parts of Wagtail's admin templates."""

from django import template

from news.desk.new_story import add_story_url, new_story_label, story_kinds
from news.models import CategoryPage

register = template.Library()


@register.simple_tag
def section_new_story_buttons(page, user):
    """(label, URL) of each "New story" button in a section's page listing: none elsewhere, or
    for a user who may not file there."""
    if page is None or page.specific_class is not CategoryPage:
        return []
    if not page.permissions_for_user(user).can_add_subpage():
        return []
    return [(new_story_label(kind), add_story_url(page, kind)) for kind in story_kinds()]
