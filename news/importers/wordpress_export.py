"""Reading a WordPress export (WXR, from Tools → Export) into posts ready to save.

`read_export` is pure and reads the whole file before anything is written, so a broken file
leaves no trace; news.importers.wordpress_posts then saves the posts it returns. Each post's
body is made into story blocks by news.importers.wordpress_body.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as parse_xml
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from news.formatting import plain_text
from news.importers.errors import ArticleFormatError
from news.importers.files import refuse_if_too_large
from news.importers.report import (
    NO_CONTENT,
    PASSWORD_PROTECTED,
    UNTITLED,
    PostWarning,
)
from news.importers.stories import MAX_TITLE_LENGTH, ParsedArticle
from news.importers.story_body import collapse
from news.importers.wordpress_body import post_body
from news.importers.wordpress_shortcodes import read_attachments
from news.plain_text import as_plain_text

# WordPress has written every one of these; since 2017 it writes https for 1.2.
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
IMPORT_SOURCE_PREFIX = "wordpress:"

PUBLISHED_STATUSES = {"publish", "future"}
# Not public on the old site, so not public here: they become drafts.
DRAFT_STATUSES = {"draft", "pending", "private"}
# What WordPress itself shows when a post has no category.
DEFAULT_SECTION = "Uncategorized"
NO_DATE = "0000-00-00 00:00:00"
UNTITLED_HEADLINE = "(untitled)"
WXR_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


class ExportFormatError(ArticleFormatError):
    """The file as a whole is not a readable WordPress export; nothing of it was saved."""


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
    warnings: list[PostWarning]


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
    namespace = _wp_namespace(channel) if channel is not None else None
    if namespace is None:
        raise ExportFormatError("is not a WordPress export: no <channel> with a wp:wxr_version")
    return _Reader(channel, namespace).export()


def _wp_namespace(channel):
    """The namespace of the channel's wp:wxr_version, which the whole file uses for wp:."""
    for element in channel:
        namespace, _, name = element.tag.removeprefix("{").rpartition("}")
        if name == "wxr_version" and WP_NAMESPACE.match(namespace):
            return namespace
    return None


class _Reader:
    def __init__(self, channel, namespace):
        self.channel, self.namespace = channel, namespace

    def wp(self, name):
        return f"{{{self.namespace}}}{name}"

    def text(self, element, name):
        return (element.findtext(self.wp(name)) or "").strip()

    def export(self):
        items = self.channel.findall("item")
        authors = {
            self.text(author, "author_login"): self.author_name(author)
            for author in self.channel.findall(self.wp("author"))
        }
        home = self.text(self.channel, "base_blog_url") or (self.channel.findtext("link") or "")
        hosts = {
            _bare_host(urlsplit(url).hostname)
            for url in [home, self.text(self.channel, "base_site_url")]
            + [item.findtext("link") or "" for item in items]
        }
        post_ids, posts, skipped, malformed, warnings = {}, [], Counter(), [], []
        self.attachments = read_attachments(items, self.text, self.excerpt_tag)
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
                post = self.post(item, raw_id, status, authors, warnings.append)
            except ArticleFormatError as error:
                malformed.append((label, str(error)))
                continue
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

    @property
    def excerpt_tag(self):
        return f"{{{self.namespace}excerpt/}}encoded"

    def author_name(self, author):
        names = [
            self.text(author, "author_display_name"),
            f"{self.text(author, 'author_first_name')} {self.text(author, 'author_last_name')}",
            self.text(author, "author_login"),
        ]
        return next((name for name in map(collapse, map(html.unescape, names)) if name), "")

    def post(self, item, raw_id, status, authors, warn):
        if not raw_id.isdigit():
            raise ArticleFormatError("has no wp:post_id")
        post_id = int(raw_id)
        label = f"post {post_id}"

        def as_draft(kind, detail):
            nonlocal status
            warn(PostWarning(kind, label, detail))
            # Not ready for readers there, or not safe for them here: an editor decides.
            status = "draft"

        # The export runs titles through the feed's escaping (Taliban&#8217;s, AT&amp;T), and
        # a title may hold markup (<em>), which a headline never does.
        title = collapse(as_plain_text(html.unescape(item.findtext("title") or "")))
        if len(title) > MAX_TITLE_LENGTH:
            raise ArticleFormatError(f"has a title longer than {MAX_TITLE_LENGTH} characters")
        if not title:
            title = UNTITLED_HEADLINE
            as_draft(UNTITLED, f"has no title, so it is a draft headlined {title}")
        blocks, body_warnings = post_body(item.findtext(CONTENT) or "", self.attachments, post_id)
        for kind, detail in body_warnings:
            warn(PostWarning(kind, label, detail))
        if not blocks:
            as_draft(NO_CONTENT, "has no text in its body, so it is a draft")
        if status in PUBLISHED_STATUSES and self.text(item, "post_password"):
            # A password kept readers out there; a story here has no such lock.
            as_draft(
                PASSWORD_PROTECTED, "password-protected on the old site, so imported as a draft"
            )

        published_at = updated_at = None
        if status in PUBLISHED_STATUSES:
            published_at = self.moment(item, "post_date")
            if published_at is None:
                raise ArticleFormatError("is published but has no wp:post_date_gmt")
            updated_at = max(published_at, self.moment(item, "post_modified") or published_at)

        # WXR 1.0 marks tags domain="tag"; later versions domain="post_tag".
        terms = {"category": [], "post_tag": [], "tag": []}
        for term in item.findall("category"):
            name = collapse(html.unescape(term.text or ""))
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
        excerpt = item.findtext(self.excerpt_tag)
        article = ParsedArticle(
            headline=title,
            section_name=section_name,
            tags=list(dict.fromkeys(other_categories + terms["post_tag"] + terms["tag"])),
            blocks=blocks,
            author_name=author_name,
            original_slug=slug,
            summary=plain_text(excerpt or ""),
            import_source=f"{IMPORT_SOURCE_PREFIX}{post_id}",
            # Sticky posts stayed at the top of the old front page.
            featured=self.text(item, "is_sticky") == "1",
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


def _bare_host(host):
    return (host or "").lower().removeprefix("www.")


def _bare_path(path):
    return unquote(path).rstrip("/")
