"""The review desk over API v3: submit a story, approve it, request changes, read its history.

Wagtail's admin has these buttons; its API has no equivalent. Each endpoint does what the admin
does, in the same order and through the same calls: the user's permissions on this story
decide whether they may submit, the workflow's current task decides whether they may act on
it (`task.get_actions`) and validates what they send (`task.get_form_for_action`), and the
task itself records the decision (`task.on_action`), leaving the admin's audit-log entries.
Whatever workflow applies to the story is used; nothing here knows its name.
"""

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import WorkflowState

from news.models import NewsArticle
from news.story_form import BYLINE_REQUIRED

router = Router(tags=["review"], auth=BearerTokenAuth())


class TaskStep(Schema):
    task: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    finished_by: str | None
    comment: str


class ReviewRound(Schema):
    workflow: str
    status: str
    requested_by: str | None
    started_at: datetime
    steps: list[TaskStep]


class ReviewState(Schema):
    story_id: int
    workflow: str | None
    status: str | None
    current_task: str | None
    can_submit: bool
    actions: list[str]
    history: list[ReviewRound]


class Approval(Schema):
    comment: str = ""


class ChangesRequest(Schema):
    comment: str = Field(min_length=1, description="What the reporter should change")


def username(user):
    return user.get_username() if user else None


def story_for(request, story_id):
    """The story if this user has a say in it: may edit or publish it, or review it now."""
    story = get_object_or_404(NewsArticle, pk=story_id)
    permissions = story.permissions_for_user(request.user)
    if not (permissions.can_edit() or permissions.can_publish() or actions_for(request, story)):
        raise Http404("No story matches the given query.")  # its existence is not for them
    return story


def actions_for(request, story):
    task = story.current_workflow_task
    return [name for name, _, _ in task.get_actions(story, request.user)] if task else []


def review_state(request, story):
    workflow = story.get_workflow()
    current = story.current_workflow_state
    rounds = story.workflow_states.select_related("workflow", "requested_by").order_by(
        "-created_at"
    )
    return {
        "story_id": story.pk,
        "workflow": workflow.name if workflow else None,
        "status": current.status if current else None,
        "current_task": story.current_workflow_task.name if story.current_workflow_task else None,
        "can_submit": can_submit(request, story),
        "actions": sorted(set(actions_for(request, story))),
        "history": [
            {
                "workflow": state.workflow.name,
                "status": state.status,
                "requested_by": username(state.requested_by),
                "started_at": state.created_at,
                "steps": [
                    {
                        "task": step.task.name,
                        "status": step.status,
                        "started_at": step.started_at,
                        "finished_at": step.finished_at,
                        "finished_by": username(step.finished_by),
                        "comment": step.get_comment(),
                    }
                    for step in state.task_states.select_related("task", "finished_by").order_by(
                        "started_at", "pk"
                    )
                ],
            }
            for state in rounds
        ],
    }


def can_submit(request, story):
    """As the page editor offers Submit (or Resubmit, after a request for changes)."""
    permissions = story.permissions_for_user(request.user)
    if not permissions.can_edit() or permissions.page_locked():
        return False
    current = story.current_workflow_state
    if current is not None and current.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return True
    return permissions.can_submit_for_moderation()


@router.get(
    "/{story_id}/review/",
    response=ReviewState,
    url_name="story_review",
    summary="A story's review: workflow, status, what you may do, history",
    operation_id="stories_review",
)
def get_review(request, story_id: int):
    return review_state(request, story_for(request, story_id))


@router.post(
    "/{story_id}/review/submit/",
    response=ReviewState,
    url_name="story_review_submit",
    summary="Submit the story's latest draft for review (or resubmit after changes)",
    operation_id="stories_review_submit",
)
def submit(request, story_id: int):
    story = story_for(request, story_id)
    if not can_submit(request, story):
        raise HttpError(403, "You may not submit this story for review now.")
    require_byline(story)
    current = story.current_workflow_state
    if current is not None and current.status == WorkflowState.STATUS_NEEDS_CHANGES:
        current.resume(request.user)
    else:
        story.get_workflow().start(story, request.user)
    return review_state(request, NewsArticle.objects.get(pk=story.pk))


def require_byline(story):
    """What goes to review or to readers carries a byline (drafts may lack one)."""
    if not story.get_latest_revision_as_object().has_byline():
        raise HttpError(422, BYLINE_REQUIRED)


def decide(request, story_id, action, data):
    story = story_for(request, story_id)
    if action not in actions_for(request, story):
        raise HttpError(403, "You may not take this review decision on this story.")
    if action == "approve":
        require_byline(story)
    task = story.current_workflow_task
    form = task.get_form_for_action(action)(data.dict())
    if not form.is_valid():
        errors = [f"{field}: {' '.join(messages)}" for field, messages in form.errors.items()]
        raise HttpError(422, "; ".join(errors))
    task.on_action(story.current_workflow_task_state, request.user, action, **form.cleaned_data)
    return review_state(request, NewsArticle.objects.get(pk=story.pk))


@router.post(
    "/{story_id}/review/approve/",
    response=ReviewState,
    url_name="story_review_approve",
    summary="Approve the story's current review step, with an optional comment",
    operation_id="stories_review_approve",
)
def approve(request, story_id: int, data: Approval):
    return decide(request, story_id, "approve", data)


@router.post(
    "/{story_id}/review/request-changes/",
    response=ReviewState,
    url_name="story_review_request_changes",
    summary="Send the story back to its reporter, saying what to change",
    operation_id="stories_review_request_changes",
)
def request_changes(request, story_id: int, data: ChangesRequest):
    return decide(request, story_id, "reject", data)
