"""Turn articles saved from the old site into stories: parse a file, then save it.

The two halves are separate on purpose. `parse_article` is pure (text in, data out, no
database), so a file is known to be whole before anything is written; `save_article` then
writes it in one transaction. The `import_articles` command and `load_demo` both use them.

An article file looks like the page it was copied from:

    Categories: World, Afghanistan
    <headline>
    <the story's HTML>
    <author's name>
    <author's bio, one or more plain-text paragraphs>
    Recent Posts
    <sidebar of the old site: ignored, like everything after it>
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Site
from wagtail.whitelist import check_url

from news.blocks import LEDE_FEATURES, PARAGRAPH_FEATURES, canonical_tweet_url
from news.models import CategoryPage, NewsArticle, StoryAuthor
from news.plain_text import as_plain_text
from people.models import Author

CATEGORIES_LINE = re.compile(r"^categories\s*:(?P<names>.*)$", re.IGNORECASE)
PAGE_CHROME_LINE = re.compile(r"^recent posts$", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
BLANK_LINE = re.compile(r"\n\s*\n")
WHITESPACE = re.compile(r"\s+")
ALSO_READ = re.compile(r"^also read\b", re.IGNORECASE)
TWEET_BYLINE = re.compile(r"^[\s—–-]*(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)")
TWEET_DATE_FORMAT = "%B %d, %Y"

# Their text is code or a fallback for plugins, never prose, so the text goes with the tag.
NON_CONTENT_TAGS = ["script", "style", "noscript", "template", "iframe", "object"]
# Wrappers around a copied body; their children are the body's real top level.
CONTAINER_TAGS = {"html", "body", "main", "article", "section", "div"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BOLD_TAGS = {"strong", "b"}
MAX_TITLE_LENGTH = 255


class ArticleImportError(Exception):
    """A file that cannot be imported; str() is a reason to show an editor, without the path."""


class ArticleFormatError(ArticleImportError):
    """The file is not in the article format, so nothing of it was saved."""


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


def article_files(path):
    """The files a PATH argument stands for: a folder's *.txt files by name, or the file itself."""
    path = Path(path)
    if path.is_dir():
        return sorted(child for child in path.glob("*.txt") if child.is_file())
    return [path]


def parse_article(text):
    """Read an article file's text into a ParsedArticle; raise ArticleFormatError if malformed.

    Pure: touches no database, so a malformed file is rejected before anything is written.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(lines):
        if PAGE_CHROME_LINE.match(line.strip()):
            lines = lines[:index]
            break

    filled = [index for index, line in enumerate(lines) if line.strip()]
    if not filled:
        raise ArticleFormatError("the file is empty")
    categories = CATEGORIES_LINE.match(lines[filled[0]].strip())
    if not categories:
        raise ArticleFormatError('no "Categories:" line at the top')
    names = [_collapse(name) for name in categories["names"].split(",")]
    names = [name for name in names if name]
    if not names:
        raise ArticleFormatError("the Categories line names no section")
    section_name, tags = names[0], names[1:]
    if not slugify(section_name):
        raise ArticleFormatError(f'the section name "{section_name}" has no letters for a URL')

    if len(filled) < 2 or HTML_TAG.search(lines[filled[1]]):
        raise ArticleFormatError("no headline after the Categories line")
    headline = _collapse(lines[filled[1]])
    if len(headline) > MAX_TITLE_LENGTH:
        raise ArticleFormatError(f"the headline is longer than {MAX_TITLE_LENGTH} characters")
    if not slugify(headline):
        raise ArticleFormatError("the headline has no letters or digits to make a URL from")

    rest = lines[filled[1] + 1 :]
    # The body is HTML and the byline after it is plain text, so the last line with a tag
    # is where the body ends.
    body_end = max((i for i, line in enumerate(rest) if HTML_TAG.search(line)), default=None)
    if body_end is None:
        raise ArticleFormatError("no HTML body after the headline")
    blocks = body_blocks("\n".join(rest[: body_end + 1]))
    if not blocks:
        raise ArticleFormatError("the body has no text once scripts and empty tags are removed")

    byline = [_collapse(part) for part in BLANK_LINE.split("\n".join(rest[body_end + 1 :]))]
    byline = [part for part in byline if part]
    if not byline:
        raise ArticleFormatError("no author name after the body")
    author_name, author_bio = byline[0], byline[1:]
    if len(author_name) > MAX_TITLE_LENGTH:
        raise ArticleFormatError(
            f"the author name (the first paragraph after the body) is longer than "
            f"{MAX_TITLE_LENGTH} characters"
        )
    if not slugify(author_name):
        raise ArticleFormatError(f'the author name "{author_name}" has no letters for a URL')

    return ParsedArticle(
        headline=headline,
        section_name=section_name,
        tags=tags,
        blocks=blocks,
        author_name=author_name,
        author_bio=author_bio,
    )


def body_blocks(body_html, embed_block=None):
    """The story body as raw StreamField data: a list of {"type", "value"} dicts.

    A bold first paragraph is the lede; tweets and "Also Read" links get their own blocks;
    each run of ordinary paragraphs between them becomes one paragraph block.
    `embed_block(node)`, if given, is asked first about each top-level node and may return
    the block for markup only its importer knows (a WordPress figure, say), or None.
    """
    soup = BeautifulSoup(body_html, "html.parser")
    for element in soup.find_all(NON_CONTENT_TAGS):
        element.decompose()

    blocks, run = [], []
    seen_text = False

    def end_run():
        html = sanitize_rich_text("".join(run), PARAGRAPH_FEATURES)
        if html:
            blocks.append({"type": "paragraph", "value": html})
        run.clear()

    for node in _top_level_nodes(soup):
        embedded = embed_block(node) if embed_block else None
        if embedded is not None:
            end_run()
            blocks.append(embedded)
        elif (
            isinstance(node, Tag)
            and node.name == "blockquote"
            and _has_class(node, "twitter-tweet")
        ):
            end_run()
            blocks.append({"type": "tweet", "value": tweet_value(node)})
        elif isinstance(node, Tag) and node.name == "p" and _also_read_link(node):
            end_run()
            link = _also_read_link(node)
            blocks.append(
                {
                    "type": "related_link",
                    "value": {"page": None, "url": link["href"].strip(), "title": _text(link)},
                }
            )
        elif isinstance(node, Tag) and node.name in HEADING_TAGS:
            end_run()
            if _text(node):
                blocks.append({"type": "heading", "value": _text(node)})
        elif not seen_text and isinstance(node, Tag) and node.name == "p" and _only_bold(node):
            # Only an opening bold paragraph is the lede; later ones are emphasis or subheads.
            lede = sanitize_rich_text(f"<p>{_only_bold(node).decode_contents()}</p>", LEDE_FEATURES)
            if lede:
                blocks.append({"type": "lede", "value": lede})
        else:
            run.append(str(node))
        seen_text = seen_text or bool(blocks) or bool(_text(node))
    end_run()
    return blocks


def tweet_value(blockquote):
    """The tweet block's value, read from the blockquote Twitter's embed code gives."""
    status_link = None
    for link in reversed(blockquote.find_all("a", href=True)):
        try:
            url = canonical_tweet_url(link["href"])
        except ValidationError:
            continue
        status_link = link
        break
    if status_link is None:
        raise ArticleFormatError("a twitter-tweet blockquote has no link to the post's status")

    paragraph = blockquote.find("p")
    # The last line reads "— Name (@handle) <a>Month D, YYYY</a>", after the tweet's text.
    last_line = "".join(
        node.get_text() if isinstance(node, Tag) else str(node)
        for node in (paragraph.next_siblings if paragraph else blockquote.children)
    )
    byline = TWEET_BYLINE.match(last_line)
    try:
        date = datetime.strptime(_text(status_link), TWEET_DATE_FORMAT).date().isoformat()
    except ValueError:
        date = None
    return {
        "url": url,
        "author_name": byline["name"] if byline else "",
        "author_handle": byline["handle"] if byline else "",
        "text": _text(paragraph) if paragraph else "",
        "date": date,
    }


def sanitize_rich_text(html, features):
    """HTML reduced to what Draftail, limited to `features`, would itself save; "" if no text.

    Round-tripping through Wagtail's own converter drops every element, attribute and URL
    scheme the editor cannot produce (event handlers, javascript: links, inline styles).
    """
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(NON_CONTENT_TAGS):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    # The converter keeps a link with a forbidden URL as a bare <a>; keep just its text.
    for link in soup.find_all("a"):
        if not link.get("href") or check_url(link["href"]) is None:
            link.unwrap()

    converter = ContentstateConverter(features)
    contentstate = json.loads(converter.from_database_format(str(soup)))
    contentstate["blocks"] = [
        block
        for block in contentstate["blocks"]
        if block["text"].strip() or block["type"] == "atomic"
    ]
    if not contentstate["blocks"]:
        return ""
    return converter.to_database_format(json.dumps(contentstate))


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
        elif draft.summary == draft.lede_text():
            # The summary was derived from the old lede, so derive it again from the new one.
            draft.summary = ""
        if parsed.original_slug:
            draft.slug = parsed.original_slug
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
            slug=parsed.slug,
            body=parsed.blocks,
            summary=parsed.summary,
            import_source=parsed.import_source,
            live=False,
        )
        draft.story_authors.add(StoryAuthor(author=author, sort_order=0))
        draft.tags.add(*parsed.tags)
        section.add_child(instance=draft)

    if publish and go_live_at is not None:
        draft.go_live_at = go_live_at
    revision = draft.save_revision(log_action=True)
    if publish:
        revision.publish()
    story = NewsArticle.objects.get(pk=draft.pk)
    return ImportResult(story=story, created=created, published=publish, moved=moved)


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


def _top_level_nodes(soup):
    for node in soup.children:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString) and not node.strip():
            continue
        if isinstance(node, Tag) and node.name in CONTAINER_TAGS:
            yield from _top_level_nodes(node)
        else:
            yield node


def _only_bold(paragraph):
    """The paragraph's bold element if it is all the paragraph holds and has text, else None."""
    children = [
        child
        for child in paragraph.children
        if not (isinstance(child, NavigableString) and not child.strip())
    ]
    if len(children) == 1 and isinstance(children[0], Tag) and children[0].name in BOLD_TAGS:
        return children[0] if _text(children[0]) else None
    return None


def _also_read_link(paragraph):
    if not ALSO_READ.match(_text(paragraph)):
        return None
    for link in paragraph.find_all("a", href=True):
        if link["href"].strip().lower().startswith(("http://", "https://")) and _text(link):
            return link
    return None


def _has_class(tag, name):
    return name in (tag.get("class") or [])


def _text(node):
    return _collapse(node.get_text() if isinstance(node, Tag) else str(node))


def _collapse(text):
    return WHITESPACE.sub(" ", text).strip()


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
