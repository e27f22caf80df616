"""A story from any importer: the parsed article every format becomes, and saving it.

`save_article` creates or updates one story, with its section and author, in a single
transaction, so a story that fails to save leaves nothing behind. The article-file importer,
the WordPress importer and `load_demo` all save through it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Site

from news.importers.errors import ArticleImportError
from news.models import CategoryPage, NewsArticle, StoryAuthor
from news.plain_text import as_plain_text
from people.models import Author

MAX_TITLE_LENGTH = 255


@dataclass(frozen=True)
class ParsedArticle:
    """One article file, ready to save: plain values plus the body as raw StreamField data."""

    headline: str
    section_name: str
    tags: list[str]
    blocks: list[dict]
    author_name: str
    author_bio: list[str] = field(default_factory=list)
    # Only importers from a system that had them set these; article files have none.
    original_slug: str = ""
    summary: str = ""
    import_source: str = ""
    # None leaves the story as an editor set it; formats with sticky posts say True or False.
    featured: bool | None = None

    def __post_init__(self):
        # Matched against what is stored (a story's slug, a section's or author's name), so
        # stripped the same way the models strip what they store.
        for name in ("headline", "section_name", "author_name", "summary"):
            object.__setattr__(self, name, as_plain_text(getattr(self, name)))
        object.__setattr__(self, "tags", [as_plain_text(tag) for tag in self.tags])

    @property
    def slug(self):
        return self.original_slug or slugify(self.headline)


@dataclass(frozen=True)
class ImportResult:
    """What save_article did: the story as now saved, and whether it was new, published, moved."""

    story: NewsArticle
    created: bool
    published: bool
    moved: bool = False
    # The slug the story was given when its own was taken in its section, else "".
    renamed_to: str = ""


def save_article(parsed, publish=False, go_live_at=None):
    """Create or update the story for a ParsedArticle, all in one transaction.

    The story is matched by its import source if it has one, else by slug anywhere in the
    tree, so importing it again updates the story it made before. Changes go into a new
    revision, published only if `publish`: at `go_live_at` if given, which schedules the
    story when that moment is still to come.
    Raises ArticleImportError (after rolling back) if the story cannot be saved.
    """
    try:
        with transaction.atomic():
            return _save_article(parsed, publish, go_live_at)
    except ValidationError as error:
        raise ArticleImportError(
            f"does not validate: {_describe_validation_error(error, parsed.blocks)}"
        ) from error


def _save_article(parsed, publish, go_live_at):
    body_block = NewsArticle._meta.get_field("body").stream_block
    if parsed.blocks or publish:
        # A draft may wait for its body, as in the editor; a story readers see may not.
        body_block.clean(body_block.to_python(parsed.blocks))

    home = Site.objects.get(is_default_site=True).root_page.specific
    if parsed.import_source:
        matches = list(NewsArticle.objects.filter(import_source=parsed.import_source).specific())
    else:
        matches = list(NewsArticle.objects.filter(slug=parsed.slug).specific())
    if len(matches) > 1:
        raise ArticleImportError(
            f'{len(matches)} stories already have the slug "{parsed.slug}"; '
            "rename all but one before importing"
        )
    section = find_or_create_section(parsed.section_name, home)
    author = find_or_create_author(parsed.author_name, parsed.author_bio)

    if matches:
        story, created = matches[0], False
        moved = story.get_parent().pk != section.pk
        if moved:
            story.move(section, pos="last-child")
            story = NewsArticle.objects.get(pk=story.pk)
        draft = story.get_latest_revision_as_object()
        if parsed.summary:
            draft.summary = parsed.summary
        if parsed.original_slug:
            draft.slug = free_slug(parsed.original_slug, section, story)
        draft.title = parsed.headline
        draft.body = parsed.blocks
        kept = [link for link in draft.story_authors.all() if link.author_id == author.pk]
        byline = kept[:1] or [StoryAuthor(author=author)]
        byline[0].sort_order = 0
        draft.story_authors.set(byline)
        draft.tags.set(parsed.tags)
    else:
        created, moved = True, False
        draft = NewsArticle(
            title=parsed.headline,
            slug=free_slug(parsed.slug, section) if parsed.import_source else parsed.slug,
            body=parsed.blocks,
            summary=parsed.summary,
            import_source=parsed.import_source,
            live=False,
        )
        draft.story_authors.add(StoryAuthor(author=author, sort_order=0))
        draft.tags.add(*parsed.tags)
        section.add_child(instance=draft)

    if parsed.featured is not None:
        draft.featured = parsed.featured
    if publish and go_live_at is not None:
        draft.go_live_at = go_live_at
    revision = draft.save_revision(log_action=True)
    if publish:
        revision.publish()
    story = NewsArticle.objects.get(pk=draft.pk)
    renamed_to = draft.slug if parsed.original_slug and draft.slug != parsed.slug else ""
    return ImportResult(
        story=story, created=created, published=publish, moved=moved, renamed_to=renamed_to
    )


def free_slug(slug, section, story=None):
    """`slug`, or the first of slug-2, slug-3... that no other page in `section` has, as
    WordPress numbers a post whose slug is taken. `story` keeps the one it already has."""
    siblings = section.get_children()
    if story is not None:
        siblings = siblings.not_page(story)
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def find_or_create_section(name, home):
    """The section under `home` titled `name` (any case) or at its slug; a new live one if none."""
    slug = slugify(name)
    section = (
        CategoryPage.objects.child_of(home)
        .filter(Q(title__iexact=name) | Q(slug=slug))
        .order_by("path")
        .first()
    )
    if section is not None:
        return section.specific
    section = CategoryPage(title=name, slug=slug, live=False)
    home.add_child(instance=section)
    section.save_revision(log_action=True).publish()
    return section


def find_or_create_author(name, bio_paragraphs):
    """The author named `name` (any case) or at its slug; a new published one if none.

    An existing author keeps the bio an editor may have written since.
    """
    slug = slugify(name)
    author = Author.objects.filter(Q(name__iexact=name) | Q(slug=slug)).order_by("pk").first()
    if author is not None:
        return author
    bio = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in bio_paragraphs)
    author = Author.objects.create(name=name, slug=slug, bio=bio)
    author.save_revision(log_action=True).publish()
    return author


def _describe_validation_error(error, blocks):
    if hasattr(error, "as_json_data"):
        data = error.as_json_data()
        found = [("body", message) for message in data.get("messages", [])]
        for index, child in data.get("blockErrors", {}).items():
            where = f"body block {int(index) + 1} ({blocks[int(index)]['type']})"
            found.extend(_flatten_block_errors(child, where))
        messages = [f"{where}: {message}" for where, message in found]
    elif hasattr(error, "error_dict"):
        messages = [
            f"{name}: {message}"
            for name, field_messages in error.message_dict.items()
            for message in field_messages
        ]
    else:
        messages = error.messages
    return "; ".join(messages)


def _flatten_block_errors(data, where):
    for message in data.get("messages", []):
        yield where, message
    for key, child in data.get("blockErrors", {}).items():
        yield from _flatten_block_errors(child, f"{where} {key}")
