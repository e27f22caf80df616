from django.db import migrations

INDEX = "news_page_children_newest"


def index_pages_by_parent(apps, schema_editor):
    """Index pages by their parent's path, newest first: the sections under the home page, and
    a section's stories in the order its page and its front-page block list them, are then read
    without touching the rest of the archive (news.querysets.ParentPath)."""
    # PostgreSQL reads an index in order only if it sorts nulls as newest_first() does; SQLite's
    # CREATE INDEX has no NULLS clause, and a descending index already keeps them last there.
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON wagtailcore_page "
        f"(SUBSTR(path, 1, LENGTH(path) - 4), first_published_at DESC{nulls})"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_serialized_story_last_published"),
    ]

    operations = [migrations.RunPython(index_pages_by_parent, drop_index)]
