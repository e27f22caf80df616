"""When newsroom content changes, bump the cache tags of everything that showed it.

See cms.response_cache for the tags. Scheduled go-live and expiry arrive here too: the
scheduler publishes and unpublishes through the same revision machinery as an editor.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from cms.response_cache import bump


def bump_now_and_after_commit(tags):
    # Now, so this process never serves what it just changed; and again once the change is
    # committed, because a reader who asked in between may have cached the old content
    # under the new versions.
    bump(*tags)
    transaction.on_commit(lambda: bump(*tags))


def story_changed(sender, instance, **kwargs):
    from news.models import NewsArticle

    if isinstance(instance.specific_deferred, NewsArticle):
        # Publishing can add the story to lists and unpublishing removes it, and an edit
        # can change what every Recent Posts shows: the lists go, with the story itself.
        bump_now_and_after_commit({f"story:{instance.pk}", "stream:all"})
    else:
        # Sections and the home page frame every page (menu, fronts).
        bump_now_and_after_commit({"site"})
    purge_front_end_cache(instance)


def author_changed(sender, instance, **kwargs):
    from people.models import Author

    if not isinstance(instance, Author):
        return
    story_ids = instance.bylines.values_list("story_id", flat=True)
    # Their stories show the byline, and the authors list shows who is live.
    bump_now_and_after_commit(
        {f"author:{instance.pk}", "stream:authors"} | {f"story:{pk}" for pk in story_ids}
    )


def everything_changed(sender, **kwargs):
    bump_now_and_after_commit({"site"})


def purge_front_end_cache(page):
    """Tell a CDN, if one is configured, to drop the pages a story is listed on.

    Wagtail's frontend_cache app purges the page itself; the lists it appears on are ours.
    """
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    site = page.get_site()
    if site is not None:
        batch.add_url(site.root_url + "/")
        batch.add_url(site.root_url + "/feed/")
    parent = page.get_parent()
    if parent is not None:
        batch.add_page(parent)
    transaction.on_commit(batch.purge)


def connect():
    page_published.connect(story_changed, dispatch_uid="newsdesk-cache-published")
    page_unpublished.connect(story_changed, dispatch_uid="newsdesk-cache-unpublished")
    published.connect(author_changed, dispatch_uid="newsdesk-cache-author-published")
    unpublished.connect(author_changed, dispatch_uid="newsdesk-cache-author-unpublished")
    post_page_move.connect(everything_changed, dispatch_uid="newsdesk-cache-move")
    post_delete.connect(everything_changed, sender=Page, dispatch_uid="newsdesk-cache-page-deleted")
    # A private section hides its stories; the newsroom settings frame every page.
    for model in (PageViewRestriction, "home.NewsroomSettings"):
        post_save.connect(everything_changed, sender=model, dispatch_uid=f"cache-save-{model}")
        post_delete.connect(everything_changed, sender=model, dispatch_uid=f"cache-del-{model}")
