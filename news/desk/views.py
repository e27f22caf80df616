"""The desk's view of the newsroom: what waits for review, and what runs in the coming week."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page, Revision, Task, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from news.models import NewsArticle
from news.querysets import attach_sections, story_type_ids

page_permissions = PagePermissionPolicy()
CHANGES_REQUESTED = "Changes requested"


def works_the_desk(user):
    """Whether `user` may publish somewhere: an editor of the whole newsroom or of one desk."""
    return page_permissions.user_has_permission(user, "publish")


class ReviewDeskPanel(Component):
    """The dashboard's list of what the user may review, oldest first: the desk's first job.

    It replaces Wagtail's "Awaiting your review", which lists the newest first.
    """

    name = "review_desk"
    template_name = "news/admin/review_desk_panel.html"
    order = 100

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        waiting = list(
            TaskState.objects.reviewable_by(request.user)
            .filter(revision__base_content_type=ContentType.objects.get_for_model(Page))
            .select_related("revision", "workflow_state__requested_by")
            .order_by("started_at", "pk")
        )
        tasks = Task.objects.filter(pk__in={state.task_id for state in waiting}).specific()
        tasks = {task.pk: task for task in tasks}
        pages = Page.objects.filter(pk__in=[state.revision.object_id for state in waiting])
        pages = {page.pk: page for page in attach_sections(pages)}
        rows = []
        for state in waiting:
            page = pages[int(state.revision.object_id)]
            rows.append(
                {
                    "page": page,
                    "headline": state.revision.object_str,
                    "reporter": state.workflow_state.requested_by,
                    "task_state": state,
                    "actions": tasks[state.task_id].get_actions(page, request.user),
                }
            )
        return {**super().get_context_data(parent_context), "rows": rows, "request": request}


@dataclass
class BudgetLine:
    story: NewsArticle
    status: str
    runs_at: datetime | None  # None: runs as soon as an editor approves it
    reporter: AbstractBaseUser | None

    @property
    def section(self):
        return self.story.section.title if self.story.section else ""


class StoryBudgetView(WagtailAdminTemplateMixin, TemplateView):
    """Stories in review and scheduled for the coming week, day by day and section by section.

    Each editor sees the stories they may publish, so a section's desk sees its own section.
    """

    page_title = "Story budget"
    header_icon = "calendar-alt"
    template_name = "news/admin/story_budget.html"
    days = 7

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not works_the_desk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        now = timezone.now()
        first_day = timezone.localdate(now)
        end = timezone.make_aware(
            datetime.combine(first_day + timedelta(days=self.days), datetime.min.time())
        )
        lines = sorted(
            self.budget_lines(now, end), key=lambda line: (line.runs_at or now, line.section)
        )
        by_day = {first_day + timedelta(days=n): [] for n in range(self.days)}
        on_approval, changes_requested = [], []
        for line in lines:
            # A story sent back runs nowhere until the reporter resubmits and an editor
            # approves it: listing it under a day, or as ready to run, would overstate it.
            if line.status == CHANGES_REQUESTED:
                changes_requested.append(line)
            elif line.runs_at is None:
                on_approval.append(line)
            else:
                by_day[timezone.localdate(line.runs_at)].append(line)
        return super().get_context_data(
            on_approval=by_section(on_approval),
            changes_requested=by_section(changes_requested),
            days=[(day, by_section(day_lines)) for day, day_lines in by_day.items()],
            **kwargs,
        )

    def budget_lines(self, now, end):
        # Stories of every type: a live coverage is reviewed and scheduled as one.
        story_types = story_type_ids()
        in_review = WorkflowState.objects.active().filter(content_type__in=story_types)
        scheduled = Revision.objects.filter(
            content_type__in=story_types, approved_go_live_at__gte=now, approved_go_live_at__lt=end
        )
        in_review = {
            int(state.object_id): state for state in in_review.select_related("requested_by")
        }
        scheduled = {int(revision.object_id): revision for revision in scheduled}
        stories = attach_sections(
            NewsArticle.objects.filter(pk__in=in_review.keys() | scheduled.keys())
            .filter(
                pk__in=page_permissions.instances_user_has_permission_for(
                    self.request.user, "publish"
                )
            )
            .select_related("latest_revision", "owner")
            .defer("body")
        )
        for story in stories:
            if story.pk in scheduled:
                yield BudgetLine(
                    story, "Scheduled", scheduled[story.pk].approved_go_live_at, story.owner
                )
            if story.pk in in_review:
                state = in_review[story.pk]
                status = (
                    CHANGES_REQUESTED if state.status == state.STATUS_NEEDS_CHANGES else "In review"
                )
                runs_at = parse_datetime(story.latest_revision.content.get("go_live_at") or "")
                if runs_at is not None and runs_at <= now:
                    runs_at = None  # its time has passed: it runs the moment it is approved
                if runs_at is None or runs_at < end:
                    yield BudgetLine(story, status, runs_at, state.requested_by)


def by_section(lines):
    return [
        (section, list(group))
        for section, group in groupby(
            sorted(lines, key=lambda line: line.section), key=lambda line: line.section
        )
    ]
