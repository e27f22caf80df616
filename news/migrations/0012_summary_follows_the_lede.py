"""A story's summary follows its lede: summaries that were filled in from the lede on a
first save (the old rule) are cleared, on the story and on its latest revision (the draft
editors open), so that readers get the lede as it reads now. Summaries an editor wrote, which
differ from the lede, stay."""

import json

from django.db import migrations, models

import news.models

from news.formatting import plain_text


def lede_of(raw_body):
    if isinstance(raw_body, str):
        raw_body = json.loads(raw_body or "[]")
    for block in raw_body or []:
        if block.get("type") == "lede":
            return plain_text(block.get("value"))
    return ""


def clear_summaries_taken_from_the_lede(apps, schema_editor):
    NewsArticle = apps.get_model("news", "NewsArticle")
    Revision = apps.get_model("wagtailcore", "Revision")
    for story in NewsArticle.objects.select_related("latest_revision").iterator():
        lede = lede_of(story.body.raw_data)
        fields = {"lede_summary": lede}
        if story.summary and story.summary.strip() == lede:
            fields["summary"] = ""
        NewsArticle.objects.filter(pk=story.pk).update(**fields)
        revision = story.latest_revision
        if revision is None:
            continue
        content = revision.content
        if content.get("summary") and content["summary"].strip() == lede_of(content.get("body")):
            content["summary"] = ""
            Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0011_story_body_embed_gallery_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsarticle",
            name="lede_summary",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="newsarticle",
            name="summary",
            field=news.models.StorySummaryField(
                blank=True,
                help_text="Plain text for listings, search results and social cards. Left empty, readers get the lede, as it reads now.",
            ),
        ),
        migrations.RunPython(clear_summaries_taken_from_the_lede, migrations.RunPython.noop),
    ]
