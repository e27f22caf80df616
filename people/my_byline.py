"""A reporter's own byline: the author profile tied to their login, which a new story starts
with. A reporter without one is offered it in the story editor and gets it in one click, as a
draft profile an editor reviews and publishes like any other."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from news.story_form import own_byline
from people.models import Author


def offer_a_byline(request):
    """Put the offer at the top of the story editor: a button that makes the profile."""
    url = reverse("my_byline") + f"?next={request.get_full_path()}"
    messages.info(
        request,
        format_html(
            "You have no byline yet, so this story has none. "
            '<button type="button" class="button button-small button-secondary" '
            'data-controller="w-action" data-action="w-action#post" '
            'data-w-action-url-value="{}">Create my byline</button>',
            url,
        ),
    )


def unique_slug(name):
    base = slugify(name) or "author"
    slug, number = base, 1
    while Author.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@login_required
@require_POST
def create_my_byline(request):
    user = request.user
    if own_byline(user) is None:
        name = user.get_full_name() or user.get_username()
        author = Author(name=name, slug=unique_slug(name), email=user.email, user=user, live=False)
        author.save()
        author.save_revision(user=user)
        messages.success(
            request,
            f"Your byline “{name}” is ready; an editor publishes your profile page.",
        )
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)
