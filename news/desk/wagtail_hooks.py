"""The review desk in Wagtail's admin: the story budget, the dashboard panel, and the checks
and messages around the editor's review actions."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import WorkflowState

from news.desk.new_story import ChooseSectionView, NewStoryPanel
from news.desk.review_actions import announce_review_action, story_viewset
from news.desk.views import ReviewDeskPanel, StoryBudgetView, works_the_desk
from news.desk.workflow import workflow_action_data_errors


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return works_the_desk(request.user)


@hooks.register("register_admin_urls")
def story_budget_url():
    return [
        path("story-budget/", StoryBudgetView.as_view(), name="story_budget"),
        path("new-story/", ChooseSectionView.as_view(), name="new_story"),
        path(
            "new-story/<slug:app_label>/<slug:model_name>/",
            ChooseSectionView.as_view(),
            name="new_story_of_kind",
        ),
    ]


@hooks.register("register_admin_menu_item")
def story_budget_menu_item():
    return DeskMenuItem(
        "Story budget", reverse("story_budget"), icon_name="calendar-alt", order=250
    )


@hooks.register("construct_homepage_panels")
def review_desk_instead_of_awaiting_your_review(request, panels):
    # Wagtail's own list shows the newest submission first; a desk clears the oldest first.
    panels[:] = [panel for panel in panels if not isinstance(panel, WorkflowObjectsToModeratePanel)]
    panels.append(ReviewDeskPanel())
    panels.append(NewStoryPanel())


@hooks.register("construct_page_action_menu")
def submit_first_for_reporters(menu_items, request, context):
    # Someone who cannot publish sends a story on by submitting it; autosave keeps the draft,
    # so Submit, not "Save draft", is the button they see.
    if any(item.name == "action-publish" for item in menu_items):
        return
    submit = next((item for item in menu_items if item.name == "action-submit"), None)
    if submit is not None:
        menu_items.remove(submit)
        menu_items.insert(0, submit)


@hooks.register("register_admin_viewset")
def stories_with_announced_review_actions():
    return story_viewset


@hooks.register("after_edit_page")
def announce_review_action_from_the_editor(request, page):
    if request.POST.get("action-workflow-action") and request.POST.get("workflow-action-name") in (
        "approve",
        "reject",
    ):
        state = page.workflow_states.order_by("-created_at", "-pk").first()
        if state is not None and state.current_task_state is not None:
            announce_review_action(request, page, state.current_task_state)


# Ending or restarting a review is the desk's call: a reporter who could would take the story
# out of review (and unlock it) without an editor having read it.
DESK_ONLY_ACTIONS = ("action-cancel-workflow", "action-restart-workflow")


def runs_the_desk_for(user, page):
    return page.permissions_for_user(user).can_publish()


@hooks.register("construct_page_action_menu")
def only_the_desk_ends_a_review(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and not runs_the_desk_for(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name not in DESK_ONLY_ACTIONS]


@hooks.register("before_edit_page")
def review_desk_in_the_editor(request, page):
    if request.method == "POST":
        if any(action in request.POST for action in DESK_ONLY_ACTIONS) and not runs_the_desk_for(
            request.user, page
        ):
            messages.error(request, "Only an editor can cancel or restart a story's review.")
            return redirect("wagtailadmin_pages:edit", page.pk)
        errors = workflow_action_data_errors(page, request.POST)
        if errors:
            messages.error(
                request, " ".join(message for field in errors.values() for message in field)
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
    else:
        show_requested_changes(request, page)
        show_who_has_it(request, page)
    return None


def show_who_has_it(request, page):
    """Tell a reporter whose story is locked in review why they cannot edit it, and who can."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task = state.current_task_state.task.specific
    if not task.locked_for_user(page, request.user):
        return
    desks = " and ".join(sorted(group.name for group in task.groups.all())) or "the editors"
    since = date_format(timezone.localtime(state.current_task_state.started_at), "j F, H:i")
    messages.info(
        request,
        f"In review with {desks} since {since}: you can read the story, and edit it again "
        "when an editor sends it back for changes.",
    )


def show_requested_changes(request, page):
    """Put the editor's request for changes at the top of the story, where the reporter looks."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    task_state = state.current_task_state
    editor = get_user_display_name(task_state.finished_by) or "An editor"
    messages.warning(request, f"{editor} requested changes: “{task_state.get_comment()}”")
