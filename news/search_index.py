"""A story's indexed byline follows its authors: only published authors' names find it.

A story is indexed with the names in its byline as readers see it (NewsArticle.byline_names),
so publishing, unpublishing or renaming an author changes what its stories are found by. The
stories are indexed again by a background task, as Wagtail indexes a saved page.
"""

from django.db.models.signals import post_save
from django_tasks import task
from modelsearch import index

# What a story's indexed byline holds of an author.
INDEXED_AUTHOR_FIELDS = {"name", "live"}


@task()
def index_bylines_of(author_id):
    from news.models import NewsArticle
    from news.querysets import byline_prefetch

    stories = NewsArticle.objects.filter(story_authors__author_id=author_id).distinct()
    for story in stories.prefetch_related(byline_prefetch()):
        index.insert_or_update_object(story)


def author_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    # Saving a revision, or a lock, leaves the name and the published state as they were.
    if raw or (update_fields is not None and not INDEXED_AUTHOR_FIELDS & set(update_fields)):
        return
    index_bylines_of.enqueue(instance.pk)


def connect():
    post_save.connect(author_saved, sender="people.Author", dispatch_uid="newsdesk-index-bylines")
