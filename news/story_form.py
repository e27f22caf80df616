"""The story editor's form: a new story starts under its writer's byline, and the byline is
required when the story is submitted or published, never for a draft (autosave included)."""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.rich_text import RichText

BYLINE_REQUIRED = (
    "Add a byline before submitting or publishing: a story goes out under its writers' names."
)

# The editor's buttons that send a story towards readers: publish, submit for review, resubmit
# after changes, and an editor's review decision (approving publishes it).
SENDING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")
APPROVING = ("action-workflow-action", "approve")


def own_byline(user):
    """The author profile that belongs to `user`, or None."""
    try:
        return user.author if user is not None and user.is_authenticated else None
    except ObjectDoesNotExist:
        return None


class StoryForm(WagtailAdminPageForm):
    def __init__(self, data=None, files=None, *args, **kwargs):
        story = kwargs.get("instance")
        # A new story, as the editor first shows it, or as API v3 creates it (its writes have
        # no byline field): under the writer's own byline, if they have one.
        if story is not None and story.pk is None and not story.story_authors.all():
            shown_or_api = data is None or "story_authors" not in type(self).formsets
            author = own_byline(kwargs.get("for_user"))
            if shown_or_api and author is not None:
                story.story_authors = [story.story_authors.model(author=author)]
        if data is None and story is not None and story.pk is None and not story.body:
            # Every story opens with a lede and goes on in paragraphs: both ready to type in.
            story.body = [("lede", RichText("")), ("paragraph", RichText(""))]
        super().__init__(data, files, *args, **kwargs)

    def sends_the_story_out(self):
        if any(self.data.get(button) for button in SENDING_ACTIONS):
            return True
        button, action = APPROVING
        return bool(self.data.get(button)) and self.data.get("workflow-action-name") == action

    def clean(self):
        cleaned_data = super().clean()
        if self.sends_the_story_out() and not self.byline_kept():
            self.add_error(None, BYLINE_REQUIRED)
        return cleaned_data

    def byline_kept(self):
        bylines = self.formsets.get("story_authors")
        if bylines is None:  # an API v3 write: its publish action is checked on its own
            return True
        bylines.is_valid()  # the page's form is cleaned before its formsets
        return any(
            form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
            for form in bylines.forms
            if hasattr(form, "cleaned_data")
        )
