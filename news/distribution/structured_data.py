"""What search engines and social networks read about a page: schema.org JSON-LD and share images.

Built from the same models the page renders, so the card, the JSON-LD and the page agree.
Absolute URLs come from the Wagtail Site (its configured hostname), never from the request's
Host header, so every card and canonical link names the one real address of the page.
"""

from urllib.parse import urljoin

from django.urls import reverse
from django.utils.text import get_text_list
from wagtail.models import Site

SHARE_IMAGE_SPEC = "fill-1200x630"
# The logo stands in for a share image whole: cropping it to a card would cut the name.
LOGO_SHARE_SPEC = "max-1200x1200"
LOGO_SPEC = "max-600x60"


def share_image(image, newsroom):
    """The image social cards and Google show for a page: its own, else the newsroom's default
    share image, else its logo (Google requires an image on every NewsArticle)."""
    image = image or newsroom.default_share_image
    if image:
        return image.get_rendition(SHARE_IMAGE_SPEC)
    return newsroom.logo.get_rendition(LOGO_SHARE_SPEC) if newsroom.logo else None


def absolute_url(url, request):
    site = Site.find_for_request(request)
    return urljoin(site.root_url if site else request.build_absolute_uri("/"), url)


def _image_object(rendition, request):
    return {
        "@type": "ImageObject",
        "url": absolute_url(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
    }


def publisher(newsroom, request):
    data = {
        "@type": "NewsMediaOrganization",
        "@id": absolute_url("/#publisher", request),
        "name": newsroom.publication_name,
        "url": absolute_url("/", request),
    }
    if newsroom.logo:
        data["logo"] = _image_object(newsroom.logo.get_rendition(LOGO_SPEC), request)
    same_as = [url for url in (newsroom.facebook_url, _x_url(newsroom.x_handle)) if url]
    if same_as:
        data["sameAs"] = same_as
    return data


def person(author, request):
    data = {
        "@type": "Person",
        "name": author.name,
        "url": absolute_url(author.get_absolute_url(), request),
    }
    if author.role:
        data["jobTitle"] = author.role
    if author.x_handle:
        data["sameAs"] = [author.x_url]
    return data


def news_article(story, request, newsroom, image):
    url = story.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title[:110],
        "description": story.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": _iso(story.published_at),
        "dateModified": _iso(story.updated_at or story.published_at),
        "author": [person(author, request) for author in story.byline],
        "publisher": publisher(newsroom, request),
        "inLanguage": newsroom.language,
    }
    if image:
        data["image"] = [_image_object(image, request)]
    if story.section:
        data["articleSection"] = story.section.title
    tags = [tag.name for tag in story.tags.all()]
    if tags:
        data["keywords"] = tags
    return {key: value for key, value in data.items() if value not in (None, "")}


def section_page(section, request, newsroom):
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": section.title,
        "description": section.intro or section.search_description,
        "url": section.get_full_url(request),
        "isPartOf": {"@type": "WebSite", "name": newsroom.publication_name},
        "publisher": publisher(newsroom, request),
    }


def author_page(author, request, newsroom):
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url(author.get_absolute_url(), request),
        "mainEntity": person(author, request),
        "isPartOf": {"@type": "WebSite", "name": newsroom.publication_name},
    }


def front_page_description(newsroom, sections):
    """What the front page is, for search results: the tagline, else what it covers."""
    if newsroom.tagline:
        return newsroom.tagline
    covered = get_text_list([section.title for section in sections], "and")
    if covered:
        return f"The latest news from {newsroom.publication_name}: {covered}."
    return f"The latest news from {newsroom.publication_name}."


def front_page(request, newsroom, description):
    """The site and who publishes it, with the search box Google may show under the result."""
    organization = publisher(newsroom, request)
    search = absolute_url(reverse("search"), request)
    website = {
        "@type": "WebSite",
        "@id": absolute_url("/#website", request),
        "name": newsroom.publication_name,
        "url": absolute_url("/", request),
        "description": description,
        "inLanguage": newsroom.language,
        "publisher": {"@id": organization["@id"]},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return {"@context": "https://schema.org", "@graph": [website, organization]}


def _x_url(handle):
    return f"https://x.com/{handle}" if handle else ""


def _iso(moment):
    return moment.isoformat() if moment else None
