"""Breaking an entry out into a story of its own: a draft in the coverage's section, under the
entry's byline, its blocks copied and an "Also Read" back to the coverage. It then goes through
review like any story the writer started."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.log_actions import log

from live.desk.entries import entry_name
from live.desk.permissions import require, works_the_live_desk
from live.models import LiveEntry
from news.models import NewsArticle, StoryAuthor


def break_out(entry, section, user):
    """The draft story made from `entry` under `section`, owned by `user`."""
    # The blocks as stored, without their ids: the story's copies are blocks of its own.
    blocks = [{"type": b["type"], "value": b["value"]} for b in entry.body.get_prep_value()]
    also_read = {"page": entry.coverage_id, "url": "", "title": ""}
    story = NewsArticle(
        title=entry_name(entry),
        owner=user,
        live=False,  # Page.live defaults to True: the story waits for review
        body=[*blocks, {"type": "related_link", "value": also_read}],
    )
    for position, author in enumerate(entry.authors.order_by("name")):
        story.story_authors.add(StoryAuthor(author=author, sort_order=position))
    # Wagtail gives the story a slug of its own from the headline, unique in the section.
    section.add_child(instance=story)
    revision = story.save_revision(user=user, log_action=False)
    log(instance=story, action="wagtail.create", user=user, revision=revision, content_changed=True)
    return story


@require_POST
@transaction.atomic
def breakout_view(request, coverage_id, entry_id):
    require(works_the_live_desk(request.user))
    entry = get_object_or_404(
        LiveEntry.objects.select_related("coverage"), pk=entry_id, coverage_id=coverage_id
    )
    section = entry.coverage.get_parent()
    require(section.permissions_for_user(request.user).can_add_subpage())
    if entry.status == LiveEntry.Status.WITHDRAWN:
        messages.error(request, f"“{entry_name(entry)}” was withdrawn: it makes no story.")
        return redirect("live_desk_entries", coverage_id)
    story = break_out(entry, section.specific, request.user)
    messages.success(
        request,
        f"“{story.title}” is a draft story in {section.title}, from the live entry: "
        "write it up and submit it for review.",
    )
    return redirect("wagtailadmin_pages:edit", story.pk)
