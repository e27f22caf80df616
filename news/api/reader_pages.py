"""The pages Wagtail's APIs serve to readers, held to the one story rule.

Both APIs build what a reader may see from one function of Wagtail's,
`wagtail.api.querysets.get_public_pages_queryset` (live pages of the requested site outside the
view restrictions the request has not passed): API v2's pages endpoint, and API v3's listing,
detail, `find` and the pages its filters name. It knows nothing of a story's expiry, which
readers must stop seeing the moment it passes, before the scheduler unpublishes the story. So
that function is wrapped once, here, rather than each view patched: whichever view asks,
readers get no story `NewsArticle.objects.visible()` hides.
"""

import wagtail.api.querysets
import wagtail.api.v2.views
import wagtail.api.v3.querysets
from django.db.models import Q
from wagtail.models import Page

from caching.shown_pages import story_type_ids
from news.models import NewsArticle

wagtail_public_pages = wagtail.api.querysets.get_public_pages_queryset


def readers_may_see_q(searchable):
    """Pages of any type but the stories visible() hides, of every story type (a live
    coverage is one).

    Tested on each page's own columns, which a database answers from the page it looks up;
    search back-ends filter mixed page types by id alone, so a list that may be `searchable`
    names the visible stories instead.
    """
    stories = NewsArticle.objects
    visible = Q(pk__in=stories.visible().values("pk")) if searchable else stories.visible_q()
    return ~Q(content_type__in=story_type_ids()) | visible


def public_pages(request, model=Page):
    """Wagtail's public pages for `request`, less the stories readers may not see."""
    pages = wagtail_public_pages(request, model)
    if issubclass(model, NewsArticle):
        return pages.filter(NewsArticle.objects.visible_q())
    if issubclass(NewsArticle, model):
        return pages.filter(readers_may_see_q(searchable="search" in request.GET))
    return pages


def install():
    # Each API module bound the name when it was imported: rebind it in each.
    for module in (wagtail.api.querysets, wagtail.api.v2.views, wagtail.api.v3.querysets):
        module.get_public_pages_queryset = public_pages
