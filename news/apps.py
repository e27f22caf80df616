from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News"

    def ready(self):
        from news import cache_invalidation, shown_pages, visibility

        cache_invalidation.connect()
        shown_pages.connect()
        visibility.connect()
        from news.api import register_v3_types

        register_v3_types()
