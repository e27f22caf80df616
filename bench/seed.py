"""Seed a realistic newsroom in bulk: sections, authors, tags and N published stories.

Wagtail's page-by-page publishing is far too slow for 100,000 stories, so the page tree is
written directly (bench/page_tree.py: paths, `numchild`, `depth` and `url_path` as Wagtail
would set them; `wagtailcore_page` rows with `bulk_create`, then the `news_categorypage` /
`news_newsarticle` child rows with `cursor.executemany`); authors, tags, bylines
(`StoryAuthor`) and tag links (`StoryTag`) with `bulk_create`; the search index in bulk as
the stories go (bench/search_index.py). Then the whole database is ANALYZEd (both vendors):
production's autovacuum would have done it, and without statistics the planner guesses (on
PostgreSQL it expected 16 rows of 1,012 pages and chose sequential scans), so a benchmark would
time plans production never gets.

Stories are live and published, with no revisions (a reader never sees those). Bodies use
every block type a reader can meet except images (no files, no renditions): a lede,
paragraphs with bold, italic, external and internal links, headings, tweets, "Also Read"
links to other stories and quotes (bench/story_text.py). Everything comes from a seeded
`random.Random`, so a given (articles, seed) pair always builds the same newsroom.

Needs a configured Django (bench/run.py, or the test suite); works in any database that
holds only the home page, or beside content whose slugs do not clash.
"""

import json
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, Site

from bench.page_tree import insert_child_rows, next_step, page_rows
from bench.search_index import SearchIndexer
from bench.story_text import FIRST_NAMES, LAST_NAMES, SECTION_NAMES, TOPICS, WORDS, Newsroom
from news.models import CategoryPage, NewsArticle, StoryAuthor, StoryTag
from people.models import Author


@dataclass
class SeedResult:
    home: Page
    sections: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    story_ids: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


def _seed_authors(rng, count, now):
    authors = []
    for i in range(count):
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 7) % len(LAST_NAMES)]}"
        if i >= len(FIRST_NAMES):
            name += f" {i // len(FIRST_NAMES) + 1}"  # keep 50+ names (and slugs) distinct
        authors.append(
            Author(
                name=name,
                slug=f"bench-{slugify(name)}",
                role=rng.choice(["Correspondent", "Reporter", "Editor", "Contributor"]),
                bio=f"<p>{name} covers {rng.choice(WORDS)} and {rng.choice(WORDS)}.</p>",
                x_handle=f"bench{i}",
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    return Author.objects.bulk_create(authors)


def _seed_tags(count):
    names = [f"{a} {b}" for a in WORDS[::3] for b in WORDS[1::3] if a != b][:count]
    existing = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
    Tag.objects.bulk_create([Tag(name=n, slug=slugify(n)) for n in names if n not in existing])
    return list(Tag.objects.filter(name__in=names).order_by("pk"))


def _seed_sections(home, count, locale_id, now):
    names = SECTION_NAMES[:count] + [f"Section {i}" for i in range(len(SECTION_NAMES), count)]
    first_step = next_step(home)
    pages = page_rows(
        home,
        len(names),
        first_step,
        ContentType.objects.get_for_model(CategoryPage),
        locale_id,
        lambda i: {
            "title": names[i],
            "slug": slugify(names[i]),
            "first_published_at": now - timedelta(days=3650),
            "last_published_at": now - timedelta(days=3650),
        },
    )
    pages = Page.objects.bulk_create(pages)
    intro = "The latest {} news, reported by our correspondents."
    insert_child_rows(
        CategoryPage,
        [{"page_ptr_id": p.pk, "intro": intro.format(p.title.lower())} for p in pages],
    )
    Page.objects.filter(pk=home.pk).update(numchild=first_step - 1 + len(pages))
    return list(CategoryPage.objects.filter(pk__in=[p.pk for p in pages]).order_by("path"))


def _seed_stories(rng, articles, sections, authors, tags, locale_id, now, batch_size, indexer, log):
    writer = Newsroom(rng)
    content_type = ContentType.objects.get_for_model(NewsArticle)
    # One story every ~20 minutes back from now; the newest few are in the last 48 hours.
    spacing = timedelta(minutes=20)
    plan = []  # (section index, published, topic) in publication order, oldest first
    for i in range(articles):
        published = now - spacing * (articles - i) + timedelta(seconds=rng.randint(0, 600))
        plan.append((rng.randrange(len(sections)), published, TOPICS[i % len(TOPICS)]))
    next_steps = {s.pk: next_step(s) for s in sections}
    story_ids = []
    for start in range(0, articles, batch_size):
        by_section = {}
        for section_index, published, topic in plan[start : start + batch_size]:
            by_section.setdefault(section_index, []).append((published, topic))
        pages = []
        for section_index, stories in sorted(by_section.items()):
            section = sections[section_index]
            first_step = next_steps[section.pk]
            next_steps[section.pk] += len(stories)

            def fill(i, stories=stories, first_step=first_step):
                published, topic = stories[i]
                title = f"{topic}: {writer.headline().lower()}"
                updated = published
                if rng.random() < 0.15:
                    updated += timedelta(hours=rng.randint(1, 12))  # a later correction
                return {
                    "title": title,
                    "slug": f"{slugify(title)[:60]}-{first_step + i}",
                    "first_published_at": published,
                    "last_published_at": min(updated, now),
                }

            pages += page_rows(section, len(stories), first_step, content_type, locale_id, fill)
        pages = Page.objects.bulk_create(pages)

        rows, bylines, tag_links, searchable = [], [], [], []
        known = story_ids or [p.pk for p in pages]  # links point at earlier stories
        for page in pages:
            topic = page.title.split(":")[0]
            lede_text = f"In {topic}, " + writer.sentence(14, 30).lower()
            body = writer.body(lede_text, known, page.first_published_at)
            rows.append(
                {
                    "page_ptr_id": page.pk,
                    "summary": lede_text,
                    "lede_summary": lede_text,
                    "featured": False,
                    "lead_image_id": None,
                    "lead_image_caption": "",
                    "lead_image_credit": "",
                    "body": json.dumps(body),
                    "import_source": "",
                }
            )
            byline = rng.sample(authors, rng.choices([1, 2, 3], weights=[75, 20, 5])[0])
            bylines += [
                StoryAuthor(story_id=page.pk, author=author, sort_order=position)
                for position, author in enumerate(byline)
            ]
            story_tags = rng.sample(tags, rng.randint(1, 4))
            tag_links += [StoryTag(content_object_id=page.pk, tag=tag) for tag in story_tags]
            names = ([t.name for t in story_tags], [a.name for a in byline])
            searchable.append((page, lede_text, body, *names))
        insert_child_rows(NewsArticle, rows)
        StoryAuthor.objects.bulk_create(bylines)
        StoryTag.objects.bulk_create(tag_links)
        if indexer:
            indexer.add_stories(searchable)
        story_ids += [p.pk for p in pages]
        log(f"  stories: {len(story_ids)}/{articles}")
    for section in sections:
        Page.objects.filter(pk=section.pk).update(numchild=next_steps[section.pk] - 1)
    return story_ids


def seed(
    articles,
    *,
    authors=50,
    sections=10,
    tags=120,
    random_seed=6,
    index=True,
    batch_size=2000,
    now=None,
    log=print,
):
    """Build the newsroom under the default site's home page; returns a SeedResult."""
    rng = random.Random(random_seed)
    now = now or timezone.now()
    home = Site.objects.get(is_default_site=True).root_page
    result = SeedResult(home=home)
    indexer = SearchIndexer() if index else None
    clock = time.perf_counter()
    with transaction.atomic():
        result.authors = _seed_authors(rng, authors, now)
        result.tags = _seed_tags(tags)
        result.sections = _seed_sections(home, sections, home.locale_id, now)
        result.story_ids = _seed_stories(
            rng,
            articles,
            result.sections,
            result.authors,
            result.tags,
            home.locale_id,
            now,
            batch_size,
            indexer,
            log,
        )
        rows_seconds = time.perf_counter() - clock
        if indexer:
            rows_seconds -= indexer.batch_seconds
            result.timings["index_batches_seconds"] = round(indexer.batch_seconds, 2)
            clock = time.perf_counter()
            indexer.finish()
            result.timings["index_finish_seconds"] = round(time.perf_counter() - clock, 2)
        result.timings["rows_seconds"] = round(rows_seconds, 2)
    clock = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result.timings["analyze_seconds"] = round(time.perf_counter() - clock, 2)
    return result


def check(result, client, sample=3):
    """The seeded newsroom is what readers get: every story visible, a few pages render."""
    visible = NewsArticle.objects.visible().filter(pk__in=result.story_ids).count()
    if visible != len(result.story_ids):
        raise AssertionError(f"{visible} of {len(result.story_ids)} seeded stories are visible")
    for parent in [result.home, *result.sections]:
        parent.refresh_from_db()
        children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        if parent.numchild != children.count():
            raise AssertionError(f"{parent} has numchild {parent.numchild}, not {children.count()}")
    step = max(1, len(result.story_ids) // sample)
    for pk in result.story_ids[::step][:sample]:
        url = NewsArticle.objects.get(pk=pk).url
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url} answered {response.status_code}")
