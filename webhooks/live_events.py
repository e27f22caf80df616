"""Live coverage events: an entry published, an entry changed after publication (edited,
pinned, withdrawn), a coverage ended.

An entry's payload is its JSON as the API serves it (live/serializers.py), read once the
change has committed: the desk saves an entry's authors and corrections after the entry
itself, so what is read inside the transaction would miss them. Which event, if any, is
decided from the entry's status before and after the save; a pending entry announces nothing
until a live editor publishes it.
"""

import json

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from rest_framework.renderers import JSONRenderer

from live.models import LiveCoverage, LiveEntry
from live.serializers import coverage_state, entries_to_serialize, serialize_entries
from live.signals import coverage_ended
from webhooks.delivery import announce

PUBLISHED = LiveEntry.Status.PUBLISHED


def remember_status(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures
        return
    instance.status_before_save = (
        LiveEntry.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )


def event_for(before, after):
    if after == PUBLISHED and before != PUBLISHED:
        return "live.entry_published"
    if before == PUBLISHED:
        return "live.entry_updated"  # edited, pinned, or withdrawn (readers must drop it)
    return None  # pending, or changed while readers cannot see it


def on_entry_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    event = event_for(getattr(instance, "status_before_save", None), instance.status)
    if event is not None:
        transaction.on_commit(lambda: announce_entry(event, instance.pk))


def as_api_json(data):
    """`data` as API v2 writes it (dates and times included), to store as the payload."""
    return json.loads(JSONRenderer().render(data))


def announce_entry(event, entry_id):
    entry = entries_to_serialize(LiveEntry.objects.select_related("coverage")).get(pk=entry_id)
    coverage = entry.coverage
    [entry_json] = serialize_entries([entry], coverage)
    announce(
        event,
        coverage,
        coverage=as_api_json(coverage_state(coverage)),
        entry=as_api_json(entry_json),
    )


def on_coverage_ended(sender, coverage, **kwargs):
    announce("live.ended", coverage, coverage=as_api_json(coverage_state(coverage)))


def connect():
    pre_save.connect(remember_status, sender=LiveEntry, dispatch_uid="webhooks-entry-status")
    post_save.connect(on_entry_saved, sender=LiveEntry, dispatch_uid="webhooks-entry-saved")
    coverage_ended.connect(on_coverage_ended, sender=LiveCoverage, dispatch_uid="webhooks-ended")
