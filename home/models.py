import copy
import locale

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site

from caching.remembered import remembered
from news.cards import Look, attach_cards
from news.distribution import structured_data
from news.models import NewsArticle, newsroom_settings
from news.plain_text import PAGE_PLAIN_TEXT_FIELDS, PlainTextFields
from news.querysets import sections_of
from news.routing import RoutesToTypedChildren
from news.visibility import RemembersViewRestrictions
from people.validators import validate_x_handle


class HomePage(PlainTextFields, RemembersViewRestrictions, RoutesToTypedChildren, Page):
    """The front page: the lead story, the latest across the newsroom, then each section's
    newest that the latest did not already show."""

    routed_child_type = "news.CategoryPage"
    remembers_children = True  # a section's publish, move or deletion bumps "site"
    plain_text_fields = PAGE_PLAIN_TEXT_FIELDS

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.CategoryPage"]
    max_count = 1

    LATEST_COUNT = 10
    PER_SECTION = 3
    LEAD_CARD = Look(with_section=True, with_image=True, as_lead=True)
    LATEST_CARD = Look(with_section=True, with_image=True, heading="h3")
    SECTION_CARD = Look(heading="h3")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Which stories show is read on every request; how each shows is its stored card.
        stories = NewsArticle.objects.descendant_of(self).visible().defer("body")
        latest = self.lead_first(stories)
        context["lead"], context["latest"] = (latest[0], latest[1:]) if latest else (None, [])

        # A section's block shows what the reader has not already passed in the latest list.
        sections = list(sections_of(self))
        by_section = {section.path: [] for section in sections}
        unseen = stories.exclude(pk__in=[story.pk for story in latest])
        for story in unseen.newest_per_section(sections, self.PER_SECTION).newest_first():
            by_section[story.path[: -Page.steplen]].append(story)
        # A section with nothing published yet gets no block on the front page.
        context["sections"] = [
            (section, by_section[section.path]) for section in sections if by_section[section.path]
        ]
        attach_cards(
            request,
            (latest[:1], self.LEAD_CARD),
            (latest[1:], self.LATEST_CARD),
            ([story for _, shown in context["sections"] for story in shown], self.SECTION_CARD),
        )
        newsroom = newsroom_settings(request)
        context["share_image"] = structured_data.share_image(None, newsroom)
        context["description"] = self.search_description or (
            structured_data.front_page_description(newsroom, sections)
        )
        context["structured_data"] = structured_data.front_page(
            request, newsroom, context["description"]
        )
        return context

    def lead_first(self, stories):
        """The latest stories, led by the newest featured one (the newest story if none is)."""
        latest = list(stories.newest_first()[: self.LATEST_COUNT])
        lead_pk = (
            stories.filter(featured=True)
            .newest_first()
            .values_list("pk", flat=True)
            .prefetch_related(None)
            .first()
        )
        if lead_pk is None or (latest and latest[0].pk == lead_pk):
            return latest
        rest = [story for story in latest if story.pk != lead_pk][: self.LATEST_COUNT - 1]
        # Fetched on its own only when it is older than everything in the list.
        lead = next((story for story in latest if story.pk == lead_pk), None)
        return [lead or stories.get(pk=lead_pk), *rest]


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """Who publishes this site: used by the templates, feeds, structured data and sitemaps."""

    publication_name = models.CharField(max_length=255, default="Newsdesk")
    tagline = models.CharField(max_length=255, blank=True)
    language = models.CharField(
        max_length=10, default="en", help_text="BCP 47 language code, e.g. en or en-GB"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on social cards for pages without an image of their own",
    )
    x_handle = models.CharField(
        "X/Twitter handle", max_length=16, blank=True, validators=[validate_x_handle]
    )
    facebook_url = models.URLField(blank=True)

    select_related = ["logo", "default_share_image"]

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, from what the worker remembers under the "site" tag's version
        (caching.remembered): every page reads the settings, and any change to them, or to
        the site, or to their images, bumps that tag."""
        name = cls.get_cache_attr_name()
        if name not in request.__dict__:
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            found = copy.copy(
                remembered(f"newsroom-settings:{site.pk}", lambda: cls.for_site(site))
            )
            # Wagtail builds page links from the request it was read for.
            found._request = request
            setattr(request, name, found)
        return request.__dict__[name]

    panels = [
        MultiFieldPanel(
            [FieldPanel("publication_name"), FieldPanel("tagline"), FieldPanel("language")],
            "Publication",
        ),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("default_share_image")], "Images"),
        MultiFieldPanel([FieldPanel("x_handle"), FieldPanel("facebook_url")], "Social"),
    ]

    class Meta:
        verbose_name = "newsroom settings"

    @property
    def og_locale(self):
        """Open Graph wants language_TERRITORY ("en_US"): a bare language takes its usual
        territory from Python's table of locale aliases (en → en_US, fr → fr_FR)."""
        tag = self.language.replace("-", "_")
        if "_" not in tag:
            tag = locale.normalize(tag).split(".")[0]
        return tag

    @property
    def news_language(self):
        """Google News wants an ISO 639 code, except for the two written forms of Chinese."""
        language = self.language.lower()
        return language if language in {"zh-cn", "zh-tw"} else language.split("-")[0]
