from django.template.response import TemplateResponse

from news.models import Correction, NewsArticle
from news.pagination import paginate


def corrections(request):
    """Every correction and clarification on the stories readers can see, newest first."""
    notes = (
        Correction.objects.filter(story__in=NewsArticle.objects.visible().newest_first())
        .select_related("story")
        .order_by("-noted_at", "-pk")
    )
    return TemplateResponse(request, "news/corrections.html", {"notes": paginate(request, notes)})
