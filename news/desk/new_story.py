"""Starting a story: the "New story" button on the dashboard and in a section's page listing,
which asks for the section only when the writer may file in more than one."""

from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from news.models import CategoryPage, NewsArticle


def add_story_url(section):
    return reverse(
        "wagtailadmin_pages:add",
        args=[NewsArticle._meta.app_label, NewsArticle._meta.model_name, section.pk],
    )


def sections_to_file_in(user):
    """The sections `user` may add a story to, in the order the site lists them."""
    return [
        section
        for section in CategoryPage.objects.order_by("path")
        if section.permissions_for_user(user).can_add_subpage()
    ]


def new_story_url(user):
    """Straight to the editor when there is one section to choose; otherwise, the choice."""
    sections = sections_to_file_in(user)
    if not sections:
        return None
    return add_story_url(sections[0]) if len(sections) == 1 else reverse("new_story")


class NewStoryPanel(Component):
    name = "new_story"
    template_name = "news/admin/new_story_panel.html"
    order = 50  # above the review desk: filing is the first thing a reporter does

    def get_context_data(self, parent_context):
        url = new_story_url(parent_context["request"].user)
        return {**super().get_context_data(parent_context), "new_story_url": url}


class ChooseSectionView(WagtailAdminTemplateMixin, TemplateView):
    """Which section the new story goes in: only those the writer may file in."""

    page_title = "New story"
    header_icon = "doc-empty-inverse"
    template_name = "news/admin/choose_section.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        sections = sections_to_file_in(request.user)
        if len(sections) == 1:
            return redirect(add_story_url(sections[0]))
        self.sections = [(section, add_story_url(section)) for section in sections]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=self.sections, **kwargs)
