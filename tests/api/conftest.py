"""Helpers for probing the API the way a front end does: over HTTP, with or without a token."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import APIToken, GroupPagePermission

from tests.factories import home_page, related_link, tweet


def every_block(image, linked_story):
    """A body with one block of each kind, as an editor would fill it in."""
    return [
        {
            "type": "lede",
            "value": f'<p>It began <a linktype="page" id="{linked_story.pk}">here</a>.</p>',
        },
        {"type": "heading", "value": "What happened next"},
        {"type": "paragraph", "value": "<ul><li>One</li><li>Two</li></ul>"},
        tweet(),
        related_link(linked_story),
        {"type": "image", "value": {"image": image.pk, "caption": "At dawn", "credit": "AP"}},
        {"type": "quote", "value": {"text": "We will rebuild.", "attribution": "The mayor"}},
        {
            "type": "gallery",
            "value": {
                "images": [{"image": image.pk, "caption": "The quay", "credit": "Reuters"}],
                "caption": "The harbour, a day on",
            },
        },
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "provider": "youtube",
                "title": "The mayor's address",
                "thumbnail": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
            },
        },
        {
            "type": "table",
            "value": {
                "data": [["Ward", "Homes lost"], ["North", "120"], ["Harbour", None]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Damage by ward",
            },
        },
    ]


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def make_newsroom_user(django_user_model, username, *page_permissions, page=None):
    """A user whose group holds `page_permissions` (e.g. "add", "change", "publish") on `page`
    (the home page by default): the same grants the admin's group editor makes."""
    user = django_user_model.objects.create_user(username, f"{username}@newsroom.example", "pw")
    group = Group.objects.create(name=f"{username} desk")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in page_permissions:
        GroupPagePermission.objects.create(
            group=group,
            page=page or home_page(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{codename}_page"
            ),
        )
    user.groups.add(group)
    return user


def token_for(user):
    _, plaintext = APIToken.create_token(user=user, name=f"{user.username}'s front end")
    return plaintext


@pytest.fixture
def reporter_user(django_user_model):
    """Can write drafts anywhere in the newsroom, and publish nothing."""
    return make_newsroom_user(django_user_model, "reporter", "add", "change")


@pytest.fixture
def editor_user(django_user_model):
    return make_newsroom_user(django_user_model, "editor", "add", "change", "publish")


@pytest.fixture
def outsider_user(django_user_model):
    """A valid token, but no say over any page."""
    return make_newsroom_user(django_user_model, "outsider")
