from django.template.response import TemplateResponse

from news.models import NewsArticle
from news.pagination import paginate
from news.querysets import attach_sections


def search(request):
    """Stories matching the reader's words, best match first."""
    query = request.GET.get("q", "").strip()
    results = None
    if query:
        results = paginate(
            request, NewsArticle.objects.visible().for_listing().with_card_images().search(query)
        )
        results.object_list = attach_sections(results.object_list)
    return TemplateResponse(request, "search/search.html", {"query": query, "results": results})
