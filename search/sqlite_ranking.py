"""The SQLite FTS5 back-end, corrected (see search.backends): bm25() with a heavier headline
column, and readers' double quotes kept out of the MATCH expression, where the stock back-end
leaves them to break the query (an SQL error, so a 500, for a search for `"`)."""

from django.db.models import F
from modelsearch.backends.database.sqlite.query import BM25, SQLiteFTSIndexEntry
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Not, Phrase, PlainText

# bm25() takes one weight per FTS column, in the order the table declares them:
# autocomplete, body, title (modelsearch's migration creates it so).
COLUMN_WEIGHTS = {"autocomplete": 1.0, "body": 1.0, "title": 10.0}


class HeadlineWeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        weights = list(COLUMN_WEIGHTS.values())
        placeholders = ", ".join("%s" for _ in weights)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {placeholders})", weights


class HeadlineWeightedQueryCompiler(SQLiteSearchQueryCompiler):
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            rank = HeadlineWeightedBM25()
            return rank * boost if boost != 1.0 else rank
        # And/Or combine their parts' ranks, which come back through this method.
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def get_search_vectors(self):
        # The stock compiler multiplies the whole row's score by a title-length factor, which
        # lifts any story with a short headline, matched or not; the column weights above
        # already rank where the words were found.
        return [(F("index_entry__body"), 1.0)]


class HeadlineWeightedSQLiteBackend(SQLiteSearchBackend):
    query_compiler_class = HeadlineWeightedQueryCompiler

    def search(self, query, model_or_queryset, **kwargs):
        return super().search(without_quotes(query), model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, **kwargs):
        return super().autocomplete(without_quotes(query), model_or_queryset, **kwargs)


def without_quotes(query):
    # FTS5's tokenizer never indexes a quote, so a space in its place finds the same stories;
    # a query of nothing but quotes becomes empty, which finds nothing rather than failing.
    return query.replace('"', " ").strip() if isinstance(query, str) else query
