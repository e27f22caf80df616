"""The coverage's entries on the desk: those waiting for a live editor first (oldest first, as a
desk clears them), then the rest newest first, each with what this user may do to it."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from live.desk.entries import entries_url, entry_name
from live.desk.permissions import FILE, may_edit, publishes_entries, require, works_the_live_desk
from live.models import LiveCoverage, LiveEntry
from news.pagination import paginate
from people.models import Author


class EntriesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "live/admin/entries.html"
    header_icon = "list-ul"
    page_title = "Entries"

    def dispatch(self, request, *args, **kwargs):
        require(works_the_live_desk(request.user))
        self.coverage = get_object_or_404(LiveCoverage, pk=kwargs["coverage_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.coverage.get_admin_display_title()

    def get_breadcrumbs_items(self):
        edit_page = reverse("wagtailadmin_pages:edit", args=[self.coverage.pk])
        return [
            *self.breadcrumbs_items,
            {"url": edit_page, "label": self.coverage.get_admin_display_title()},
            {"url": "", "label": "Entries"},
        ]

    @property
    def header_buttons(self):
        if not (self.coverage.takes_entries and self.request.user.has_perm(FILE)):
            return []
        add = reverse("live_desk_entry_add", args=[self.coverage.pk])
        attrs = {"data-live-post-entry": ""}
        return [HeaderButton("Post an entry", add, icon_name="plus", attrs=attrs)]

    def rows(self, entries):
        user, coverage = self.request.user, self.coverage
        publisher = publishes_entries(user)
        breaks_out = coverage.get_parent().permissions_for_user(user).can_add_subpage()
        for entry in entries:
            entry.coverage = coverage  # read once, not per entry
            urls = {
                action: reverse(f"live_desk_entry_{action}", args=[coverage.pk, entry.pk])
                for action in ("edit", "approve", "withdraw", "breakout")
            }
            yield {
                "entry": entry,
                "name": entry_name(entry),
                "urls": urls,
                "may_edit": may_edit(user, entry),
                "may_approve": publisher and entry.status == LiveEntry.Status.PENDING,
                "may_withdraw": publisher and entry.status != LiveEntry.Status.WITHDRAWN,
                "may_break_out": breaks_out and entry.status != LiveEntry.Status.WITHDRAWN,
            }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        authors = Prefetch("authors", queryset=Author.objects.order_by("name"))
        entries = self.coverage.entries.select_related("filed_by", "published_by").prefetch_related(
            authors
        )
        pending = LiveEntry.Status.PENDING
        waiting = entries.filter(status=pending).order_by("created_at", "pk")
        page = paginate(self.request, entries.exclude(status=pending).newest_first())
        context.update(
            coverage=self.coverage,
            waiting=list(self.rows(waiting)),
            page=page,
            entries=list(self.rows(page)),
            runs_the_desk=publishes_entries(self.request.user),
            entries_url=entries_url(self.coverage),
            end_url=reverse("live_desk_end", args=[self.coverage.pk]),
            reopen_url=reverse("live_desk_reopen", args=[self.coverage.pk]),
        )
        return context
