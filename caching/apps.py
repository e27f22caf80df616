from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Caching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from caching import fragments, invalidation, shown_pages

        invalidation.connect()
        shown_pages.connect()
        request_started.connect(fragments.request_started, dispatch_uid="newsdesk-parts-start")
        request_finished.connect(fragments.request_finished, dispatch_uid="newsdesk-parts-end")
