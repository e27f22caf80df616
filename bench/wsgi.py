"""What the benchmark's gunicorn serves: Newsdesk (cms.wsgi), with one more URL in front of it.

`/bench/trivial` answers `{"status": "ok"}` through Django's own request cycle (WSGIRequest,
the request signals, JsonResponse) but none of our middleware and no URL resolution: the
trivial view of stock bakerydemo's kind, so the benchmark can tell what our middleware costs
(`/healthz` is the same answer through all of it). It exists only here, never in the
product's URLconf.
"""

from django.core.handlers.wsgi import WSGIHandler
from django.http import JsonResponse

from bench.scenarios import TRIVIAL_PATH
from cms.wsgi import application as newsdesk


class WithoutMiddleware(WSGIHandler):
    """Django's WSGI handler whose whole middleware chain and view is one JsonResponse."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = self.trivial_view

    @staticmethod
    def trivial_view(request):
        return JsonResponse({"status": "ok"})


trivial = WithoutMiddleware()


def application(environ, start_response):
    if environ.get("PATH_INFO") == TRIVIAL_PATH:
        return trivial(environ, start_response)
    return newsdesk(environ, start_response)
