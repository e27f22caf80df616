from wagtail.models import Page

from news.models import CategoryPage, NewsArticle, attach_sections


class HomePage(Page):
    """The front page: the latest stories across the newsroom, then each section's newest."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.CategoryPage"]
    max_count = 1

    LATEST_COUNT = 10
    PER_SECTION = 3

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = NewsArticle.objects.descendant_of(self).visible().for_listing()
        context["latest"] = attach_sections(stories.newest_first()[: self.LATEST_COUNT])

        newest = stories.newest_per_section(self.PER_SECTION).newest_first()
        by_section = {}
        for story in newest:
            by_section.setdefault(story.section_path, []).append(story)
        sections = CategoryPage.objects.child_of(self).live().public().filter(path__in=by_section)
        context["sections"] = [(section, by_section[section.path]) for section in sections]
        return context
