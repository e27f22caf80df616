"""When newsroom content changes, bump the cache tags of everything that showed it.

See caching.response_cache for the tags. Scheduled go-live and expiry arrive here too: the
scheduler publishes and unpublishes through the same revision machinery as an editor.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from caching.response_cache import bump


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

    if isinstance(instance, Author):
        bump_now_and_after_commit(author_tags([instance.pk]))


def author_tags(author_ids):
    from news.models import StoryAuthor

    story_ids = StoryAuthor.objects.filter(author__in=author_ids).values_list("story_id", flat=True)
    # Their stories show the byline, and the authors list shows who is live.
    return (
        {f"author:{pk}" for pk in author_ids}
        | {"stream:authors"}
        | {f"story:{pk}" for pk in story_ids}
    )


def image_changed(sender, instance, **kwargs):
    """An image's alt text, focal point and renditions show on every story and author using it,
    and on every page if it is the newsroom's logo or share image; a deleted one leaves them."""
    from news.models import NewsArticle
    from people.models import Author

    # Lead images by their column; images in a body through Wagtail's reference index.
    story_ids = set(NewsArticle.objects.filter(lead_image=instance).values_list("pk", flat=True))
    story_ids.update(
        int(pk)
        for pk in ReferenceIndex.get_references_to(instance)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    author_ids = list(Author.objects.filter(photo=instance).values_list("pk", flat=True))
    tags = {f"story:{pk}" for pk in story_ids}
    if author_ids:
        tags |= author_tags(author_ids)
    newsroom = apps.get_model("home", "NewsroomSettings").objects
    if newsroom.filter(Q(logo=instance) | Q(default_share_image=instance)).exists():
        tags.add("site")  # the masthead and share cards of every page
    bump_now_and_after_commit(tags)


def live_entry_changed(sender, instance, **kwargs):
    """An entry shows on its coverage's page, entry feed and cursor, which record the coverage
    as `story:<id>` like every list that shows the coverage: those go, and nothing else (no
    "stream:all": an entry does not change which stories the other lists show)."""
    live_coverage_changed(instance.coverage_id)


def live_coverage_changed(coverage_id):
    """The desk ended or reopened a coverage (a queryset update, which sends no signal): its
    status shows where its entries do, so the same tag goes, and nothing else."""
    bump_now_and_after_commit({f"story:{coverage_id}"})


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
    for signal in (post_save, post_delete):
        signal.connect(
            live_entry_changed, sender="live.LiveEntry", dispatch_uid=f"cache-{signal}-entry"
        )
    image = get_image_model()
    post_save.connect(image_changed, sender=image, dispatch_uid="newsdesk-cache-image-saved")
    # Before the delete, while the stories still point at the image.
    pre_delete.connect(image_changed, sender=image, dispatch_uid="newsdesk-cache-image-deleted")
    # A private section hides its stories; the newsroom settings frame every page; which site
    # a host name serves decides every link; the home page and its sections route and frame
    # every page, and are saved without a publish too (an import's new section, a script).
    for model in (
        PageViewRestriction,
        "home.NewsroomSettings",
        Site,
        "home.HomePage",
        "news.CategoryPage",
    ):
        post_save.connect(everything_changed, sender=model, dispatch_uid=f"cache-save-{model}")
        post_delete.connect(everything_changed, sender=model, dispatch_uid=f"cache-del-{model}")
