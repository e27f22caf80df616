"""The SQLite FTS5 back-end, corrected (see search.backends): bm25() with a heavier headline
column, readers' double quotes kept out of the MATCH expression, where the stock back-end
leaves them to break the query (an SQL error, so a 500, for a search for `"`), and a ranked
search whose cost grows with its matches rather than with their square."""

from django.db.models import Exists, F, Func, OuterRef
from django.db.models.functions import Cast
from django.db.models.lookups import In
from modelsearch.backends.database.sqlite.query import (
    BM25,
    MatchExpression,
    SQLiteFTSIndexEntry,
    normalize,
)
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

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


class NotAnIndexKey(Func):
    # SQLite's unary plus: the same value, in a term the planner will not look up by index.
    template = "+%(expressions)s"


class SinglePassResults(SQLiteSearchResults):
    """Ranked results read from one pass over the full-text matches.

    The stock results rank each row with a subquery that runs the MATCH again (bm25() needs
    its own full-text cursor), and count with `pk IN (matches)`, which SQLite answers by
    walking every index entry of the model and matching each. Here the FTS table drives both
    queries: each match is checked against the searched queryset (visibility and all) by
    primary key, ranked, and only the requested slice of objects is then fetched, as the
    Elasticsearch back-ends fetch the ids their engine ranked.
    """

    def matching_entries(self):
        """The index entries that match and belong to an object in the searched queryset,
        or None for a query that matches everything or is negated (the stock path ranks
        nothing there, so it stays)."""
        compiler = self.query_compiler
        query = normalize(compiler.query)
        if isinstance(query, (MatchAll, Not)):
            return None
        config = compiler.get_config(self.backend)
        match = MatchExpression(
            compiler.fields or compiler.FTS_TABLE_FIELDS,
            compiler.build_search_query(query, config=config),
        )
        model = compiler.queryset.model
        # Without this hint and without ANALYZE statistics, SQLite guesses a model's entries
        # are few and walks all of them, matching each one, instead of following the MATCH.
        of_model = In(
            NotAnIndexKey(F("index_entry__content_type_id")),
            get_descendants_content_types_pks(model),
        )
        in_queryset = Exists(compiler.queryset.filter(pk=OuterRef("index_entry__object_id")))
        return SQLiteFTSIndexEntry.objects.filter(match, of_model, in_queryset)

    def _do_count(self):
        entries = self.matching_entries()
        return super()._do_count() if entries is None else entries.count()

    def _do_search(self):
        entries = self.matching_entries()
        compiler = self.query_compiler
        if entries is None or not compiler.order_by_relevance:
            return super()._do_search()
        rank = compiler._build_rank_expression(
            compiler.get_search_vectors(), compiler.get_config(self.backend)
        )
        # Ties go to the highest primary key, as in the stock order.
        object_pk = Cast("index_entry__object_id", output_field=compiler.queryset.model._meta.pk)
        hits = list(
            entries.annotate(score=rank)
            .order_by("score", object_pk.desc())
            .values_list("index_entry__object_id", "score")[self.start : self.stop]
        )
        found = compiler.queryset.filter(pk__in=[object_id for object_id, _ in hits])
        objects = {str(obj.pk): obj for obj in found}
        results = []
        for object_id, score in hits:
            # Gone only if it left the queryset between the two queries.
            if object_id in objects:
                obj = objects[object_id]
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results


class HeadlineWeightedSQLiteBackend(SQLiteSearchBackend):
    query_compiler_class = HeadlineWeightedQueryCompiler
    results_class = SinglePassResults

    def search(self, query, model_or_queryset, **kwargs):
        return super().search(without_quotes(query), model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, **kwargs):
        return super().autocomplete(without_quotes(query), model_or_queryset, **kwargs)


def without_quotes(query):
    # FTS5's tokenizer never indexes a quote, so a space in its place finds the same stories;
    # a query of nothing but quotes becomes empty, which finds nothing rather than failing.
    return query.replace('"', " ").strip() if isinstance(query, str) else query
