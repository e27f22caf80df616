"""Internal links in rich text, shown to readers only while the page they lead to is visible.

Wagtail's page link handler renders the path of whatever page a link names: a draft, a story
scheduled for later, one in a private section or past its expiry (and a story's slug is its
headline). Ours links only to pages `NewsArticle.objects.visible()`'s rule lets readers see;
any other link renders as Wagtail renders a link to a deleted page, `<a>`: its text, without
an address. Registered for every rich-text render (news/desk/wagtail_hooks.py): pages, feeds and
both APIs alike.
"""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from caching import response_cache
from news.models import NewsArticle


class ReaderPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        """The pages `attrs_list` links to, None for each readers may not see, in one query
        (and one per page type) however many links there are."""
        ids = [str(attrs.get("id", "")) for attrs in attrs_list]
        wanted = {page_id for page_id in ids if page_id.isdigit()}
        # Shown or hidden, each linked story is part of the response: publishing, unpublishing
        # or hiding it must reach this response (and a stored API serialisation) at once.
        response_cache.depends_on(*(f"story:{page_id}" for page_id in wanted))
        pages = (
            Page.objects.filter(pk__in=wanted)
            .filter(NewsArticle.objects.visible_q())
            .defer_streamfields()
            .specific()
            if wanted
            else []
        )
        by_id = {}
        for page in pages:
            response_cache.expires_by(page.expire_at)  # an expired story is hidden at once
            by_id[str(page.pk)] = page
        return [by_id.get(page_id) for page_id in ids]
