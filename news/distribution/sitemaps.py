"""/sitemap.xml for every page readers may see (Wagtail's pages and the authors' pages), and a
Google News sitemap of the last 48 hours."""

from datetime import timedelta

from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap

from caching import response_cache
from news.distribution.structured_data import absolute_url
from news.models import NewsArticle, newsroom_settings
from news.querysets import story_type_ids
from people.models import Author

# Google News only reads stories published in the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class NewsroomSitemap(Sitemap):
    def items(self):
        # A new story joins the list; the pages listed are recorded as they are fetched.
        response_cache.depends_on("stream:all")
        # Wagtail lists live, public pages; stories of every type (a live coverage is one)
        # must also pass our visibility rule (an expired story stays live until the
        # scheduler runs).
        return (
            super()
            .items()
            .filter(
                ~Q(content_type__in=story_type_ids())
                | Q(pk__in=NewsArticle.objects.visible().values("pk"))
            )
        )


class AuthorSitemap(Sitemap):
    """Every published author's page (people.views.author_detail shows any live author).

    Wagtail's Sitemap for its request and Site: Django's own would prefix each path with the
    request's Host header."""

    def items(self):
        return Author.objects.live().order_by("slug")

    def _urls(self, page, protocol, domain):
        urls = [
            {
                "item": author,
                "location": absolute_url(author.get_absolute_url(), self.request),
                "lastmod": author.last_published_at,
            }
            for author in self.paginator.page(page).object_list
        ]
        modified = {url["lastmod"] for url in urls}
        if modified and None not in modified:
            self.latest_lastmod = max(modified)
        return urls


def news_sitemap(request):
    stories = (
        NewsArticle.objects.visible()
        .filter(first_published_at__gte=timezone.now() - NEWS_WINDOW)
        .newest_first()
        .defer("body")[:NEWS_LIMIT]
    )
    return TemplateResponse(
        request,
        "news/news_sitemap.xml",
        {"stories": stories, "newsroom": newsroom_settings(request)},
        content_type="application/xml; charset=utf-8",
    )
