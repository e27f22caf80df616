"""Build realistic newsroom content in one line, through the same calls an editor's save makes."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from news.models import CategoryPage, NewsArticle, StoryAuthor
from people.models import Author

_counter = itertools.count(1)


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def make_section(title="World", slug=None, **fields):
    section = CategoryPage(title=title, slug=slug or slugify(title), live=False, **fields)
    home_page().add_child(instance=section)
    section.save_revision().publish()
    return section


def make_image(title="Photo", width=1600, height=900, **fields):
    """A real image file, so renditions are really generated."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (180, 30, 40)).save(buffer, format="PNG")
    file = ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    return get_image_model().objects.create(title=title, file=file, **fields)


def make_author(name=None, **fields):
    name = name or f"Reporter {next(_counter)}"
    fields.setdefault("slug", slugify(name))
    fields.setdefault("role", "Correspondent")
    fields.setdefault("bio", f"<p>{name} covers the world.</p>")
    return Author.objects.create(name=name, **fields)


def related_link(story, title=""):
    return {"type": "related_link", "value": {"page": story.pk, "url": "", "title": title}}


def lede(html="<p>The opening sentence of the story.</p>"):
    return {"type": "lede", "value": html}


def paragraph(html="<p>Another paragraph of reporting.</p>"):
    return {"type": "paragraph", "value": html}


def tweet(url="https://x.com/newsdesk/status/123"):
    """A tweet block with its archival copy, as the editor saves it (nothing is fetched)."""
    return {
        "type": "tweet",
        "value": {
            "url": url,
            "author_name": "Newsdesk",
            "author_handle": "newsdesk",
            "text": "Breaking.",
            "date": "2024-05-01",
        },
    }


def make_story(
    section,
    title=None,
    authors=None,
    body=None,
    publish=True,
    published_ago=None,
    tags=(),
    model=NewsArticle,
    **fields,
):
    """A story (or a page type built on one, as `model`) under `section`; published
    `published_ago` (a timedelta) before now if given."""
    title = title or f"Story number {next(_counter)}"
    story = model(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        body=body if body is not None else [lede(), paragraph()],
        live=False,  # Page.live defaults to True: a new story must not be public before publish()
        **fields,
    )
    for position, author in enumerate(authors or [make_author()]):
        story.story_authors.add(StoryAuthor(author=author, sort_order=position))
    story.tags.add(*tags)
    section.add_child(instance=story)
    revision = story.save_revision()
    if publish:
        revision.publish()
        story.refresh_from_db()
        if published_ago is not None:
            moment = timezone.now() - published_ago
            model.objects.filter(pk=story.pk).update(
                first_published_at=moment, last_published_at=moment
            )
            story.refresh_from_db()
    return story


def hours(n):
    return timedelta(hours=n)


def database_counts():
    """Everything an import could write, counted, to prove a failure left no trace."""
    return {
        "pages": Page.objects.count(),
        "stories": NewsArticle.objects.count(),
        "sections": CategoryPage.objects.count(),
        "authors": Author.objects.count(),
        "bylines": StoryAuthor.objects.count(),
        "revisions": Revision.objects.count(),
        "tags": Tag.objects.count(),
        "images": get_image_model().objects.count(),
    }


def make_user(username, role, full_name):
    first_name, _, last_name = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@newsroom.example",
        password="password",
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.add(Group.objects.get(name=role))
    return user
