from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News"

    def ready(self):
        from news import (
            cache_invalidation,
            reader_pages,
            search_index,
            section_grants,
            shown_pages,
            visibility,
        )

        cache_invalidation.connect()
        shown_pages.connect()
        section_grants.connect()
        visibility.connect()
        search_index.connect()
        reader_pages.install()
        from news.api import register_v3_types

        register_v3_types()
