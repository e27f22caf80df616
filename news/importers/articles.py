"""Turn articles saved from the old site into stories: parse a file, then save it.

The two halves are separate on purpose. `parse_article` is pure (text in, data out, no
database), so a file is known to be whole before anything is written; `save_article`
(news.importers.stories) then writes it in one transaction. The `import_articles` command
and `load_demo` both use them.

An article file looks like the page it was copied from:

    Categories: World, Afghanistan
    <headline>
    <the story's HTML>
    <author's name>
    <author's bio, one or more plain-text paragraphs>
    Recent Posts
    <sidebar of the old site: ignored, like everything after it>
"""

import re
from pathlib import Path

from django.utils.text import slugify

from news.importers.errors import ArticleFormatError
from news.importers.stories import MAX_TITLE_LENGTH, ParsedArticle
from news.importers.story_body import body_blocks, collapse

CATEGORIES_LINE = re.compile(r"^categories\s*:(?P<names>.*)$", re.IGNORECASE)
PAGE_CHROME_LINE = re.compile(r"^recent posts$", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
BLANK_LINE = re.compile(r"\n\s*\n")


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
    names = [collapse(name) for name in categories["names"].split(",")]
    names = [name for name in names if name]
    if not names:
        raise ArticleFormatError("the Categories line names no section")
    section_name, tags = names[0], names[1:]
    if not slugify(section_name):
        raise ArticleFormatError(f'the section name "{section_name}" has no letters for a URL')

    if len(filled) < 2 or HTML_TAG.search(lines[filled[1]]):
        raise ArticleFormatError("no headline after the Categories line")
    headline = collapse(lines[filled[1]])
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

    byline = [collapse(part) for part in BLANK_LINE.split("\n".join(rest[body_end + 1 :]))]
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
