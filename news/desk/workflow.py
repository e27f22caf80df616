"""The review desk: who approves a story, and what a request for changes must carry.

The desk is Wagtail's own workflow machinery (workflow, group approval task, workflow lock,
notification e-mails); this module adds only what a newsroom needs on top of it.
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

# The roles' group names, as the data migration creates them (news/migrations/0004).
REPORTERS, EDITORS, ADMINISTRATORS = "Reporters", "Editors", "Administrators"


class ChangesRequestForm(TaskStateCommentForm):
    """A request for changes that does not say what to change leaves the reporter guessing."""

    comment = forms.CharField(
        label=_("What should the reporter change?"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Tell the reporter what to change.")},
    )


class DeskReviewTask(AbstractGroupApprovalTask):
    """An editor's review: approve (the story is published, or scheduled) or request changes.

    Like Wagtail's group approval task, only members of the chosen groups may act on it, and
    the story is locked for everyone else while it waits; a request for changes needs a comment.
    """

    def get_actions(self, obj, user):
        # Approving publishes at once (or schedules): it asks first, in the same dialog that
        # takes an optional comment, rather than acting on a single click.
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        return [("reject", _("Request changes"), True), ("approve", _("Approve and publish"), True)]

    def get_form_for_action(self, action):
        if action == "reject":
            return ChangesRequestForm
        return super().get_form_for_action(action)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve the story or request changes, "
            "saying what to change"
        )

    class Meta:
        verbose_name = _("desk review")
        verbose_name_plural = _("desk reviews")


def workflow_action_data_errors(page, post_data):
    """Errors in the data an edit-view workflow action carries, or None when it may go ahead.

    The dashboard's and the explorer's action buttons validate through the task's form; the
    page editor instead sends the modal's answers as JSON that Wagtail hands straight to the
    task. Checking that JSON against the same form keeps a comment-less request for changes
    from slipping through the editor.
    """
    task = page.current_workflow_task
    if not post_data.get("action-workflow-action") or task is None:
        return None
    try:
        data = json.loads(post_data.get("workflow-action-extra-data") or "{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return {"__all__": [_("The review action's details could not be read.")]}
    form = task.get_form_for_action(post_data.get("workflow-action-name"))(data)
    return None if form.is_valid() else form.errors
