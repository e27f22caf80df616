"""What the desk's views share about an entry: how it is named in a message, where readers find
it, what publishing it sets, and the forms that post and edit it (built from the model's panels)."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel, ObjectList

from live.models import LiveEntry
from live.reader import permalink
from news.formatting import excerpt, plain_text


class EntryForm(WagtailAdminModelForm):
    def clean_body(self):
        # An empty paragraph passes the block's own check (the editor sends "<p></p>").
        body = self.cleaned_data["body"]
        if not any(
            block.block_type != "paragraph" or plain_text(block.value.source) for block in body
        ):
            raise ValidationError("Write the entry: its paragraph is empty.")
        return body


# Posting is the short form: corrections belong to an entry readers have already seen.
POSTING = ObjectList(
    [panel for panel in LiveEntry.panels if not isinstance(panel, InlinePanel)],
    base_form_class=EntryForm,
).bind_to_model(LiveEntry)
EDITING = ObjectList(LiveEntry.panels, base_form_class=EntryForm).bind_to_model(LiveEntry)


def entry_name(entry):
    """The entry as a message names it: its title, else its opening words, else its time."""
    if entry.title:
        return entry.title
    # The stored blocks, unconverted: naming a listing's entries reads no images or pages.
    for block in entry.body.raw_data:
        text = plain_text(block["value"]) if block["type"] == "paragraph" else ""
        if text:
            return excerpt(text, 60)
    moment = timezone.localtime(entry.posted_at or entry.created_at or timezone.now())
    return f"Entry of {time_format(moment, 'H:i')}"


def publish(entry, user):
    """What a live editor's publication sets; the caller saves, which takes the next sequence."""
    entry.status = LiveEntry.Status.PUBLISHED
    entry.posted_at = timezone.now()
    entry.published_by = user


def entries_url(coverage):
    return reverse("live_desk_entries", args=[coverage.pk])


def view_live_buttons(entry):
    """A link to the entry where readers find it, once they can."""
    if entry.status != LiveEntry.Status.PUBLISHED or not entry.coverage.url:
        return []
    return [messages.button(permalink(entry, entry.coverage.url), "View live")]
