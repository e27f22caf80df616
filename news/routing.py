"""Routing a URL to a page's child as its own type, for the home page and its sections.

Shared by news.CategoryPage and home.HomePage; the child model is named through the app
registry, so this module imports no models.
"""

import copy

from django.apps import apps

from caching.fragments import stored_part
from caching.remembered import remembered
from caching.response_cache import is_anonymous_read
from news.querysets import ParentPath


class RoutesToTypedChildren:
    """Route to a child page as its own type in one query, or none.

    Wagtail's route fetches a plain page, then the specific one again. Treebeard's parent
    cache is filled as Wagtail's own route does, so a story knows its section for free.

    A reader's request (anonymous, caching.response_cache.is_anonymous_read) finds a section's
    story as a stored part (caching.fragments): the row as it was read, recorded with the
    story's tag and expiry like every part, so it is used only while no publish, unpublish or
    edit of it has happened since; whether the story may be served is still read from the
    database each time, by the one small query of the visibility rule. An editor's request
    reads the row, with its draft bookkeeping.
    """

    routed_child_type = None  # "app_label.ModelName" of the children this page routes to
    # Children that change only with the "site" cache tag (the home page's sections): each
    # worker remembers them under its version (caching.remembered) rather than asking per page.
    remembers_children = False
    # Children a reader is served from a stored part (a section's stories).
    stores_children = False

    def routed_children(self):
        return apps.get_model(self.routed_child_type).objects.child_of(self)

    def children_by_slug(self):
        # Found through the index of pages by parent: child_of() walks the whole page tree.
        children = apps.get_model(self.routed_child_type).objects.alias(
            parent_path=ParentPath("path")
        )
        return {child.slug: child for child in children.filter(parent_path=self.path)}

    def typed_child(self, slug):
        child = self.routed_children().filter(slug=slug).first()
        if child is not None and child.specific_class is not type(child):
            # A subtype (live coverage under a section): one more query for its own fields;
            # what was read with the child is carried over.
            child = child.specific
        return child

    def routed_child(self, request, slug):
        if self.remembers_children:
            children = remembered(f"children:{self.pk}", self.children_by_slug)
            # A copy: what routing sets on it must not reach the next request.
            return copy.copy(children[slug]) if slug in children else None
        if self.stores_children and is_anonymous_read(request):
            # Unpickled afresh from the cache on each request: nothing to copy.
            child = stored_part(f"child:{self.pk}:{slug}", lambda: self.typed_child(slug), request)
            if child is not None:
                # Whether it may be served now is read from the database on every request,
                # whatever the stored row says (NewsArticle.is_published_now).
                child.__dict__.pop("published_now_when_read", None)
            return child
        return self.typed_child(slug)

    def route(self, request, path_components):
        if path_components:
            child = self.routed_child(request, path_components[0])
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
