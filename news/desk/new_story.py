"""Starting a story: the "New story" button on the dashboard and in a section's page listing,
which asks for the section only when the writer may file in more than one. A section files
other kinds of story too (live coverage): each has its button, found from the section's page
types, so the desk names none of them."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from news.models import CategoryPage, NewsArticle


def story_kinds():
    """What a writer may start in a section: a story first, then its kinds (live coverage)."""
    return CategoryPage.creatable_subpage_models()


def add_story_url(section, kind=NewsArticle):
    return reverse(
        "wagtailadmin_pages:add", args=[kind._meta.app_label, kind._meta.model_name, section.pk]
    )


def sections_to_file_in(user):
    """The sections `user` may add a story to, in the order the site lists them."""
    return [
        section
        for section in CategoryPage.objects.order_by("path")
        if section.permissions_for_user(user).can_add_subpage()
    ]


def new_story_url(user, kind=NewsArticle):
    """Straight to the editor when there is one section to choose; otherwise, the choice."""
    sections = sections_to_file_in(user)
    if not sections:
        return None
    if len(sections) == 1:
        return add_story_url(sections[0], kind)
    if kind is NewsArticle:
        return reverse("new_story")
    return reverse("new_story_of_kind", args=[kind._meta.app_label, kind._meta.model_name])


def new_story_label(kind):
    return f"New {kind._meta.verbose_name}"


class NewStoryPanel(Component):
    name = "new_story"
    template_name = "news/admin/new_story_panel.html"
    order = 50  # above the review desk: filing is the first thing a reporter does

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        buttons = [(new_story_label(kind), new_story_url(user, kind)) for kind in story_kinds()]
        return {**super().get_context_data(parent_context), "buttons": buttons}


class ChooseSectionView(WagtailAdminTemplateMixin, TemplateView):
    """Which section the new story goes in: only those the writer may file in."""

    header_icon = "doc-empty-inverse"
    template_name = "news/admin/choose_section.html"

    def setup(self, request, *args, app_label="news", model_name="newsarticle", **kwargs):
        super().setup(request, *args, **kwargs)
        kinds = {(kind._meta.app_label, kind._meta.model_name): kind for kind in story_kinds()}
        self.kind = kinds.get((app_label, model_name))
        if self.kind is None:
            raise Http404(f"A section files no {app_label}.{model_name}.")
        self.page_title = new_story_label(self.kind)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        sections = sections_to_file_in(request.user)
        if len(sections) == 1:
            return redirect(add_story_url(sections[0], self.kind))
        self.sections = [(section, add_story_url(section, self.kind)) for section in sections]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=self.sections, **kwargs)
