"""Reading an importer's input within its size limit, so one oversized file cannot take the
server's memory: the file is refused with a one-line reason before it is read, and the
other files of the run still import.
"""

from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat as html_file_size

from news.importers.errors import ArticleImportError


def filesizeformat(size):
    return html_file_size(size).replace("\xa0", " ")  # a terminal line, not HTML


def refuse_if_too_large(path, limit, kind, setting, error_class):
    """Raise `error_class` if the file at `path` is over `limit` bytes, before anything reads it.

    An importer holds a whole file in memory, many times over while parsing it: one oversized
    file must be refused with a reason, not take the server's memory.
    """
    size = path.stat().st_size
    if size > limit:
        raise error_class(
            f"is {filesizeformat(size)}, larger than the {filesizeformat(limit)} "
            f"{kind} may be (raise {setting} to import it)"
        )


def read_article_file(path):
    """An article file's text; ArticleImportError if it is missing, too large or not UTF-8."""
    path = Path(path)
    limit = settings.NEWSDESK_IMPORT_MAX_ARTICLE_BYTES
    try:
        refuse_if_too_large(
            path, limit, "an article file", "NEWSDESK_IMPORT_MAX_ARTICLE_BYTES", ArticleImportError
        )
        with path.open("rb") as file:
            data = file.read(limit + 1)  # the file may have grown since
    except FileNotFoundError as error:
        raise ArticleImportError("no such file or folder") from error
    except OSError as error:
        raise ArticleImportError(f"cannot be read ({error.strerror})") from error
    if len(data) > limit:
        raise ArticleImportError(
            f"is larger than the {filesizeformat(limit)} an article file may be "
            "(raise NEWSDESK_IMPORT_MAX_ARTICLE_BYTES to import it)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleImportError(f"not UTF-8 text ({error.reason})") from error
