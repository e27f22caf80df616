from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from news.cards import Look, attach_cards
from news.distribution import structured_data
from news.models import NewsArticle, newsroom_settings
from news.pagination import paginate, paginate_newest
from people.models import Author

AUTHOR_STORY_CARD = Look(with_section=True, with_image=True, heading="h3")


def author_detail(request, slug):
    """An author's profile and their published stories, newest first."""
    author = get_object_or_404(Author.objects.live(), slug=slug)
    stories = paginate_newest(
        request,
        NewsArticle.objects.visible().by_author(author).newest_first().defer("body"),
    )
    attach_cards(request, (stories.object_list, AUTHOR_STORY_CARD))
    newsroom = newsroom_settings(request)
    context = {
        "author": author,
        "stories": stories,
        "share_image": structured_data.share_image(author.photo, newsroom),
        "structured_data": structured_data.author_page(author, request, newsroom),
    }
    return TemplateResponse(request, "people/author_detail.html", context)


def author_index(request):
    """Everyone with a published profile, by name: who writes for the newsroom."""
    authors = paginate(request, Author.objects.live().order_by("name", "pk"))
    return TemplateResponse(request, "people/author_index.html", {"authors": authors})
