from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from taggit.models import Tag

from news.cards import Look, attach_cards
from news.models import Correction, NewsArticle
from news.pagination import paginate, paginate_newest

TAGGED_CARD = Look(with_section=True, with_image=True)


def corrections(request):
    """Every correction and clarification on the stories readers can see, newest first."""
    notes = (
        Correction.objects.filter(story__in=NewsArticle.objects.visible().newest_first())
        .select_related("story")
        .order_by("-noted_at", "-pk")
    )
    return TemplateResponse(request, "news/corrections.html", {"notes": paginate(request, notes)})


def tag_page(request, slug):
    """The stories readers can see with one tag, newest first, as the tag's feed lists them."""
    tag = get_object_or_404(Tag, slug=slug)
    stories = paginate_newest(
        request,
        NewsArticle.objects.visible().filter(tags__slug=slug).newest_first().defer("body"),
    )
    if not stories.object_list:
        # A tag only drafts carry is not public yet: its page would give the drafts away.
        raise Http404("No story readers can see has this tag.")
    attach_cards(request, (stories.object_list, TAGGED_CARD))
    return TemplateResponse(request, "news/tag_page.html", {"tag": tag, "stories": stories})
