"""Which newsroom moments become webhook events (live coverage's own: webhooks/live_events.py)."""

from django.db.models.signals import post_save
from wagtail.models import PageLogEntry
from wagtail.signals import (
    page_published,
    page_unpublished,
    workflow_approved,
    workflow_rejected,
)

from caching.shown_pages import story_types
from news.models import NewsArticle
from webhooks.delivery import announce


def was_live_before(story):
    # page_published fires before this publish is logged: the latest entry is the previous one.
    previous = (
        PageLogEntry.objects.filter(page=story, action__in=["wagtail.publish", "wagtail.unpublish"])
        .order_by("-timestamp", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return previous == "wagtail.publish"


def on_published(sender, instance, **kwargs):
    announce("story.updated" if was_live_before(instance) else "story.published", instance)


def on_unpublished(sender, instance, **kwargs):
    announce("story.unpublished", instance)


def workflow_event(event):
    def handler(sender, instance, **kwargs):
        page = instance.content_object
        if issubclass(page.specific_class, NewsArticle):
            announce(event, page)

    return handler


SUBMISSIONS = {"wagtail.workflow.start", "wagtail.workflow.resume"}


def on_logged(sender, instance, created, **kwargs):
    # A first submission and a resubmission after changes are both "submitted"; only the audit
    # log records both (Wagtail signals the first alone).
    if (
        created
        and instance.action in SUBMISSIONS
        and issubclass(instance.page.specific_class, NewsArticle)
    ):
        announce("story.submitted", instance.page)


on_approved = workflow_event("story.approved")
on_changes_requested = workflow_event("story.changes_requested")


def connect():
    # Wagtail names the page's own type as the sender: a live coverage is a story too.
    for story_type in story_types():
        page_published.connect(on_published, sender=story_type)
        page_unpublished.connect(on_unpublished, sender=story_type)
    post_save.connect(on_logged, sender=PageLogEntry)
    workflow_approved.connect(on_approved)
    workflow_rejected.connect(on_changes_requested)
