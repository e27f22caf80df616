"""The visible stories of a site with their stored items (news/api/stored.py), by a query each
worker compiles once and runs with each request's own values.

Which stories a stored detail or listing holds is decided afresh on every request, by one
query that applies the visibility rule (`NewsArticle.objects.visible()`) and joins each story's
stored item. Building and compiling it with the ORM (the rule over the site's view
restrictions, which cost a query of their own to read, the page join, the item's join) cost
more than everything else a stored response does. Its SQL depends only on the site, its view
restrictions and the shape: the moment expiry is judged at, the story asked for and the page of
a listing change with each request. Every change to the site or its view restrictions bumps
the "site" cache tag (caching/invalidation.py). So a worker compiles the query once per site
and shape, with marks where the request's values go, and keeps it while "site" keeps its
version, as it keeps everything else that tag frames (caching.remembered).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections, router

from caching.remembered import remembered
from news.models import NewsArticle

# Where the request's time and story go in a compiled query: no story expires at the first,
# and none has the second for its id.
CLOCK_MARK = datetime(1900, 1, 1, tzinfo=UTC)
STORY_MARK = -1


@dataclass
class Row:
    """A story, with its stored item if it has one (else content and tags are None)."""

    story_id: int
    last_published_at: datetime | None
    content: str | None
    tags: dict | None
    valid_until: datetime | None

    def is_fresh(self, tags_unchanged, now):
        return self.content is not None and tags_unchanged and not_expired(self.valid_until, now)


def not_expired(valid_until, now):
    return valid_until is None or valid_until > now


class CompiledRows:
    """The SQL of `queryset` (the columns of a Row), compiled with the marks in it."""

    def __init__(self, queryset):
        self.database = queryset.db
        compiler = queryset.query.get_compiler(using=self.database)
        self.sql, self.params = compiler.as_sql()
        clock = compiler.connection.ops.adapt_datetimefield_value(CLOCK_MARK)
        self.clock = [n for n, value in enumerate(self.params) if value == clock]
        self.story = [n for n, value in enumerate(self.params) if value == STORY_MARK]
        # Django's conversions of the columns as read (JSON, and dates on SQLite), which the
        # ORM would apply: they depend on the columns' types and the database engine alone.
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(columns)

    def run(self, now, story_id=None, page=None):
        connection = connections[self.database]
        params = list(self.params)
        for position in self.clock:
            params[position] = connection.ops.adapt_datetimefield_value(now)
        for position in self.story:
            params[position] = story_id
        sql = self.sql
        if page is not None:
            sql = f"{sql} {connection.ops.limit_offset_sql(page.start, page.stop)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return [Row(*self.converted(columns, connection)) for columns in found]

    def converted(self, columns, connection):
        columns = list(columns)
        for position, (converters, expression) in self.converters.items():
            for convert in converters:
                columns[position] = convert(columns[position], expression, connection)
        return columns


def _name(shape, site, one_story):
    database = router.db_for_read(NewsArticle)
    return f"api-rows:{database}:{site.pk}:{shape.name}:{shape.base_url}:{one_story}"


def rows(shape, site, stories_at, now, story_id=None, page=None):
    """The rows of `stories_at(now)` in `shape`: the story `story_id`'s alone if given, else
    those within `page` (a slice).

    `stories_at(moment)` is the visible stories of `site` at that moment, in order.
    """
    if site is None or (page is not None and page.start == page.stop):
        return []
    one_story = story_id is not None

    def compile_rows():
        stories = stories_at(CLOCK_MARK)
        if one_story:
            stories = stories.filter(pk=STORY_MARK)
        return CompiledRows(shape.rows_queryset(stories))

    compiled = remembered(_name(shape, site, one_story), compile_rows)
    return compiled.run(now, story_id, page)
