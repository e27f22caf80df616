"""Headless preview: the admin's Preview opens the front end with a signed, short-lived token.

The token names one story and nothing else; whoever holds it may read that story's latest
draft until it expires. It is minted only by the admin's preview, which already checked that
the editor may edit the story.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

SALT = "newsdesk.preview"


class PreviewTokenError(Exception):
    pass


def preview_token(story):
    return signing.TimestampSigner(salt=SALT).sign(str(story.pk))


def front_end_preview_url(story):
    query = urlencode({"token": preview_token(story), "type": story._meta.label})
    return f"{settings.NEWSDESK_PREVIEW_URL}?{query}"


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
