"""A published story is made ready for its first readers by the task worker, not by them.

The first request after a publish would serialise the story for the API (news/api/stored.py),
make its image renditions and render its page: hundreds of milliseconds, paid by a reader,
on every node at once after a breaking story. Once the publish commits, a background task
asks for the story as readers do (its page, and its API v2 and v3 details) through the whole
request stack, in the worker's process: that stores the story's API JSON, makes the renditions
those views use, and fills the shared response cache.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.test import Client
from django_tasks import task
from wagtail.signals import page_published


def reader_paths(story):
    return [
        story.get_url_parts()[2],
        f"/api/v2/pages/{story.pk}/",
        f"/api/v3/pages/{story.pk}/",
    ]


@task()
def warm_published_story(story_id):
    from news.models import NewsArticle

    story = NewsArticle.objects.visible().filter(pk=story_id).first()
    if story is None:  # taken down, or its embargo moved, since it was published
        return
    site = story.get_site()
    root = urlsplit(site.root_url)
    # Django's in-process client: the reader's request through every middleware, with no
    # network hop to a load balancer the worker may not reach. As a reader, with no cookies.
    reader = Client(HTTP_HOST=root.netloc)
    for path in reader_paths(story):
        reader.get(path, secure=root.scheme == "https")


def story_published(sender, instance, **kwargs):
    from news.models import NewsArticle

    if settings.NEWSDESK_WARM_PUBLISHED_STORIES and isinstance(
        instance.specific_deferred, NewsArticle
    ):
        transaction.on_commit(lambda: warm_published_story.enqueue(instance.pk))


def connect():
    page_published.connect(story_published, dispatch_uid="newsdesk-warm-published-story")
