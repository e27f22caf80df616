"""Seed a realistic newsroom in bulk: sections, authors, tags and N published stories.

Wagtail's `add_child` + `save_revision().publish()` costs tens of milliseconds and a dozen
queries per page, far too slow for 100,000 stories. Here the page tree is written directly:

- treebeard materialized paths are computed in Python (`Page._get_path`: 4 base-36 characters
  per level), `numchild`, `depth` and `url_path` set as Wagtail would set them;
- `wagtailcore_page` rows are inserted with `Page.objects.bulk_create` (the base model, so
  Django allows it; the primary keys come back), then the `news_categorypage` /
  `news_newsarticle` child rows with `cursor.executemany`;
- authors, tags, bylines (`StoryAuthor`) and tag links (`StoryTag`) with `bulk_create`;
- the search index through the back-end's own bulk `add_items` (what `update_index` does).

Stories are live and published, with no revisions (a reader never sees those). Bodies use
every block type a reader can meet except images (no files, no renditions): a lede,
paragraphs with bold, italic, external and internal links, headings, tweets, "Also Read"
links to other stories and quotes. Everything comes from a seeded `random.Random`, so a
given (articles, seed) pair always builds the same newsroom.

Needs a configured Django (bench/run.py, or the test suite); works in any database that
holds only the home page, or beside content whose slugs do not clash.
"""

import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, Site

from news.models import CategoryPage, NewsArticle, StoryAuthor, StoryTag
from people.models import Author

SECTION_NAMES = [
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Sport",
    "Culture",
    "Opinion",
    "Education",
    "Travel",
]


def _words(text):
    return text.split()


FIRST_NAMES = _words("Amara Bilal Chen Dana Elif Farah Goran Hana Ines Jonas Kofi Lena Mateo Nadia")
LAST_NAMES = _words("Adeyemi Berg Costa Dubois Eriksen Fischer Garcia Haddad Ito Jha Kowalski Lund")
WORDS = _words(
    "government minister election council budget market shares growth inflation rates bank "
    "energy wind solar grid climate flood drought harvest wheat port strike union workers "
    "hospital vaccine research study scientists satellite methane ocean river coast city "
    "village border talks treaty court ruling appeal police report investigation company "
    "profits jobs stores prices housing rent schools teachers students university match "
    "season coach final league festival film museum artist novel music record crowd "
    "protest reform tax plan vote parliament senate mayor region province capital summit "
    "allies trade exports imports shipping rail airport bridge roads water power data "
    "software network privacy security startup investors funding launch mission rescue"
)
# What stories are about: each story is about one, so a topic names 1 in len(TOPICS) stories,
# as a reader's search for a place or a company would. The search scenario looks for these.
TOPICS = _words(
    "Estravia Valmora Dorvania Orsanne Ashby Marlowe Coastline Kestrel Brightwater Halden "
    "Norvik Palisade Quorra Redfern Solano Tamsin Umbria Vantor Wexley Yarrow Zenlith Corvane "
    "Meridia Ostrava Pellham Rivenna Sable Thornby Ulmsted Veridian Calder Dunmore Elsbury "
    "Fenwick Glenmore Harrowgate Islay Jarrow Kinross Lochside"
)


@dataclass
class SeedResult:
    home: Page
    sections: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    story_ids: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


class Newsroom:
    """Deterministic fake copy: headlines, rich text and blocks in Wagtail's raw JSON shapes."""

    def __init__(self, rng):
        self.rng = rng

    def words(self, low, high):
        return [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]

    def sentence(self, low=8, high=18):
        return " ".join(self.words(low, high)).capitalize() + "."

    def headline(self):
        return " ".join(self.words(5, 10)).capitalize()

    def rich_paragraph(self, story_ids):
        parts = [self.sentence() for _ in range(self.rng.randint(2, 4))]
        roll = self.rng.random()
        if roll < 0.25 and story_ids:
            target = self.rng.choice(story_ids)
            parts[0] = f'<a linktype="page" id="{target}">{parts[0]}</a>'
        elif roll < 0.45:
            parts[0] = f'<a href="https://example.org/{self.rng.choice(WORDS)}">{parts[0]}</a>'
        if self.rng.random() < 0.3:
            parts[-1] = f"<b>{parts[-1]}</b>"
        if self.rng.random() < 0.2:
            parts[-1] = f"<i>{parts[-1]}</i>"
        return "<p>" + " ".join(parts) + "</p>"

    def block(self, block_type, value):
        block_id = uuid.UUID(int=self.rng.getrandbits(128))
        return {"type": block_type, "value": value, "id": str(block_id)}

    def body(self, lede_text, story_ids, published):
        """5-15 blocks: the lede, then mostly paragraphs, with the other kinds mixed in."""
        blocks = [self.block("lede", f"<p>{lede_text}</p>")]
        for _ in range(self.rng.randint(4, 14)):
            roll = self.rng.random()
            if roll < 0.55:
                blocks.append(self.block("paragraph", self.rich_paragraph(story_ids)))
            elif roll < 0.7:
                blocks.append(self.block("heading", " ".join(self.words(3, 7)).capitalize()))
            elif roll < 0.8:
                handle = self.rng.choice(FIRST_NAMES).lower() + str(self.rng.randint(1, 99))
                tweet = {
                    "url": f"https://x.com/{handle}/status/{self.rng.getrandbits(60)}",
                    "author_name": handle.title(),
                    "author_handle": handle,
                    "text": self.sentence(6, 20),
                    "date": published.date().isoformat(),
                }
                blocks.append(self.block("tweet", tweet))
            elif roll < 0.9 and story_ids:
                link = {"page": self.rng.choice(story_ids), "url": "", "title": ""}
                blocks.append(self.block("related_link", link))
            else:
                quote = {
                    "text": self.sentence(8, 25),
                    "attribution": f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                }
                blocks.append(self.block("quote", quote))
        return blocks


def _page_rows(parent, count, first_step, content_type, locale_id, fill):
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


def _next_step(parent):
    """The step (1-based) after the parent's last child, so existing children are kept."""
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
        "-path"
    )
    last_path = last.values_list("path", flat=True).first()
    return Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1


def _insert_child_rows(model, rows):
    """Insert the subclass table rows (page_ptr_id first) of multi-table-inheritance pages."""
    columns = [f.column for f in model._meta.local_concrete_fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in columns] for row in rows])


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
    first_step = _next_step(home)
    pages = _page_rows(
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
    _insert_child_rows(
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
    next_steps = {s.pk: _next_step(s) for s in sections}
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

            pages += _page_rows(section, len(stories), first_step, content_type, locale_id, fill)
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
        _insert_child_rows(NewsArticle, rows)
        StoryAuthor.objects.bulk_create(bylines)
        StoryTag.objects.bulk_create(tag_links)
        if indexer:
            indexer.add_stories(searchable)
        story_ids += [p.pk for p in pages]
        log(f"  stories: {len(story_ids)}/{articles}")
    for section in sections:
        Page.objects.filter(pk=section.pk).update(numchild=next_steps[section.pk] - 1)
    return story_ids


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
        if self.fast:
            self.index._refresh_title_norms(full=True)


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
        result.timings["rows_seconds"] = round(time.perf_counter() - clock, 2)
        if indexer:
            clock = time.perf_counter()
            indexer.finish()
            result.timings["index_finish_seconds"] = round(time.perf_counter() - clock, 2)
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
