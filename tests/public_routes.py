"""Every public GET route of the site and both APIs, each as the URLs that exercise it.

Routes come from the URLconf (walking Django's resolver) and API v3's OpenAPI schema; their
query parameters from each API v2 endpoint's `known_query_parameters` and the schema's
operations. Path and query parameters are filled from the mappings below, and a route or a
parameter they do not know fails the test that asked, so a new route is covered (or
excluded here, by a rule with its reason) without anyone remembering to add it to a list.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

STORY_TYPE = "news.NewsArticle"

# Routes that are not public GETs, by the start of their path (after the leading slash).
EDITORS_ONLY = (
    "admin/",  # Wagtail's admin: logged-in staff only
    "django-admin/",  # Django's admin: superusers only
    "api/v2/preview/",  # a story's draft, for a preview token only
    "api/v2/page_preview/",  # the same, in wagtail-headless-preview's protocol
)
# A view restriction's password form (pages, documents) shows a form and never content.
PASSWORD_FORM = "authenticate_with_password/"
# API v3's routes are taken from its schema, which knows their methods and security.
V3_PREFIX = "api/v3/"

# API v2's find looks a page up by these, besides the endpoint's own parameters.
V2_FIND_PARAMETERS = {"id", "html_path"}

# Query parameters that are not filters a reader can use, each with why.
NOT_PUBLIC_PARAMETERS = {
    "version": "a draft revision, for tokens only",
    "token": "a preview token, for the preview endpoint only",
    "content_type": "the previewed page's type, for the headless preview endpoint only",
}


@dataclass
class Route:
    """One route, and the URLs (each with its query) that exercise it."""

    name: str
    urls: list = field(default_factory=list)


def path_values(newsroom):
    """Path parameter → the values to try (each one of them in turn)."""
    story = newsroom.story
    return {
        # A story, and whatever else an endpoint may look up by id; others are 404s.
        "pk": [
            story.pk,
            newsroom.section.pk,
            newsroom.author.pk,
            newsroom.image.pk,
            newsroom.document.pk,
        ],
        "page_id": [story.pk, newsroom.section.pk],
        # An author's slug on author routes, a tag's on tag routes, a live coverage's on its
        # entry feeds (the public one's, and the story under test's, which may be a coverage).
        "slug": [newsroom.author.slug, newsroom.tag_slug, newsroom.coverage.slug, story.slug],
        "section": [newsroom.section.slug],
        "document_id": [newsroom.document.pk],
        "document_filename": [newsroom.document.filename],
        "image_id": [newsroom.image.pk],
        "redirect_id": [newsroom.redirect.pk],
        # A live coverage's entries (a coverage that stays public, and the story under test,
        # which may be a coverage itself); any other id is a 404.
        "coverage_id": [newsroom.coverage.pk, story.pk],
    }


def query_forms(newsroom):
    """Query parameter → the query to send it in (with the type a story filter needs), or a
    list of them to try each."""
    story, word = newsroom.story, newsroom.search_word
    return {
        "type": {"type": STORY_TYPE},
        "fields": {"type": STORY_TYPE, "fields": "*"},
        "limit": {"limit": 100},
        "offset": {"offset": 0},
        "order": {"order": "-id"},
        "child_of": {"child_of": newsroom.section.pk},
        "descendant_of": {"descendant_of": newsroom.home.pk},
        "ancestor_of": {"ancestor_of": story.pk},
        "translation_of": {"translation_of": story.pk},
        "locale": {"locale": "en"},
        "site": {"site": newsroom.site_hostname},
        "category": {"type": STORY_TYPE, "category": newsroom.section.slug},
        "author": {"type": STORY_TYPE, "author": newsroom.author.slug},
        "tag": {"type": STORY_TYPE, "tag": newsroom.tag_slug},
        "published_after": {"type": STORY_TYPE, "published_after": "2000-01-01"},
        "published_before": {"type": STORY_TYPE, "published_before": "2100-01-01"},
        "search": {"search": word},
        "search_operator": {"search": word, "search_operator": "and"},
        "format": {"format": "json"},
        "rich_text_format": {"rich_text_format": "html"},
        "_": {"_": "1"},  # a cache-buster some front ends send
        # Looked up by the finds (v2's endpoints, v3's pages and redirects): whatever each serves.
        "id": [{"id": pk} for pk in [*path_values(newsroom)["pk"], newsroom.redirect.pk]],
        "html_path": [
            {"html_path": path}
            for path in (story.url, newsroom.section.url, newsroom.redirect.old_path)
        ],
    }


# Query forms of routes that take no declared parameters, by URL name.
ROUTE_QUERIES = {
    "search": [{"q": "search_word"}],
}


def full_routes(resolver=None, prefix=""):
    """(route text, URL pattern) for every URL pattern, nested includes included."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + route_text(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from full_routes(pattern, route)
        else:
            yield route, pattern


def has_groups(pattern):
    return isinstance(pattern, RegexPattern) and pattern.regex.groups > 0


def route_text(pattern):
    """A pattern as path text; a regular expression without groups is plain text too."""
    if isinstance(pattern, RegexPattern) and not has_groups(pattern):
        return pattern.regex.pattern.removeprefix("^").removesuffix("$").replace("\\", "")
    return str(pattern)


def is_excluded(route):
    return route.startswith(EDITORS_ONLY) or PASSWORD_FORM in route


def fill(route, values):
    """Every URL `route` names, one per combination of its parameters' values."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    urls = ["/" + route]
    for name in names:
        if name not in values:
            pytest.fail(f"route /{route}: no value for path parameter {name!r}")
        urls = [
            re.sub(rf"<(?:\w+:)?{name}>", str(value), url, count=1)
            for url in urls
            for value in values[name]
        ]
    return urls


def with_queries(urls, parameters, forms, route):
    """`urls` bare, and once with each of `parameters` in its query form."""
    queries = [{}]
    for name in sorted(parameters):
        if name in NOT_PUBLIC_PARAMETERS:
            continue
        if name not in forms:
            pytest.fail(f"route {route}: no query form for parameter {name!r}")
        form = forms[name]
        queries += form if isinstance(form, list) else [form]
    return [(url, query) for url in urls for query in queries]


def urlconf_routes(newsroom):
    """Public routes of the URLconf but API v3's (see v3_routes)."""
    values, forms = path_values(newsroom), query_forms(newsroom)
    routes = []
    for route, pattern in full_routes():
        if is_excluded(route):
            continue
        if route.startswith(V3_PREFIX):
            continue  # from the schema, and v3_routes checks each is in it
        if has_groups(pattern.pattern) or "^" in route:
            urls = regex_route_urls(route, pattern, newsroom)
        else:
            urls = fill(route, values)
        view_class = getattr(pattern.callback, "cls", None)
        action = (getattr(pattern.callback, "actions", None) or {}).get("get")
        if view_class is not None and action in ("listing_view", "find_view"):
            parameters = view_class.known_query_parameters
            if action == "find_view":
                parameters = parameters | V2_FIND_PARAMETERS
            pairs = with_queries(urls, parameters, forms, route)
        else:
            extra = [
                {name: getattr(newsroom, value) for name, value in query.items()}
                for query in ROUTE_QUERIES.get(pattern.name, [])
            ]
            pairs = [(url, query) for url in urls for query in [{}, *extra]]
        routes.append(Route(route, pairs))
    return routes


def regex_route_urls(route, pattern, newsroom):
    """Routes written as regular expressions, with unnamed groups: filled by URL name."""
    document = newsroom.document
    known = {
        # Wagtail's page tree, any page's path: its home, the story's section, the story.
        "wagtail_serve": lambda: ["/", newsroom.section.url, newsroom.story.url],
        "wagtaildocs_serve": lambda: [f"/documents/{document.pk}/{document.filename}"],
    }
    if pattern.name not in known:
        pytest.fail(f"route {route} ({pattern.name}): a regex this test does not know how to fill")
    return known[pattern.name]()


def v3_routes(client, newsroom):
    """API v3's public GET operations, from its OpenAPI schema, with every query parameter."""
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    values, forms = path_values(newsroom), query_forms(newsroom)
    # Served beside the operations: the schema itself and its browsable docs; django-ninja's
    # index of them is a 404, not a public GET.
    around_the_schema = ["api/v3/openapi.json", "api/v3/docs/"]
    documented = {*around_the_schema, "api/v3/"}
    routes = [Route(route, [(f"/{route}", {})]) for route in around_the_schema]
    for path, operations in schema["paths"].items():
        route = path.lstrip("/").replace("{", "<").replace("}", ">")
        documented.add(route)
        operation = operations.get("get")
        # Token-only operations (a writer's revisions, sites, snippets) are not public.
        if operation is None or {"AllowAnonymous": []} not in operation.get("security", []):
            continue
        parameters = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        pairs = with_queries(fill(route, values), parameters, forms, route)
        routes.append(Route(route, pairs))
    for route, _ in full_routes():
        normalised = re.sub(r"<\w+:(\w+)>", r"<\1>", route)
        if normalised.startswith(V3_PREFIX) and normalised not in documented:
            pytest.fail(f"route /{route} is served but not in API v3's schema")
    return routes


def every_public_route(client, newsroom):
    return [*urlconf_routes(newsroom), *v3_routes(client, newsroom)]
