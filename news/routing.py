"""Routing a URL to a page's child as its own type, for the home page and its sections.

Shared by news.CategoryPage and home.HomePage; the child model is named through the app
registry, so this module imports no models.
"""

from django.apps import apps


class RoutesToTypedChildren:
    """Route to a child page as its own type in one query.

    Wagtail's route fetches a plain page, then the specific one again. Treebeard's parent
    cache is filled as Wagtail's own route does, so a story knows its section for free.
    """

    routed_child_type = None  # "app_label.ModelName" of the children this page routes to

    def routed_children(self):
        return apps.get_model(self.routed_child_type).objects.child_of(self)

    def route(self, request, path_components):
        if path_components:
            child = self.routed_children().filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                if child.specific_class is not type(child):
                    # A subtype (live coverage under a section): one more query for its own
                    # fields; what was read with the child, and its parent, are carried over.
                    child = child.specific
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
