"""Headless preview: the admin's Preview opens the front end with a signed, short-lived token.

The token names one story and nothing else; whoever holds it may read that story's latest
draft until it expires. It is minted only by the admin's preview, which already checked that
the editor may edit the story.

The admin's Preview opens the front end's page with both conventions a front end may know:
ours (`?token=…&type=news.NewsArticle`, for `/api/v2/preview/`) and wagtail-headless-preview's
(`?content_type=news.newsarticle&token=…`, for `/api/v2/page_preview/`). Before sending the
editor there, it checks that NEWSDESK_PREVIEW_URL is an http(s) address whose server accepts
connections, and says what is wrong in the preview pane if not, rather than leaving the editor
before a browser's connection error. A successful check is remembered for a minute, so only
the first Preview in a minute waits for it (at most PREVIEW_CONNECT_SECONDS).
"""

import socket
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import checks, signing
from django.core.cache import cache
from django.shortcuts import redirect, render

SALT = "newsdesk.preview"
PREVIEW_CONNECT_SECONDS = 2
REACHABLE_FOR_SECONDS = 60


class PreviewTokenError(Exception):
    pass


def preview_token(story):
    return signing.TimestampSigner(salt=SALT).sign(str(story.pk))


def front_end_preview_url(story):
    token = preview_token(story)
    content_type = f"{story._meta.app_label}.{story._meta.model_name}"
    query = urlencode({"content_type": content_type, "token": token, "type": story._meta.label})
    return f"{settings.NEWSDESK_PREVIEW_URL}?{query}"


def misconfigured(url):
    """Why `url` cannot be a front end's preview page, or None if it can."""
    address = urlsplit(url)
    if address.scheme not in ("http", "https") or not address.hostname:
        return f"NEWSDESK_PREVIEW_URL must be an http:// or https:// address (it is {url!r})."
    try:
        address.port  # noqa: B018 (a port that is not a number fails here)
    except ValueError:
        return f"NEWSDESK_PREVIEW_URL has a port that is not a number: {url!r}."
    return None


def unreachable(url):
    """Why the server at `url` refuses connections now, or None if it accepts them."""
    address = urlsplit(url)
    port = address.port or (443 if address.scheme == "https" else 80)
    key = f"newsdesk:preview-reachable:{address.hostname}:{port}"
    if cache.get(key):
        return None
    try:
        with socket.create_connection((address.hostname, port), PREVIEW_CONNECT_SECONDS):
            pass
    except OSError as error:
        return (
            f"The front end at {url} cannot be reached ({error.strerror or error}). "
            "Start it, or set NEWSDESK_PREVIEW_URL to where it runs."
        )
    cache.set(key, True, REACHABLE_FOR_SECONDS)
    return None


def front_end_preview(story, request):
    """The admin's Preview of `story`: a redirect to the front end, or why it cannot open."""
    url = settings.NEWSDESK_PREVIEW_URL
    if problem := misconfigured(url):
        status = 503  # the server is fine; the preview set-up is not
    elif problem := unreachable(url):
        status = 502
    else:
        return redirect(front_end_preview_url(story))
    context = {"problem": problem, "story": story}
    return render(request, "news/preview_unavailable.html", context, status=status)


def check_preview_url(app_configs, **kwargs):
    """`manage.py check` (and every server start) refuses a preview URL that is not one."""
    url = settings.NEWSDESK_PREVIEW_URL
    if url and (problem := misconfigured(url)):
        return [
            checks.Error(
                problem,
                hint="Set it to the front end's preview page, e.g. http://localhost:3000/preview, "
                "or leave it empty to preview with the project's own templates.",
                id="newsdesk.E010",
            )
        ]
    return []


def story_id_for_token(token):
    """The id of the story the token names, or PreviewTokenError saying why not."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=settings.NEWSDESK_PREVIEW_TOKEN_SECONDS
        )
    except signing.SignatureExpired as error:
        raise PreviewTokenError(
            "This preview link has expired: open Preview in the admin again."
        ) from error
    except signing.BadSignature as error:
        raise PreviewTokenError("This is not a valid preview token.") from error
