"""The live desk on the coverage's own edit page: one click to post an entry, the entries and
how many wait, and (for a live editor) ending or reopening the coverage."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.panels import FieldPanel, Panel

from live.desk.permissions import FILE, publishes_entries, works_the_live_desk


class LiveDeskPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "live/admin/desk_panel.html"

        def is_shown(self):
            # A coverage not yet saved has no entries to post to.
            return bool(self.instance.pk) and works_the_live_desk(self.request.user)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            coverage, user = self.instance, self.request.user
            pending = coverage.entries.model.Status.PENDING
            counts = coverage.entries.aggregate(
                total=Count("pk"), waiting=Count("pk", filter=Q(status=pending))
            )
            context.update(
                coverage=coverage,
                open=coverage.takes_entries,
                counts=counts,
                may_post=user.has_perm(FILE),
                runs_the_desk=publishes_entries(user),
                entries_url=reverse("live_desk_entries", args=[coverage.pk]),
                post_url=reverse("live_desk_entry_add", args=[coverage.pk]),
                end_url=reverse("live_desk_end", args=[coverage.pk]),
                reopen_url=reverse("live_desk_reopen", args=[coverage.pk]),
            )
            return context


class DeskTimePanel(FieldPanel):
    """A time the desk sets, shown read-only: a date a person reads, or "Not yet"."""

    def format_value_for_display(self, value):
        return date_format(timezone.localtime(value), "j F Y, H:i") if value else "Not yet"
