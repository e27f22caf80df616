"""What search engines read about a live coverage: a schema.org `LiveBlogPosting`.

It is the coverage's story JSON-LD (news.distribution.structured_data: publisher, images,
authors) retyped, with the coverage's times and a `BlogPosting` for each entry on the page,
so Google can show the coverage as live and its newest updates.
"""

from news.distribution import structured_data
from news.formatting import plain_text


def live_blog(coverage, request, newsroom, image, updates):
    """`updates`: (entry, its one-line summary, its absolute permalink) for the entries shown."""
    data = structured_data.news_article(coverage, request, newsroom, image)
    data["@type"] = "LiveBlogPosting"
    # Both are set by the time readers see the coverage (LiveCoverage.save, clean).
    for field, moment in [
        ("coverageStartTime", coverage.coverage_started_at),
        ("coverageEndTime", coverage.coverage_ended_at),
    ]:
        if moment:
            data[field] = moment.isoformat()
    data["liveBlogUpdate"] = [
        blog_posting(entry, line, url, request) for entry, line, url in updates
    ]
    return data


def blog_posting(entry, line, url, request):
    data = {
        "@type": "BlogPosting",
        "headline": line[:110],
        "url": url,
        "datePublished": _iso(entry.posted_at),
        "dateModified": _iso(entry.edited_at or entry.posted_at),
        "articleBody": plain_text(str(entry.body)),
        "author": [structured_data.person(author, request) for author in entry.authors.all()],
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _iso(moment):
    return moment.isoformat() if moment else None
