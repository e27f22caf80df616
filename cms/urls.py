from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router, api_v3, live_v2_urls, v3_page_urls
from frontdoor.views import healthz
from live import urls as live_urls
from news import urls as news_urls
from people import views as people_views
from search import views as search_views

urlpatterns = [
    # First: the probe's path is matched against every pattern listed before it.
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/live/", include(live_v2_urls)),
    path("api/v2/", api_router.urls),
    *v3_page_urls,
    path("api/v3/", api_v3.urls),
    path("search/", search_views.search, name="search"),
    path("authors/", people_views.author_index, name="author_index"),
    path("authors/<slug:slug>/", people_views.author_detail, name="author_detail"),
]

handler400 = "frontdoor.views.bad_request"

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include(news_urls)),
    path("", include(live_urls)),
    # Everything else is a page in Wagtail's tree: home, sections, stories.
    path("", include(wagtail_urls)),
]
