"""Posting an entry and editing one: Wagtail's generic create and edit views, within the
coverage named in the URL.

A live editor's entry is published as it is saved; a reporter's waits for a live editor's
approval. An edit to a published entry is published with its time ("Updated hh:mm").
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.rich_text import RichText

from live.desk.entries import (
    EDITING,
    POSTING,
    entries_url,
    entry_name,
    publish,
    view_live_buttons,
)
from live.desk.permissions import (
    FILE,
    may_edit,
    publishes_entries,
    require,
    wants_to_publish,
    works_the_live_desk,
)
from live.models import LiveCoverage, LiveEntry
from news.story_form import own_byline

# The fields whose change makes a published entry read "Updated hh:mm".
REWRITING = {"title", "body"}


class WithinCoverage:
    """The coverage in the URL, which the view works within; breadcrumbs lead back to it."""

    model = LiveEntry
    header_icon = "list-ul"
    template_name = "live/admin/entry_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.coverage = get_object_or_404(LiveCoverage, pk=kwargs["coverage_id"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.coverage.pk]),
                "label": self.coverage.get_admin_display_title(),
            },
            {"url": entries_url(self.coverage), "label": "Entries"},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_success_url(self):
        return entries_url(self.coverage)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The button says what will happen: out at once, or to a live editor. It asks to
        # publish only for whom it may (permissions.wants_to_publish).
        context["submit_label"] = self.submit_label()
        context["publishes"] = publishes_entries(self.request.user)
        context["coverage"] = self.coverage
        return context


class PostEntryView(WithinCoverage, generic.CreateView):
    panel = POSTING
    page_title = page_subtitle = "Post an entry"
    permission_required = "add"

    def dispatch(self, request, *args, **kwargs):
        require(request.user.has_perm(FILE))
        if not self.coverage.takes_entries:
            messages.error(request, closed_message(self.coverage))
            return redirect(entries_url(self.coverage))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.publishing = wants_to_publish(request)
        return super().post(request, *args, **kwargs)

    def submit_label(self):
        return "Publish entry" if publishes_entries(self.request.user) else "File for approval"

    def get_add_url(self):
        return reverse("live_desk_entry_add", args=[self.coverage.pk])

    def get_edit_url(self):
        return reverse("live_desk_entry_edit", args=[self.coverage.pk, self.object.pk])

    def get_initial_form_instance(self):
        # A paragraph ready to type in; the writer's own byline, as a new story starts with.
        return LiveEntry(coverage=self.coverage, body=[("paragraph", RichText(""))])

    def get_initial(self):
        author = own_byline(self.request.user)
        return {"authors": [author.pk]} if author else {}

    def save_instance(self):
        entry = self.form.instance
        entry.coverage, entry.filed_by = self.coverage, self.request.user
        if self.publishing:
            publish(entry, self.request.user)
        return super().save_instance()

    def get_success_message(self, instance):
        if instance.status == LiveEntry.Status.PUBLISHED:
            return f"“{entry_name(instance)}” is live."
        return f"“{entry_name(instance)}” is filed: a live editor approves it."

    def get_success_buttons(self):
        return [*view_live_buttons(self.object), *super().get_success_buttons()]


class EditEntryView(WithinCoverage, generic.EditView):
    panel = EDITING
    pk_url_kwarg = "entry_id"
    page_title = "Editing entry"

    def get_queryset(self):
        # Another coverage's entry is not found here, whatever its id.
        return LiveEntry.objects.filter(coverage=self.coverage)

    def dispatch(self, request, *args, **kwargs):
        require(works_the_live_desk(request.user))
        self.object = self.get_object()
        require(may_edit(request.user, self.object))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # The entry is already read (dispatch); Django's own get would read it again.
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        # A live editor's edit of a waiting entry publishes it, as approving it would.
        pending = self.object.status == LiveEntry.Status.PENDING
        self.publishing = wants_to_publish(request) and pending
        if self.publishing and not self.coverage.takes_entries:
            messages.error(request, closed_message(self.coverage))
            return redirect(entries_url(self.coverage))
        return super().post(request, *args, **kwargs)

    def submit_label(self):
        if self.object.status != LiveEntry.Status.PENDING:
            return "Save"
        return "Publish entry" if publishes_entries(self.request.user) else "Save for approval"

    def get_page_subtitle(self):
        return entry_name(self.object)

    def get_edit_url(self):
        return reverse("live_desk_entry_edit", args=[self.coverage.pk, self.object.pk])

    @property
    def can_delete(self):
        # Never: readers' pages must learn an entry went, so it is withdrawn instead.
        return False

    def save_instance(self):
        entry = self.form.instance
        if entry.status == LiveEntry.Status.PUBLISHED and self.rewritten():
            entry.edited_at = timezone.now()
        elif self.publishing:
            publish(entry, self.request.user)
        return super().save_instance()

    def rewritten(self):
        # What it says, not how it is shown: pinning it or marking a key event is no update
        # for readers, and a correction carries its own date.
        return bool(REWRITING.intersection(self.form.changed_data))

    def get_success_message(self):
        if self.publishing:
            return f"“{entry_name(self.object)}” is live."
        return f"“{entry_name(self.object)}” is saved."

    def get_success_buttons(self):
        return view_live_buttons(self.object)


def closed_message(coverage):
    title = coverage.get_admin_display_title()
    if not coverage.live:
        return f"“{title}” is not published yet: entries are posted once it is."
    if coverage.is_live:
        return f"“{title}” has expired: readers cannot see it, so it takes no entries."
    return f"“{title}” has ended: reopen it to post entries."
