from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News"

    def ready(self):
        from news import search_index, visibility
        from news.api import page_type, reader_pages, schema
        from news.desk import section_grants

        section_grants.connect()
        visibility.connect()
        search_index.connect()
        reader_pages.install()
        schema.register()
        page_type.register()
