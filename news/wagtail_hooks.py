"""Wagtail finds hooks in each app's wagtail_hooks module. The story model's are here; the review
desk's are in news/desk/wagtail_hooks.py, registered when this module imports it."""

from wagtail import hooks

from news.desk import wagtail_hooks as desk_hooks  # noqa: F401
from news.rich_text import ReaderPageLinkHandler


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own "page" links
def links_only_to_what_readers_may_see(features):
    features.register_link_type(ReaderPageLinkHandler)
