from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from webhooks import live_events, signal_handlers
        from webhooks.models import WebhookDelivery
        from webhooks.permissions import DeliveryLogPolicy

        register_permission_policy(WebhookDelivery, DeliveryLogPolicy(WebhookDelivery))
        signal_handlers.connect()
        live_events.connect()
