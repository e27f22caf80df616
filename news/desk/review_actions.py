"""What an editor is told after approving a story or requesting changes, wherever they did it.

Wagtail's own review action (the dashboard's and the explorer's buttons) acts and redirects in
silence; the editor should see which story went where, with a way to look at it.
"""

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import TaskState

from news.models import NewsArticle
from news.story_form import BYLINE_REQUIRED


def announce_review_action(request, story, task_state):
    """A success message naming the story: live now, scheduled, or back with the reporter."""
    story = NewsArticle.objects.get(pk=story.pk)
    headline = story.get_admin_display_title()
    if task_state.status == TaskState.STATUS_REJECTED:
        reporter = get_user_display_name(task_state.workflow_state.requested_by) or "The reporter"
        messages.success(request, f"Changes requested on “{headline}”: {reporter} has been told.")
    elif task_state.status == TaskState.STATUS_APPROVED:
        scheduled = story.scheduled_revision
        if scheduled is not None:
            when = date_format(timezone.localtime(scheduled.approved_go_live_at), "j F Y, H:i")
            messages.success(request, f"“{headline}” is approved. Scheduled for {when}.")
        elif story.live:
            messages.success(
                request,
                f"“{headline}” is approved and live.",
                buttons=[messages.button(story.url, "View live", new_window=False)],
            )


class ReviewActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        if self.action_name == "approve" and not self.latest_has_byline():
            # Approving publishes the latest revision; one whose byline was removed during the
            # review would fail as it went live. Say so instead, and leave the review as it is.
            messages.error(request, f"“{self.object.get_admin_display_title()}”: {BYLINE_REQUIRED}")
            return redirect("wagtailadmin_pages:edit", self.object.pk)
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        announce_review_action(request, self.object, self.task_state)
        return response

    def latest_has_byline(self):
        return self.object.get_latest_revision_as_object().has_byline()


class StoryViewSet(PageViewSet):
    model = NewsArticle
    workflow_action_view_class = ReviewActionView


story_viewset = StoryViewSet("stories")
