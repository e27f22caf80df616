"""/robots.txt: what crawlers may fetch, and where both sitemaps are."""

from django.http import HttpResponse
from django.urls import reverse

from news.distribution.structured_data import absolute_url

# The admin is for the newsroom; everything readers see may be crawled.
DISALLOWED = ["/admin/"]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    # Sitemap lines must be absolute: the Site's address, as every link we publish.
    lines += [
        f"Sitemap: {absolute_url(reverse(name), request)}" for name in ("sitemap", "news_sitemap")
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
