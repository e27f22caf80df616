"""Page-tree rows written in bulk, as Wagtail would write them one page at a time.

Wagtail's `add_child` + `save_revision().publish()` costs tens of milliseconds and a dozen
queries per page, far too slow for 100,000 stories. Here treebeard materialized paths are
computed in Python (`Page._get_path`: 4 base-36 characters per level), `numchild`, `depth`
and `url_path` set as Wagtail would set them; the caller inserts the `wagtailcore_page` rows
with `Page.objects.bulk_create` (the base model, so Django allows it; the primary keys come
back), then the subclass rows with `insert_child_rows`.
"""

import uuid

from django.db import connection
from wagtail.models import Page


def page_rows(parent, count, first_step, content_type, locale_id, fill):
    """Unsaved Page rows for `count` new children of `parent`; `fill(i)` gives their fields."""
    pages = []
    for i in range(count):
        fields = fill(i)
        slug = fields.pop("slug")
        pages.append(
            Page(
                path=Page._get_path(parent.path, parent.depth + 1, first_step + i),
                depth=parent.depth + 1,
                numchild=0,
                slug=slug,
                url_path=f"{parent.url_path}{slug}/",
                draft_title=fields["title"],
                content_type=content_type,
                locale_id=locale_id,
                live=True,
                has_unpublished_changes=False,
                translation_key=uuid.uuid4(),
                **fields,
            )
        )
    return pages


def next_step(parent):
    """The step (1-based) after the parent's last child, so existing children are kept."""
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
        "-path"
    )
    last_path = last.values_list("path", flat=True).first()
    return Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1


def insert_child_rows(model, rows):
    """Insert the subclass table rows (page_ptr_id first) of multi-table-inheritance pages."""
    columns = [f.column for f in model._meta.local_concrete_fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in columns] for row in rows])
