"""wagtail-headless-preview's protocol, served with our own preview tokens.

Front ends written for wagtail-headless-preview are opened by the admin's Preview with
`?content_type=news.newsarticle&token=…` and fetch the draft from
`/api/v2/page_preview/?content_type=…&token=…` or `/api/v2/page_preview/<id>/?…` (same query).
The token is the one `/api/v2/preview/` takes (news/api/preview.py: signed, expiring, naming
one story), so both addresses follow the same rules; the `<id>` form must name the token's own
story, and `content_type` the story type.
"""

from django.urls import path
from wagtail.api.v2.utils import BadRequestError

from news.api.preview import PreviewTokenError
from news.api.v2 import StoryPreviewAPIViewSet
from news.models import NewsArticle

STORY_CONTENT_TYPE = f"{NewsArticle._meta.app_label}.{NewsArticle._meta.model_name}"


class PagePreviewAPIViewSet(StoryPreviewAPIViewSet):
    name = "page_preview"
    known_query_parameters = StoryPreviewAPIViewSet.known_query_parameters.union(["content_type"])

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "detail_view"}), {"pk": None}, name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    def get_object(self):
        content_type = self.request.GET.get("content_type", "")
        if content_type.lower() != STORY_CONTENT_TYPE:
            raise BadRequestError(
                f"content_type must be {STORY_CONTENT_TYPE}, the only type previewed here "
                f"(got {content_type!r})"
            )
        draft = super().get_object()
        asked_for = self.kwargs.get("pk")
        if asked_for is not None and asked_for != draft.pk:
            raise PreviewTokenError("This preview link opens another story.")
        return draft
