"""Ending a coverage, and reopening it: the desk's call, not a revision's.

Ending is one update of the coverage's row (status "ended", the end time now), never a
publication: a draft waiting in review stays a draft, and publishing it later keeps the coverage
ended (LiveCoverage.with_content_json). The update sends no save signal, so the cache tag, the
page's history and `live.signals.coverage_ended` are seen to here.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import log

from caching.invalidation import live_coverage_changed
from live.desk.permissions import publishes_entries, require
from live.models import LiveCoverage
from live.signals import coverage_ended

ENDED, REOPENED = "live.ended", "live.reopened"


def set_status(coverage, status, ended_at, user, action):
    """Move a coverage from the other status to `status`; False if it was there already."""
    other = LiveCoverage.objects.filter(pk=coverage.pk).exclude(coverage_status=status)
    if not other.update(coverage_status=status, coverage_ended_at=ended_at):
        return False
    coverage.coverage_status, coverage.coverage_ended_at = status, ended_at
    live_coverage_changed(coverage.pk)
    log(instance=coverage, action=action, user=user)
    return True


@transaction.atomic
def end_coverage(coverage, user):
    ended = set_status(coverage, LiveCoverage.Status.ENDED, timezone.now(), user, ENDED)
    if ended:
        transaction.on_commit(
            lambda: coverage_ended.send(sender=LiveCoverage, coverage=coverage, user=user)
        )
    return ended


@transaction.atomic
def reopen_coverage(coverage, user):
    return set_status(coverage, LiveCoverage.Status.LIVE, None, user, REOPENED)


def desk_decision(change, done, already):
    @require_POST
    def view(request, coverage_id):
        require(publishes_entries(request.user))
        coverage = get_object_or_404(LiveCoverage, pk=coverage_id)
        title = coverage.get_admin_display_title()
        if not coverage.live:
            messages.error(
                request,
                f"“{title}” is not published: only a published coverage is ended or reopened.",
            )
        elif change(coverage, request.user):
            messages.success(request, done.format(title=title))
        else:
            messages.warning(request, already.format(title=title))
        edit_page = reverse("wagtailadmin_pages:edit", args=[coverage.pk])
        return redirect(get_valid_next_url_from_request(request) or edit_page)

    return view


end_view = desk_decision(
    end_coverage,
    "“{title}” has ended: readers see it as over, and no more entries are posted.",
    "“{title}” had already ended.",
)
reopen_view = desk_decision(
    reopen_coverage,
    "“{title}” is live again: entries can be posted.",
    "“{title}” is already live.",
)
