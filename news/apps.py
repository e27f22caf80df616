from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News"

    def ready(self):
        from django.core import checks

        from news import search_index, visibility
        from news.api import page_type, preview, reader_pages, schema
        from news.desk import section_grants

        section_grants.connect()
        visibility.connect()
        search_index.connect()
        reader_pages.install()
        schema.register()
        page_type.register()
        checks.register(preview.check_preview_url)
