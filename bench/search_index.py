"""The seeded stories' search index, written in bulk beside the rows (bench/seed.py)."""

import time
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from news.models import CategoryPage, NewsArticle
from people.models import Author


class SearchIndexer:
    """Fills the search index as the seeder goes, without one query per story.

    With the database back-end (SQLite or PostgreSQL) each story's index row is computed from
    the data in hand, with the body's own blocks giving its searchable text, and each batch is
    written in one go: exactly the row the back-end's ObjectIndexer would write (tests/bench
    checks they agree). On SQLite the row holds plain text (FTS5 triggers fill the full-text
    table); on PostgreSQL one INSERT per batch has the server build the tsvectors, each field's
    text weighted and concatenated in the back-end's order. A search engine back-end
    (Elasticsearch, OpenSearch) gets its own bulk `add_items` at the end instead (what
    `manage.py update_index` does: correct, but a few queries per story).
    """

    def __init__(self):
        from modelsearch.backends import get_search_backend

        self.backend = get_search_backend()
        self.index = self.backend.get_index_for_model(NewsArticle)
        in_database = hasattr(self.index, "_refresh_title_norms")
        self.write = {
            "sqlite": self._write_plain_text,
            "postgresql": self._write_vectors,
        }.get(connection.vendor if in_database else None)
        self.stream = NewsArticle._meta.get_field("body").stream_block
        self.story_ids = []
        self.batch_seconds = 0.0  # spent writing index rows beside the stories' rows

    def searchable_body(self, raw_blocks):
        content = []
        for raw in raw_blocks:
            block = self.stream.child_blocks[raw["type"]]
            value = raw["value"]
            if raw["type"] == "related_link":
                value = {**value, "page": None}  # only its title is searchable: no lookup
            content += block.get_searchable_content(block.to_python(value))
        return ", ".join(content)

    def add_stories(self, stories):
        """`stories`: (page, summary, raw body, tag names, author names) of a saved batch,
        tags in the order they were linked (the order `story.tags.all()` reads them) and
        authors in byline order, every one published."""
        if not self.write:
            self.story_ids += [page.pk for page, *_ in stories]
            return
        clock = time.perf_counter()
        self.write(
            ContentType.objects.get_for_model(NewsArticle).pk,
            [
                # The story's searchable fields other than its title, in their search_fields
                # order: summary, body, each tag's name, byline_names.
                (page, [summary, self.searchable_body(body), *tag_names, " ".join(author_names)])
                for page, summary, body, tag_names, author_names in stories
            ],
        )
        self.batch_seconds += time.perf_counter() - clock

    def _write_plain_text(self, content_type_id, stories):
        IndexEntry = self.index.entries.model  # noqa: N806 - the back-end's own model

        IndexEntry.objects.bulk_create(
            IndexEntry(
                content_type_id=content_type_id,
                object_id=str(page.pk),
                title=page.title,
                autocomplete=page.title,
                body=" ".join(texts),
            )
            for page, texts in stories
        )

    def _write_vectors(self, content_type_id, stories):
        from modelsearch.backends.database.postgres.weights import get_weight

        # The back-end weights a field by its boost (the title's is 2 in Page.search_fields, the
        # story's other fields have none) and autocomplete "D", in its own config ("simple").
        title_weight, body_weight = get_weight(2), get_weight(None)
        config, autocomplete_config = self.backend.config, self.backend.autocomplete_config
        # One array per column, so the statement stays a few lines whatever the batch; the
        # body's texts are columns too, a story with fewer than the batch's most padded with
        # empty ones (weighted(): they add nothing).
        bodies = [[text.strip() for text in texts] for _, texts in stories]
        width = max(len(texts) for texts in bodies)
        body_columns = [f"text_{i}" for i in range(width)]
        vectors = [
            weighted([("title", title_weight)], config),
            weighted([("title", "D")], autocomplete_config),
            weighted([(column, body_weight) for column in body_columns], config),
        ]
        columns = [
            [str(page.pk) for page, _ in stories],
            [page.title.strip() for page, _ in stories],
            *([texts[i] if i < len(texts) else "" for texts in bodies] for i in range(width)),
            [" ".join(text for text in texts if text) for texts in bodies],
        ]
        table = self.index.entries.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                                     title_norm, title_text, body_text)
                SELECT %s, object_id, {", ".join(sql for sql, _ in vectors)}, 1.0, title, body_text
                FROM unnest({", ".join(["%s::text[]"] * len(columns))})
                    AS story(object_id, title, {", ".join(body_columns)}, body_text)
                """,  # noqa: S608 - names from the model and this function only
                [content_type_id, *(p for _, params in vectors for p in params), *columns],
            )

    def finish(self, chunk_size=500):
        with title_norms_refreshed_once(self.index):
            for model in (CategoryPage, Author):
                self.backend.get_index_for_model(model).add_items(
                    model, list(model.get_indexed_objects())
                )
            for start in range(0, len(self.story_ids), chunk_size):
                chunk = self.story_ids[start : start + chunk_size]
                stories = NewsArticle.objects.filter(pk__in=chunk).prefetch_related(
                    "tags", "story_authors__author"
                )
                self.index.add_items(NewsArticle, list(stories))


def weighted(columns, config):
    """SQL for the vector PostgreSQL's ObjectIndexer.as_vector makes of texts (here, columns):
    each one's to_tsvector in the back-end's config, with its weight, concatenated in order.
    as_vector leaves empty texts out; their empty vectors would add nothing, and with only
    empty texts this is the empty vector it uses then."""
    prefix, config_params = ("%s::regconfig, ", [config]) if config else ("", [])
    sql = " || ".join(f"setweight(to_tsvector({prefix}{column}), %s)" for column, _ in columns)
    return sql, [param for _, weight in columns for param in (*config_params, weight)]


@contextmanager
def title_norms_refreshed_once(index):
    """The database back-ends refresh the title norms after every batch they add: an average
    over the whole index and an unindexed scan for new rows, per batch, so indexing an archive
    in batches took time quadratic in its size (the 100,000-story run never finished). Seeding
    refreshes them once, for every row, when the last batch is in."""
    refresh = getattr(index, "_refresh_title_norms", None)
    if refresh is None:  # a back-end without norms (Elasticsearch, OpenSearch)
        yield
        return
    index._refresh_title_norms = lambda full=False: None
    try:
        yield
    finally:
        del index._refresh_title_norms
    refresh(full=True)
