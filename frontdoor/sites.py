"""Which Wagtail site a request is for, found once per host name rather than on every request.

Wagtail's `Site.find_for_request` builds and runs a ranked query each time it is first asked
in a request, which costs more than serving a stored story (news/api/stored.py). Its answer
changes only when a site is added, edited or removed, and each of those bumps the "site" cache
tag (caching/invalidation.py). So each worker remembers the site per host and port with
the tag's version at the time, and Wagtail finds it already on the request. A view that
serves no site content (the health check) is marked `needs_no_site` and skips even that.
"""

import copy

from wagtail.models import Site

from caching import response_cache

# Host names are bounded by ALLOWED_HOSTS, unless that is "*": forget them all past this.
MAX_REMEMBERED = 100

_remembered = {}


def needs_no_site(view):
    view.needs_no_site = True
    return view


class SiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if getattr(view, "needs_no_site", False):
            return None
        version = response_cache.versions({"site"})["site"]
        key = (request.get_host(), request.get_port())
        found = _remembered.get(key)
        if found is None or found[0] != version:
            if len(_remembered) >= MAX_REMEMBERED:
                _remembered.clear()
            site = Site.find_for_request(request)
            # Its home page as its own type, which routing every request asks for (a query).
            home = site.root_page.specific if site is not None else None
            found = _remembered[key] = (version, site, home)
        _, site, home = found
        if site is not None:
            # Copies, so nothing one request sets on the site or its root page reaches the next.
            site = copy.copy(site)
            site.root_page = copy.copy(site.root_page)
            site.root_page.specific = copy.copy(home)
        request._wagtail_site = site
        return None
