"""Webhooks in the admin, under Settings: the receivers, and the log of every delivery."""

from django import forms
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from webhooks.models import EVENTS, Webhook, WebhookDelivery


class WebhookForm(WagtailAdminModelForm):
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(choices=EVENTS, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Webhook
        fields = ["name", "url", "events", "secret", "is_active"]


class WebhookViewSet(ModelViewSet):
    model = Webhook
    edit_handler = ObjectList(
        [FieldPanel(name) for name in WebhookForm.Meta.fields], base_form_class=WebhookForm
    )
    list_display = ["name", "url", "is_active"]
    icon = "link-external"


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    form_fields = []
    list_display = [
        "event",
        "webhook",
        "status",
        "attempts",
        "response_status",
        "error",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event", "webhook"]
    inspect_view_enabled = True
    copy_view_enabled = False
    icon = "list-ul"


class WebhooksGroup(ViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    items = [WebhookViewSet("webhooks"), WebhookDeliveryViewSet("webhook_deliveries")]


@hooks.register("register_admin_viewset")
def register_webhooks():
    return WebhooksGroup()
