"""The seeded stories' search index, written in bulk beside the rows (bench/seed.py)."""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from news.models import CategoryPage, NewsArticle
from people.models import Author


class SearchIndexer:
    """Fills the search index as the seeder goes, without one query per story.

    On SQLite (the benchmark's database) each story's index row is computed from the data in
    hand, with the body's own blocks giving its searchable text exactly as the back-end's
    ObjectIndexer would (tests/bench checks they agree), then bulk-inserted; FTS5 triggers
    fill the full-text table. Elsewhere the back-end's own bulk `add_items` runs at the end
    (what `manage.py update_index` does: correct, but a few queries per story).
    """

    def __init__(self):
        from modelsearch.backends import get_search_backend

        self.backend = get_search_backend()
        self.index = self.backend.get_index_for_model(NewsArticle)
        self.fast = connection.vendor == "sqlite" and hasattr(self.index, "_refresh_title_norms")
        self.stream = NewsArticle._meta.get_field("body").stream_block
        self.story_ids = []

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
        """`stories`: (page, summary, raw body, tag names, author names) of a saved batch."""
        if not self.fast:
            self.story_ids += [page.pk for page, *_ in stories]
            return
        IndexEntry = self.index.entries.model  # noqa: N806 - the back-end's own model

        content_type_id = ContentType.objects.get_for_model(NewsArticle).pk
        IndexEntry.objects.bulk_create(
            IndexEntry(
                content_type_id=content_type_id,
                object_id=str(page.pk),
                title=page.title,
                autocomplete=page.title,
                body=" ".join([summary, self.searchable_body(body), *tag_names, *author_names]),
            )
            for page, summary, body, tag_names, author_names in stories
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
