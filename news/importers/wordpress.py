"""Move a WordPress newsroom here: a WXR export (Tools → Export) becomes stories.

Built on news.importers.articles, like the article-file importer: `read_export` is pure and
reads the whole file before anything is written, so a broken file leaves no trace; `save_post` then
saves one post at a time through `save_article`, each in its own transaction.

Links between posts need two passes, since a post may link to one that comes after it in the
file: `save_post` links what it can and says which linked posts had no story yet, so the
importer can save those posts again once every story exists.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit
from xml.etree.ElementTree import ParseError

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as parse_xml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile, get_image_dimensions
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from news.blocks import TWEET_PATH, canonical_tweet_url
from news.formatting import plain_text
from news.importers.articles import (
    MAX_TITLE_LENGTH,
    ArticleFormatError,
    ParsedArticle,
    body_blocks,
    save_article,
    tweet_value,
)
from news.importers.files import refuse_if_too_large
from news.models import NewsArticle

WXR_VERSIONS = ("1.2", "1.1", "1.0")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
IMPORT_SOURCE_PREFIX = "wordpress:"

PUBLISHED_STATUSES = {"publish", "future"}
# Not public on the old site, so not public here: they become drafts.
DRAFT_STATUSES = {"draft", "pending", "private"}
# What WordPress itself shows when a post has no category.
DEFAULT_SECTION = "Uncategorized"
NO_DATE = "0000-00-00 00:00:00"
WXR_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

# Gutenberg saves its blocks as comments; a post without them is classic-editor HTML.
GUTENBERG_BLOCK = re.compile(r"<!--\s*wp:")
CAPTION_SHORTCODE = re.compile(r"\[caption[^\]]*\](?P<inner>.*?)\[/caption\]", re.DOTALL)
CAPTIONED_IMAGE = re.compile(
    r"^\s*(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?P<caption>.*)$", re.DOTALL
)
EMBED_SHORTCODE = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.DOTALL)
BLANK_LINE = re.compile(r"\n\s*\n")
# Tags WordPress's wpautop leaves alone instead of wrapping in a paragraph.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "div", "dl", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "iframe", "ol", "p", "pre", "script", "section", "style", "table", "ul",
}  # fmt: skip
UPLOADS_PATH = re.compile(r"/wp-content/uploads/(?P<path>.+)$")
# WordPress puts resized copies beside the original: photo-300x200.jpg next to photo.jpg.
RESIZED_COPY = re.compile(r"-\d+x\d+(?=\.\w+$)")
# The exact form Draftail stores an external link in, which sanitize_rich_text guarantees.
RICH_TEXT_LINK = re.compile(r'<a href="(?P<href>[^"]*)">')


class ExportFormatError(ArticleFormatError):
    """The file as a whole is not a readable WordPress export; nothing of it was saved."""


@dataclass(frozen=True)
class ImageReference:
    """A picture in a post, until save_post finds its file among the uploads."""

    url: str
    alt: str
    caption: str


@dataclass(frozen=True)
class WordPressPost:
    """One post, ready to save. Its image blocks hold ImageReferences, its links old URLs."""

    post_id: int
    status: str
    article: ParsedArticle
    published_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class OldSite:
    """The old site's addresses for its posts, so links between posts can follow them here."""

    home: str
    hosts: frozenset
    post_ids: dict

    def post_id(self, href):
        """The WordPress post id `href` points at, or None if it is not one of its posts."""
        parts = urlsplit(urljoin(self.home, href.strip()))
        host = _bare_host(parts.hostname)
        if host not in self.hosts:
            return None
        asked = parse_qs(parts.query).get("p", [""])[0]
        if asked.isdigit():
            return int(asked)
        return self.post_ids.get((host, _bare_path(parts.path)))


@dataclass(frozen=True)
class WordPressExport:
    posts: list[WordPressPost]
    old_site: OldSite
    # How many items of each other kind (page, attachment, trash post...) were left out.
    skipped: Counter
    # (which item, why) for posts that cannot be imported.
    malformed: list[tuple[str, str]]
    # Posts imported differently from how they stood on the old site.
    warnings: list[str]


@dataclass(frozen=True)
class SavedPost:
    story: NewsArticle
    created: bool
    moved: bool
    unpublished: bool
    warnings: list[str]
    # Posts this one links to that had no story yet: saving it again later links them.
    waiting_for: frozenset


def read_export(path):
    """Read a WXR file into a WordPressExport; raise ExportFormatError if it is not one.

    Pure: touches no database. Entity declarations are refused (defusedxml), so a file cannot
    expand into gigabytes or read files from this server.
    """
    try:
        refuse_if_too_large(
            Path(path),
            settings.NEWSDESK_IMPORT_MAX_WORDPRESS_BYTES,
            "a WordPress export",
            "NEWSDESK_IMPORT_MAX_WORDPRESS_BYTES",
            ExportFormatError,
        )
        root = parse_xml(path).getroot()
    except DefusedXmlException as error:
        raise ExportFormatError(
            f"declares XML entities, which a WordPress export never does ({error})"
        ) from error
    except ParseError as error:
        raise ExportFormatError(f"is not well-formed XML ({error})") from error
    except OSError as error:
        raise ExportFormatError(f"cannot be read ({error.strerror})") from error

    channel = root.find("channel") if root.tag == "rss" else None
    version = next(
        (
            version
            for version in WXR_VERSIONS
            if channel is not None and channel.find(_wp(version, "wxr_version")) is not None
        ),
        None,
    )
    if version is None:
        raise ExportFormatError("is not a WordPress export: no <channel> with a wp:wxr_version")
    return _Reader(channel, version).export()


class _Reader:
    def __init__(self, channel, version):
        self.channel, self.version = channel, version

    def text(self, element, name):
        return (element.findtext(_wp(self.version, name)) or "").strip()

    def export(self):
        items = self.channel.findall("item")
        authors = {
            self.text(author, "author_login"): self.author_name(author)
            for author in self.channel.findall(_wp(self.version, "author"))
        }
        home = self.text(self.channel, "base_blog_url") or (self.channel.findtext("link") or "")
        hosts = {
            _bare_host(urlsplit(url).hostname)
            for url in [home, self.text(self.channel, "base_site_url")]
            + [item.findtext("link") or "" for item in items]
        }
        post_ids, posts, skipped, malformed, warnings = {}, [], Counter(), [], []
        for position, item in enumerate(items, start=1):
            post_type, status = self.text(item, "post_type"), self.text(item, "status")
            if post_type != "post":
                skipped[post_type or "item without a type"] += 1
                continue
            if status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
                skipped[f"{status} post" if status else "post without a status"] += 1
                continue
            raw_id = self.text(item, "post_id")
            label = f"post {raw_id}" if raw_id.isdigit() else f"item {position}"
            try:
                post = self.post(item, raw_id, status, authors)
            except ArticleFormatError as error:
                malformed.append((label, str(error)))
                continue
            if post.status in PUBLISHED_STATUSES and self.text(item, "post_password"):
                # A password kept readers out there; a story here has no such lock.
                post = replace(post, status="draft")
                warnings.append(
                    f"{label}: password-protected on the old site, so imported as a draft"
                )
            for url in [item.findtext("link"), item.findtext("guid")]:
                if url:
                    parts = urlsplit(url.strip())
                    post_ids[(_bare_host(parts.hostname), _bare_path(parts.path))] = post.post_id
            posts.append(post)
        return WordPressExport(
            posts=posts,
            old_site=OldSite(home, frozenset(hosts), post_ids),
            skipped=skipped,
            malformed=malformed,
            warnings=warnings,
        )

    def author_name(self, author):
        names = [
            self.text(author, "author_display_name"),
            f"{self.text(author, 'author_first_name')} {self.text(author, 'author_last_name')}",
            self.text(author, "author_login"),
        ]
        return next((name for name in map(_collapse, map(html.unescape, names)) if name), "")

    def post(self, item, raw_id, status, authors):
        if not raw_id.isdigit():
            raise ArticleFormatError("has no wp:post_id")
        post_id = int(raw_id)
        # The export runs titles through the feed's escaping: Taliban&#8217;s, AT&amp;T.
        title = _collapse(html.unescape(item.findtext("title") or ""))
        if not title:
            raise ArticleFormatError("has no title")
        if len(title) > MAX_TITLE_LENGTH:
            raise ArticleFormatError(f"has a title longer than {MAX_TITLE_LENGTH} characters")

        published_at = updated_at = None
        if status in PUBLISHED_STATUSES:
            published_at = self.moment(item, "post_date")
            if published_at is None:
                raise ArticleFormatError("is published but has no wp:post_date_gmt")
            updated_at = max(published_at, self.moment(item, "post_modified") or published_at)

        blocks = body_blocks(_story_html(item.findtext(CONTENT) or ""), embed_block=_embed_block)
        if not blocks:
            raise ArticleFormatError("has no text in its body")

        terms = {"category": [], "post_tag": []}
        for term in item.findall("category"):
            name = _collapse(html.unescape(term.text or ""))
            if name and term.get("domain") in terms and name not in terms[term.get("domain")]:
                terms[term.get("domain")].append(name)
        section_name, *other_categories = terms["category"] or [DEFAULT_SECTION]
        if not slugify(section_name):
            raise ArticleFormatError(f'its category "{section_name}" has no letters for a URL')

        login = (item.findtext(CREATOR) or "").strip()
        author_name = authors.get(login) or login
        if not slugify(author_name):
            raise ArticleFormatError("has no author (dc:creator) with letters for a URL")

        slug = (
            slugify(unquote(self.text(item, "post_name")), allow_unicode=True)
            or slugify(title, allow_unicode=True)
            or f"post-{post_id}"
        )
        excerpt = item.findtext(f"{{http://wordpress.org/export/{self.version}/excerpt/}}encoded")
        article = ParsedArticle(
            headline=title,
            section_name=section_name,
            tags=list(dict.fromkeys(other_categories + terms["post_tag"])),
            blocks=blocks,
            author_name=author_name,
            original_slug=slug,
            summary=plain_text(excerpt or ""),
            import_source=f"{IMPORT_SOURCE_PREFIX}{post_id}",
        )
        return WordPressPost(post_id, status, article, published_at, updated_at)

    def moment(self, item, name):
        """The post's `name` date: from its _gmt twin, else the old site's local time."""
        gmt = self.text(item, f"{name}_gmt")
        source, zone = (f"{name}_gmt", UTC) if gmt not in ("", NO_DATE) else (name, None)
        value = self.text(item, source)
        if value in ("", NO_DATE):
            return None
        try:
            moment = datetime.strptime(value, WXR_DATE_FORMAT)
        except ValueError as error:
            raise ArticleFormatError(f'has wp:{source} "{value}", which is not a date') from error
        return moment.replace(tzinfo=zone) if zone else timezone.make_aware(moment)


def imported_stories():
    """{WordPress post id: story page id} for the stories earlier imports made."""
    return {
        int(source.removeprefix(IMPORT_SOURCE_PREFIX)): pk
        for source, pk in NewsArticle.objects.filter(
            import_source__startswith=IMPORT_SOURCE_PREFIX
        ).values_list("import_source", "pk")
    }


def save_post(post, old_site, stories, media_root=None):
    """Create or update the story for one post, all in one transaction.

    `stories` maps post ids to the story pages imported so far; links to those posts become
    links to their pages. Images are looked for under `media_root`, a copy of the old site's
    wp-content/uploads; one that cannot be found is left out with a warning. Published posts
    keep their original dates; future ones are scheduled. Raises ArticleImportError (after
    rolling back) if the story cannot be saved.
    """
    warnings, waiting_for = [], set()
    with transaction.atomic():
        blocks = []
        for block in post.article.blocks:
            if isinstance(block["value"], ImageReference):
                reference = block["value"]
                image, problem = _stored_image(reference, media_root)
                if image is None:
                    warnings.append(f"post {post.post_id}: image {reference.url} {problem}")
                    continue
                block = {
                    "type": "image",
                    "value": {"image": image.pk, "caption": reference.caption, "credit": ""},
                }
            blocks.append(_with_story_links(block, old_site, stories, waiting_for))

        publish = post.status in PUBLISHED_STATUSES
        result = save_article(
            replace(post.article, blocks=blocks), publish=publish, go_live_at=post.published_at
        )
        story, unpublished = result.story, False
        if publish and story.live:
            NewsArticle.objects.filter(pk=story.pk).update(
                first_published_at=post.published_at, last_published_at=post.updated_at
            )
            story.refresh_from_db()
        elif not publish and story.live:
            # Taken down on the old site since the last import, so taken down here too.
            story.unpublish(log_action=True)
            story.refresh_from_db()
            unpublished = True
    return SavedPost(
        story=story,
        created=result.created,
        moved=result.moved,
        warnings=warnings,
        unpublished=unpublished,
        waiting_for=frozenset(waiting_for),
    )


def _story_html(content):
    """The post's HTML as the old site showed it: shortcodes expanded, paragraphs made, and
    every image in a figure of its own, where `_embed_block` finds it."""
    content = CAPTION_SHORTCODE.sub(_caption_figure, content)
    content = EMBED_SHORTCODE.sub(lambda match: match["url"], content)
    if not GUTENBERG_BLOCK.search(content):
        content = _paragraphs(content)
    soup = BeautifulSoup(content, "html.parser")
    for image in soup.find_all("img"):
        if image.find_parent("figure"):
            continue
        linked = image.parent.name == "a" and not image.parent.get_text(strip=True)
        held = image.parent if linked else image
        figure = soup.new_tag("figure")
        # An image inside a paragraph of text goes just before that paragraph.
        (held.find_parent("p") or held).insert_before(figure)
        figure.append(held.extract())
    return str(soup)


def _caption_figure(match):
    parts = CAPTIONED_IMAGE.match(match["inner"])
    if not parts:
        return match["inner"]
    return f"<figure>{parts['image']}<figcaption>{parts['caption'].strip()}</figcaption></figure>"


def _paragraphs(content):
    """Classic-editor text as WordPress shows it (wpautop): a blank line ends a paragraph and a
    single line break is a <br>; block elements such as a tweet's blockquote stay as they are."""
    soup = BeautifulSoup(content.replace("\r\n", "\n"), "html.parser")
    parts, run = [], []

    def end_run():
        for chunk in BLANK_LINE.split("".join(run)):
            if chunk.strip():
                lines = chunk.strip().replace("\n", "<br>")
                parts.append(f"<p>{lines}</p>")
        run.clear()

    for node in soup.contents:
        if isinstance(node, Comment) or (isinstance(node, Tag) and node.name in BLOCK_TAGS):
            end_run()
            parts.append(f"<!--{node}-->" if isinstance(node, Comment) else str(node))
        else:
            # Re-escaped, so that text such as "&lt;3" does not turn into markup.
            run.append(node.output_ready() if isinstance(node, NavigableString) else str(node))
    end_run()
    return "\n".join(parts)


def _embed_block(node):
    """The block for WordPress markup the article format lacks: figures and bare tweet URLs."""
    if isinstance(node, Tag) and node.name == "figure":
        tweet = node.find("blockquote", class_="twitter-tweet")
        if tweet is not None:
            return {"type": "tweet", "value": tweet_value(tweet)}
        image = node.find("img", src=True)
        if image is not None:
            caption = node.find("figcaption")
            return {
                "type": "image",
                "value": ImageReference(
                    url=image["src"].strip(),
                    alt=_collapse(image.get("alt", "")),
                    caption=_collapse(caption.get_text()) if caption else "",
                ),
            }
        # A Gutenberg embed keeps just the URL; the old site fetched the tweet when shown.
        node = node.find(class_="wp-block-embed__wrapper") or node
    elif not (isinstance(node, NavigableString) or node.name == "p"):
        return None
    return _tweet_link_block(node.get_text() if isinstance(node, Tag) else str(node))


def _tweet_link_block(text):
    """A tweet block for text that is nothing but a tweet's address, as WordPress embeds it."""
    try:
        url = canonical_tweet_url(text)
    except ValidationError:
        return None
    return {
        "type": "tweet",
        "value": {
            "url": url,
            "author_name": "",
            "author_handle": TWEET_PATH.match(urlsplit(url).path)["handle"],
            "text": "",
            "date": None,
        },
    }


def _stored_image(reference, media_root):
    """(the Wagtail image for the reference, None), or (None, why it was left out).

    The same file imported twice is one image, found again by its hash.
    """
    if media_root is None:
        return None, "left out: no uploads folder (--media-root) was given"
    path = _uploaded_file(reference.url, Path(media_root))
    if path is None:
        return None, f"left out: no such file under {media_root}"
    data = path.read_bytes()
    width, _ = get_image_dimensions(BytesIO(data))
    if width is None:
        return None, f"left out: {path} is not an image"
    Image = get_image_model()
    file_hash = hash_filelike(BytesIO(data))
    image = Image.objects.filter(file_hash=file_hash).first()
    if image is None:
        image = Image(
            title=(reference.alt or reference.caption or path.stem)[:255],
            description=reference.alt[:255],
            file=ImageFile(BytesIO(data), name=path.name),
            file_size=len(data),
            file_hash=file_hash,
        )
        image.save()
    return image, None


def _uploaded_file(url, media_root):
    """The file under `media_root` an image URL's /wp-content/uploads/... part names, if any.

    The original is preferred to a resized copy, since renditions are made from it here.
    """
    found = UPLOADS_PATH.search(unquote(urlsplit(url).path))
    if not found:
        return None
    root = media_root.resolve()
    for relative in dict.fromkeys([RESIZED_COPY.sub("", found["path"]), found["path"]]):
        path = (root / relative).resolve()
        # ../ in a URL must not reach files outside the uploads folder.
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


def _with_story_links(block, old_site, stories, waiting_for):
    """The block with its links to imported posts pointing at their stories instead."""

    def story_for(href):
        post_id = old_site.post_id(href)
        if post_id is not None and post_id not in stories:
            waiting_for.add(post_id)
        return stories.get(post_id)

    def page_link(match):
        page_id = story_for(html.unescape(match["href"]))
        return f'<a linktype="page" id="{page_id}">' if page_id else match[0]

    if block["type"] in ("lede", "paragraph"):
        return {**block, "value": RICH_TEXT_LINK.sub(page_link, block["value"])}
    if block["type"] == "related_link" and block["value"]["url"]:
        page_id = story_for(block["value"]["url"])
        if page_id:
            return {**block, "value": {**block["value"], "page": page_id, "url": ""}}
    return block


def _wp(version, name):
    return f"{{http://wordpress.org/export/{version}/}}{name}"


def _bare_host(host):
    return (host or "").lower().removeprefix("www.")


def _bare_path(path):
    return unquote(path).rstrip("/")


def _collapse(text):
    return " ".join(text.split())
