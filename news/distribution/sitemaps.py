"""/sitemap.xml for every page readers may see, and a Google News sitemap of the last 48 hours."""

from datetime import timedelta

from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap

from caching import response_cache
from news.models import NewsArticle, newsroom_settings

# Google News only reads stories published in the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class NewsroomSitemap(Sitemap):
    def items(self):
        # A new story joins the list; the pages listed are recorded as they are fetched.
        response_cache.depends_on("stream:all")
        # Wagtail lists live, public pages; stories must also pass our visibility rule
        # (an expired story stays live until the scheduler runs).
        return (
            super()
            .items()
            .filter(
                ~Q(content_type__model="newsarticle", content_type__app_label="news")
                | Q(pk__in=NewsArticle.objects.visible().values("pk"))
            )
        )


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
