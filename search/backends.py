"""Wagtail's database search back-end, with headline matches ranked first on SQLite too,
a search for a double quote answered rather than failing there, and SQLite's ranking and
count read in one pass over the matches (search.sqlite_ranking), not one per matching row.

PostgreSQL, Elasticsearch and OpenSearch honour a field's boost (a page title's is 2), but
the SQLite FTS5 back-end scores a row with bm25() over its columns alike, so a word deep in
a long body could outrank the same word in a headline. Weighting bm25's title column
restores, on the embedded default, the ranking the other back-ends give.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a back-end module
    backend = DatabaseSearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    # Imported only here: the SQLite back-end's models exist only on SQLite.
    from search.sqlite_ranking import HeadlineWeightedSQLiteBackend, SQLiteSearchBackend

    # Without FTS5 the plain fallback back-end is used, and left as it is.
    if isinstance(backend, SQLiteSearchBackend):
        return HeadlineWeightedSQLiteBackend(params)
    return backend
