import secrets

from django.db import models

from webhooks.addresses import validate_receiver_url

EVENTS = [
    ("story.published", "Story published"),
    ("story.updated", "Story changed while live (republished)"),
    ("story.unpublished", "Story unpublished"),
    ("story.submitted", "Story submitted for review"),
    ("story.approved", "Story approved"),
    ("story.changes_requested", "Changes requested on a story"),
    ("live.entry_published", "Live entry published"),
    ("live.entry_updated", "Live entry changed after publication (edited, pinned, withdrawn)"),
    ("live.ended", "Live coverage ended"),
]


def new_secret():
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A receiver, such as a front end's cache purge or a Slack bridge, told about stories."""

    name = models.CharField(max_length=255)
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_receiver_url],
        help_text="A public https address (see NEWSDESK_WEBHOOK_ALLOWED_HOSTS for internal ones)",
    )
    events = models.JSONField(default=list, help_text="What this receiver is told about")
    secret = models.CharField(
        max_length=255,
        default=new_secret,
        help_text="Signs every delivery (X-Newsdesk-Signature); share it with the receiver only",
    )
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event):
        return self.is_active and event in self.events


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook: the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be (re)tried"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    webhook = models.ForeignKey(Webhook, related_name="deliveries", on_delete=models.CASCADE)
    event = models.CharField(max_length=50, choices=EVENTS)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            # A delivery waiting to be tried always knows when: none can be forgotten.
            models.CheckConstraint(
                condition=~models.Q(status="pending") | models.Q(next_attempt_at__isnull=False),
                name="pending_delivery_has_next_attempt",
            )
        ]

    def __str__(self):
        return f"{self.event} to {self.webhook}"
