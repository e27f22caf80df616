"""A live editor's one-click decisions on an entry: approve a reporter's entry (it goes out at
once) or withdraw one (readers' pages drop it; a published entry is never deleted, or the pages
holding it would never learn it went)."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import log

from live.desk.entries import entries_url, entry_name, publish, view_live_buttons
from live.desk.permissions import publishes_entries, require
from live.models import LiveEntry


def decided_entry(request, coverage_id, entry_id):
    """The entry, locked until the decision commits, so two editors cannot both take it."""
    require(publishes_entries(request.user))
    entries = LiveEntry.objects.select_for_update().select_related("coverage")
    return get_object_or_404(entries, pk=entry_id, coverage_id=coverage_id)


def back(request, entry):
    return redirect(get_valid_next_url_from_request(request) or entries_url(entry.coverage))


@require_POST
@transaction.atomic
def approve_entry(request, coverage_id, entry_id):
    entry = decided_entry(request, coverage_id, entry_id)
    name = entry_name(entry)
    if entry.status != LiveEntry.Status.PENDING:
        messages.warning(request, f"“{name}” is not waiting for approval: nothing changed.")
    elif not entry.coverage.takes_entries:
        messages.error(request, f"“{name}” stays waiting: the coverage is not open for entries.")
    else:
        publish(entry, request.user)
        entry.save()
        log(instance=entry, action="wagtail.publish", user=request.user)
        messages.success(request, f"“{name}” is approved and live.", view_live_buttons(entry))
    return back(request, entry)


@require_POST
@transaction.atomic
def withdraw_entry(request, coverage_id, entry_id):
    entry = decided_entry(request, coverage_id, entry_id)
    name = entry_name(entry)
    if entry.status == LiveEntry.Status.WITHDRAWN:
        messages.warning(request, f"“{name}” was already withdrawn.")
    else:
        entry.status = LiveEntry.Status.WITHDRAWN
        entry.save()
        log(instance=entry, action="wagtail.unpublish", user=request.user)
        messages.success(request, f"“{name}” is withdrawn: readers no longer see it.")
    return back(request, entry)
