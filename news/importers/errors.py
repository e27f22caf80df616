"""What an importer raises when a file cannot become a story: the reason shown to an editor.

Every importer (article files, WordPress exports) and the size limits raise these, and the
management commands catch them, so they live apart from any one format. Imports nothing.
"""


class ArticleImportError(Exception):
    """A file that cannot be imported; str() is a reason to show an editor, without the path."""


class ArticleFormatError(ArticleImportError):
    """The file is not in the article format, so nothing of it was saved."""
