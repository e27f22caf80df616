"""Which Wagtail site a request is for, found once per host name rather than on every request.

Wagtail's `Site.find_for_request` builds and runs a ranked query each time it is first asked
in a request, which costs more than serving a stored story (news/api/stored.py). Its answer
changes only when a site is added, edited or removed, and each of those bumps the "site" cache
tag (caching/invalidation.py). So each request reads the tag's version once and starts what
each worker remembers under it (caching.remembered): the site per host and port, its home page
as its own type, and whatever else frames every page; Wagtail finds the site already on the
request. A view that serves no site content (the health check) is marked `needs_no_site` and
skips even that.
"""

import copy

from wagtail.models import Site

from caching import remembered, response_cache


def needs_no_site(view):
    view.needs_no_site = True
    return view


def _site_and_home(request):
    site = Site.find_for_request(request)
    # Its home page as its own type, which routing every request asks for (a query).
    return site, site.root_page.specific if site is not None else None


class SiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            if (token := request.__dict__.pop("_remembered_version", None)) is not None:
                remembered.end(token)

    def process_view(self, request, view, view_args, view_kwargs):
        if getattr(view, "needs_no_site", False):
            return None
        version = response_cache.versions({"site"})["site"]
        request._remembered_version = remembered.begin(version)
        site, home = remembered.remembered(
            f"site:{request.get_host()}:{request.get_port()}", lambda: _site_and_home(request)
        )
        if site is not None:
            # Copies, so nothing one request sets on the site or its root page reaches the next.
            site = copy.copy(site)
            site.root_page = copy.copy(site.root_page)
            site.root_page.specific = copy.copy(home)
        request._wagtail_site = site
        return None
