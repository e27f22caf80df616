"""The API's HTTP manners: CORS for our own front ends, cache validators, errors as JSON.

Applies to everything under /api/ and nothing else, so the admin and the HTML site keep
Django's defaults. The front end that shows previews (NEWSDESK_PREVIEW_URL) may call the
preview endpoints from its own origin without being listed in NEWSDESK_API_CORS_ORIGINS.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from news.pagination import MAX_OFFSET

API_PREFIX = "/api/"
CORS_ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, If-Modified-Since"
CORS_ALLOWED_METHODS = "GET, HEAD, POST, PATCH, DELETE, OPTIONS"
PREVIEW_PATHS = ("/api/v2/preview/", "/api/v2/page_preview/")


def preview_origin():
    """The scheme, host and port of NEWSDESK_PREVIEW_URL, as browsers send them in Origin."""
    address = urlsplit(settings.NEWSDESK_PREVIEW_URL)
    return f"{address.scheme}://{address.netloc}" if address.scheme and address.netloc else None


def allowed_origin(request):
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    if origin in settings.NEWSDESK_API_CORS_ORIGINS:
        return origin
    if request.path.startswith(PREVIEW_PATHS) and origin == preview_origin():
        return origin
    return None


def is_preflight(request):
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def is_public(request, response):
    """A response anyone may get: no token, not a preview, not marked otherwise by its view."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and "Authorization" not in request.headers
        and not response.has_header("Cache-Control")
    )


# Search back-ends accept only these, and fail on anything else.
SEARCH_OPERATORS = ("and", "or")


def malformed(request):
    """What no endpoint can answer and some databases fail on: a client error, said up front."""
    offset = request.GET.get("offset", "")
    if offset.isdigit() and int(offset) > MAX_OFFSET:
        return f"offset cannot be above {MAX_OFFSET}"
    # An id is always a row's number (API v2's /find/ looks it up as given).
    object_id = request.GET.get("id")
    if object_id is not None and not object_id.isdecimal():
        return f"id must be a whole number (got {object_id!r})"
    operator = request.GET.get("search_operator")
    if operator is not None and operator not in SEARCH_OPERATORS:
        return f"search_operator must be one of {', '.join(SEARCH_OPERATORS)} (got {operator!r})"
    # PostgreSQL refuses NUL in text ("cannot contain NUL (0x00) bytes") wherever it is used.
    if "\x00" in request.path or any("\x00" in value for value in request.GET.values()):
        return "The request contains a NUL character"
    return None


def as_json_error(request, response):
    """Django's own error pages are HTML; an API client gets the same error as JSON."""
    if response.status_code < 400 or "json" in response.get("Content-Type", ""):
        return response
    if response.status_code == 404:
        message = f"Nothing at {request.path}: see /api/v3/docs/ and docs/api.md for the endpoints"
    else:
        message = response.reason_phrase
    return JsonResponse({"message": message}, status=response.status_code)


class APIHTTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)

        origin = allowed_origin(request)
        if origin and is_preflight(request):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = CORS_ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
        elif problem := malformed(request):
            response = JsonResponse({"message": problem}, status=400)
        else:
            response = self.conditional(request, as_json_error(request, self.get_response(request)))

        if origin:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = "ETag"
        if settings.NEWSDESK_API_CORS_ORIGINS or settings.NEWSDESK_PREVIEW_URL:
            patch_vary_headers(response, ["Origin"])
        return response

    def conditional(self, request, response):
        if not is_public(request, response):
            if "Authorization" in request.headers:
                # A token may see drafts: no shared cache may keep what it was given.
                patch_cache_control(response, private=True, no_store=True)
            return response
        patch_cache_control(response, public=True, max_age=settings.NEWSDESK_API_CACHE_SECONDS)
        set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response.get("Last-Modified")),
            response=response,
        )
