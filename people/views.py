from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from news.models import NewsArticle, attach_sections, paginate
from people.models import Author


def author_detail(request, slug):
    """An author's profile and their published stories, newest first."""
    author = get_object_or_404(Author.objects.live(), slug=slug)
    stories = paginate(
        request, NewsArticle.objects.visible().by_author(author).newest_first().for_listing()
    )
    stories.object_list = attach_sections(stories.object_list)
    return TemplateResponse(
        request, "people/author_detail.html", {"author": author, "stories": stories}
    )
