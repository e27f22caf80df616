"""Live coverage: a story that runs for hours, and the short timestamped entries posted to it.

The coverage is a story (`NewsArticle`) of its own type: it opens through the review desk, lists,
routes, caches, feeds and serializes as every story does. Its entries are rows of their own, not
part of the page's revisions: a live editor's entry is published at once, without a review round
and without republishing the coverage.

Every change readers can see (an entry published, edited, pinned, withdrawn) takes the next
number of the coverage's sequence (`LiveCursor`). The number is taken by updating the
coverage's one cursor row, which holds that row's lock until the change commits, so changes
commit in sequence order and a reader asking "what changed after n" never misses one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable

from live.blocks import LiveEntryBlock
from live.desk.panels import DeskTimePanel, LiveDeskPanel
from live.schema import LiveField
from news.models import Correction, NewsArticle, newsroom_settings
from news.plain_text import PlainTextFields

# Set by the live desk alone (live/desk/ending.py), never by a revision or a form.
DESK_FIELDS = {"coverage_status", "coverage_ended_at"}


class LiveCoverage(NewsArticle):
    """Breaking news as it happens: what we know (the body), then entries, newest first."""

    class Status(models.TextChoices):
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    coverage_status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.LIVE
    )
    coverage_started_at = models.DateTimeField(
        "coverage starts",
        null=True,
        blank=True,
        help_text="Left empty, the coverage starts when it is first published.",
    )
    coverage_ended_at = models.DateTimeField(
        "coverage ends",
        null=True,
        blank=True,
        help_text="Set when the coverage is ended; left empty, it is the moment it ends.",
    )

    # A story's panels, with the coverage's desk after the byline and the body as the
    # "what we know" box readers find above the entries. Status and end time are read-only:
    # the desk's End and Reopen set them (live/desk/ending.py), not a revision.
    content_panels = [
        *NewsArticle.content_panels[:2],
        MultiFieldPanel(
            [
                LiveDeskPanel(),
                FieldRowPanel(
                    [
                        FieldPanel("coverage_status", read_only=True),
                        FieldPanel("coverage_started_at"),
                        DeskTimePanel(
                            "coverage_ended_at",
                            read_only=True,
                            help_text="Set when a live editor ends the coverage.",
                        ),
                    ]
                ),
            ],
            "Coverage",
        ),
        *[
            FieldPanel("body", heading="What we know")
            if getattr(panel, "field_name", None) == "body"
            else panel
            for panel in NewsArticle.content_panels[2:]
        ],
    ]

    # A story's fields, and how to follow the coverage (live/serializers.py, docs/api.md).
    api_fields = [*NewsArticle.api_fields, APIField("live", serializer=LiveField())]

    parent_page_types = ["news.CategoryPage"]
    subpage_types = []
    template = "live/live_coverage.html"

    class Meta:
        verbose_name = "live coverage"
        verbose_name_plural = "live coverage"

    @property
    def last_sequence(self):
        """The number of the coverage's latest change: a cursor from which to follow it."""
        return LiveCursor.current(self.pk)

    @property
    def is_live(self):
        return self.coverage_status == self.Status.LIVE

    @property
    def takes_entries(self):
        """Entries are posted (and approved) while readers can reach the coverage (published,
        not past an expiry the scheduler has yet to act on) and it has not ended."""
        return self.is_live and self.is_published_now()

    def clean(self):
        super().clean()
        if self.coverage_status == self.Status.ENDED and self.coverage_ended_at is None:
            self.coverage_ended_at = timezone.now()
        if self.coverage_status == self.Status.LIVE:
            self.coverage_ended_at = None
        start, end = self.coverage_started_at, self.coverage_ended_at
        if start and end and end < start:
            raise ValidationError(
                {"coverage_ended_at": "The coverage cannot end before it starts."}
            )

    def get_context(self, request, *args, **kwargs):
        # The page's reading builds on the API's (bodies loaded together), which imports
        # Wagtail's API, itself reading models: it cannot load while this module does.
        from live import reader

        context = super().get_context(request, *args, **kwargs)
        if self.pk is None:  # the first preview of a coverage never saved has no entries
            cursor, entries = 0, LiveEntry.objects.none()
        else:
            # The cursor before the entries: a change committing in between is then shown and
            # fetched again by the page's first poll, never missed by both.
            cursor = LiveCursor.current(self.pk)
            entries = self.entries.published().newest_first()
        context.update(
            reader.coverage_context(
                self, request, entries, cursor, newsroom_settings(request), context["share_image"]
            )
        )
        return context

    def with_content_json(self, content):
        # Publishing a revision written before the coverage ended (or reopened) must not put
        # it back as it was then: status and end time are the row's, whatever the revision says.
        coverage = super().with_content_json(content)
        coverage.coverage_status = self.coverage_status
        coverage.coverage_ended_at = self.coverage_ended_at
        return coverage

    def save(self, *args, **kwargs):
        if self.live and self.coverage_started_at is None:
            self.coverage_started_at = self.first_published_at or timezone.now()
        update_fields = kwargs.get("update_fields")
        writes_status = update_fields is None or bool(DESK_FIELDS.intersection(update_fields))
        with transaction.atomic():
            if writes_status and not self._state.adding:
                # Status and end time are the desk's, set by an update of the row (live/desk/
                # ending.py). A save, such as a publish that read the coverage before an end
                # committed, takes them as the row has them once that end is done (the lock
                # waits for it), so it never writes "live" back over "ended".
                stored = (
                    LiveCoverage.objects.select_for_update()
                    .filter(pk=self.pk)
                    .values_list("coverage_status", "coverage_ended_at")
                    .first()
                )
                if stored is not None:
                    self.coverage_status, self.coverage_ended_at = stored
            return super().save(*args, **kwargs)


class LiveEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=LiveEntry.Status.PUBLISHED)

    def newest_first(self):
        return self.order_by(F("posted_at").desc(nulls_last=True), "-pk")

    def changed_after(self, sequence):
        """Entries readers must learn about since `sequence`: published, edited or withdrawn."""
        return self.filter(sequence__gt=sequence).exclude(status=LiveEntry.Status.PENDING)


class LiveEntry(PlainTextFields, ClusterableModel):
    """One timestamped update to a live coverage."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a live editor"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    coverage = models.ForeignKey(LiveCoverage, related_name="entries", on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    posted_at = models.DateTimeField(
        null=True, blank=True, help_text="When readers first saw it (set on publication)."
    )
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text="When it last changed after publication."
    )
    title = models.CharField(max_length=255, blank=True)
    body = StreamField(LiveEntryBlock())
    authors = models.ManyToManyField("people.Author", blank=True, related_name="live_entries")
    pinned = models.BooleanField(default=False, help_text="Kept above the entries, as a summary.")
    key_event = models.BooleanField(default=False, help_text="Listed among the key events.")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The coverage's sequence number of this entry's latest change readers can see.
    sequence = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    plain_text_fields = ("title",)

    objects = LiveEntryQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("pinned"), FieldPanel("key_event")]),
        FieldPanel("authors"),
        InlinePanel("corrections", label="Corrections and clarifications"),
    ]

    class Meta:
        verbose_name = "live entry"
        verbose_name_plural = "live entries"
        ordering = ["-posted_at", "-pk"]
        permissions = [("publish_liveentry", "Can publish live entries without approval")]
        indexes = [models.Index(fields=["coverage", "sequence"], name="live_entry_sequence")]

    def __str__(self):
        return self.title or f"Entry {self.pk} in {self.coverage.title}"

    @property
    def anchor(self):
        return f"entry-{self.pk}"

    @property
    def was_edited(self):
        return bool(self.edited_at and self.posted_at and self.edited_at > self.posted_at)

    def save(self, *args, **kwargs):
        with transaction.atomic():
            self.sequence = LiveCursor.next_for(self.coverage_id)
            super().save(*args, **kwargs)


class EntryCorrection(PlainTextFields, Orderable):
    """A dated correction to an entry, shown with it, as on stories."""

    entry = ParentalKey(LiveEntry, related_name="corrections", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=Correction.KINDS, default="correction")
    noted_at = models.DateTimeField("date", default=timezone.now)
    text = models.TextField(help_text="What the entry said, and what is right")
    plain_text_fields = ("text",)

    panels = [FieldPanel("kind"), FieldPanel("noted_at"), FieldPanel("text")]


class LiveCursor(models.Model):
    """The last sequence number a coverage's entries have taken."""

    coverage = models.OneToOneField(
        LiveCoverage, primary_key=True, related_name="cursor", on_delete=models.CASCADE
    )
    last_sequence = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.coverage_id} at {self.last_sequence}"

    @classmethod
    def next_for(cls, coverage_id):
        """The next number, its row locked until the caller's transaction ends."""
        cls.objects.get_or_create(coverage_id=coverage_id)
        cls.objects.filter(pk=coverage_id).update(last_sequence=F("last_sequence") + 1)
        return cls.objects.values_list("last_sequence", flat=True).get(pk=coverage_id)

    @classmethod
    def current(cls, coverage_id):
        found = cls.objects.filter(pk=coverage_id).values_list("last_sequence", flat=True)
        return found.first() or 0
