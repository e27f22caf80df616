"""wagtail-headless-preview's protocol, served with our own preview tokens.

Front ends written for wagtail-headless-preview are opened by the admin's Preview with
`?content_type=news.newsarticle&token=…` and fetch the draft from
`/api/v2/page_preview/?content_type=…&token=…` or `/api/v2/page_preview/<id>/?…` (same query).
The token is the one `/api/v2/preview/` takes (news/api/preview.py: signed, expiring, naming
one story), so both addresses follow the same rules, and `content_type` must be the story type.
The `<id>` is not read: front ends written for wagtail-headless-preview send a placeholder
(`page_preview/1/`, as its README does), and the token alone names the story, so whatever the
path says, the token's own draft is the one served.
"""

from django.urls import path
from wagtail.api.v2.utils import BadRequestError

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
        return super().get_object()
