"""Tags for our parts of Wagtail's admin templates."""

from django import template

from news.desk.new_story import add_story_url
from news.models import CategoryPage

register = template.Library()


@register.simple_tag
def section_new_story_url(page, user):
    """Where "New story" goes from a section's page listing; None elsewhere, or for a user who
    may not file there."""
    if page is None or page.specific_class is not CategoryPage:
        return None
    return add_story_url(page) if page.permissions_for_user(user).can_add_subpage() else None
