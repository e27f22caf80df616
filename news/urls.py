"""Feeds, sitemaps and robots.txt: routes that sit beside Wagtail's page tree rather than in it."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from news import views
from news.distribution import feeds
from news.distribution.robots import robots_txt
from news.distribution.sitemaps import AuthorSitemap, NewsroomSitemap, news_sitemap

section_rss, section_atom = feeds.feeds_for(feeds.SectionFeedMixin)
author_rss, author_atom = feeds.feeds_for(feeds.AuthorFeedMixin)
tag_rss, tag_atom = feeds.feeds_for(feeds.TagFeedMixin)

urlpatterns = [
    path("feed/", feeds.StoryFeed(), name="feed"),
    path("feed/atom/", feeds.AtomStoryFeed(), name="feed_atom"),
    path("authors/<slug:slug>/feed/", author_rss, name="author_feed"),
    path("authors/<slug:slug>/feed/atom/", author_atom, name="author_feed_atom"),
    path("tags/<slug:slug>/feed/", tag_rss, name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", tag_atom, name="tag_feed_atom"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": NewsroomSitemap, "authors": AuthorSitemap}},
        name="sitemap",
    ),
    path("news-sitemap.xml", news_sitemap, name="news_sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("corrections/", views.corrections, name="corrections"),
    # Last: a section's slug is the first part of the path, like its pages.
    path("<slug:section>/feed/", section_rss, name="section_feed"),
    path("<slug:section>/feed/atom/", section_atom, name="section_feed_atom"),
]
