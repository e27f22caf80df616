"""The headless API: one Wagtail v2 router, and our additions to Wagtail's v3 API.

Each app's api.py (or api package) holds the endpoints for what it owns; this module only wires
them up. API v3 routers must be added before `api_v3.urls` is first read (by cms/urls.py).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from live.api import router as live_router
from live.api import v2_urls as live_v2_urls
from news.api.headless_preview import PagePreviewAPIViewSet
from news.api.v2 import NewsPagesAPIViewSet, SectionsAPIViewSet, StoryPreviewAPIViewSet
from news.api.v3 import api_v3, page_urls
from news.desk.api import router as review_router
from people.api import AuthorsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", NewsPagesAPIViewSet)
api_router.register_endpoint("categories", SectionsAPIViewSet)
api_router.register_endpoint("authors", AuthorsAPIViewSet)
api_router.register_endpoint("preview", StoryPreviewAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)  # wagtail-headless-preview's
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)

api_v3.add_router("/stories/", review_router)
api_v3.add_router("/live/", live_router)
v3_page_urls = page_urls()  # after the last router

__all__ = ["api_router", "api_v3", "live_v2_urls", "v3_page_urls"]
