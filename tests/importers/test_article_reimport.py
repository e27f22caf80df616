"""`manage.py import_articles` run again: it updates the story it made instead of duplicating it,
and reuses the sections and authors already there."""

import pytest

from news.models import CategoryPage, NewsArticle, StoryAuthor
from people.models import Author
from tests import factories
from tests.importers.conftest import (
    HEADLINE,
    SEED,
    SLUG,
    STORY_URL,
    article_draft,
    article_story,
    blocks_of_type,
    edited_copy,
    run_article_import,
)

pytestmark = pytest.mark.django_db


class TestReimport:
    @pytest.mark.parametrize("first_publish", [False, True])
    @pytest.mark.parametrize("second_publish", [False, True])
    def test_importing_again_updates_instead_of_duplicating(self, first_publish, second_publish):
        run_article_import(SEED, publish=first_publish)
        out, _ = run_article_import(SEED, publish=second_publish)

        assert NewsArticle.objects.count() == 1
        assert Author.objects.count() == 1
        assert CategoryPage.objects.count() == 1
        assert StoryAuthor.objects.filter(story=article_story()).count() == 1
        assert [link.author.name for link in article_draft().story_authors.all()] == [
            "Mrityunjoy Kumar Jha"
        ]
        assert article_story().revisions.count() == 2
        assert article_story().live == (first_publish or second_publish)
        state = {
            (False, False): "draft",
            (True, False): "draft; the live version is unchanged",
        }.get((first_publish, second_publish), "published")
        assert out == f'Imported {SEED}: "{HEADLINE}" (updated, {state})\n'

    def test_an_edit_lands_in_a_new_draft_and_goes_live_when_published(self, tmp_path, client):
        edited = edited_copy(
            tmp_path,
            SEED,
            "seed-article.txt",
            "northern Kunduz province",
            "northern Baghlan province",
        )
        run_article_import(SEED, publish=True)

        run_article_import(edited)

        [first, _] = blocks_of_type("paragraph")
        assert "northern Baghlan province" in first
        assert "Kunduz" not in first
        assert article_story().has_unpublished_changes
        assert "northern Kunduz province" in client.get(STORY_URL).content.decode()

        run_article_import(edited, publish=True)

        page = client.get(STORY_URL).content.decode()
        assert "northern Baghlan province" in page
        assert "northern Kunduz province" not in page
        assert NewsArticle.objects.count() == 1

    def test_a_derived_summary_follows_a_new_lede_but_an_editors_summary_stays(self, tmp_path):
        edited = edited_copy(
            tmp_path,
            SEED,
            "seed-article.txt",
            "As expected, Islamic State",
            "Once again, Islamic State",
        )
        run_article_import(SEED)
        run_article_import(edited)
        assert article_draft().standfirst.startswith("Once again, Islamic State")

        draft = article_draft()
        draft.summary = "Written by an editor."
        draft.save_revision()
        run_article_import(SEED)
        assert article_draft().summary == "Written by an editor."

    def test_a_new_headline_is_a_new_story(self, tmp_path):
        renamed = edited_copy(
            tmp_path, SEED, "renamed.txt", "Terror vs Terror:", "Terror on Terror:"
        )
        run_article_import(SEED)
        run_article_import(renamed)

        assert NewsArticle.objects.count() == 2
        assert Author.objects.count() == 1
        assert CategoryPage.objects.count() == 1

    def test_a_changed_category_moves_the_story_and_updates_its_tags(self, tmp_path, client):
        moved = edited_copy(
            tmp_path, SEED, "moved.txt", "Categories: World", "Categories: Asia, ISIS-K"
        )
        run_article_import(SEED, publish=True)

        out, _ = run_article_import(moved, publish=True)

        assert NewsArticle.objects.count() == 1
        assert article_story().get_parent().slug == "asia"
        assert [tag.name for tag in article_draft().tags.all()] == ["ISIS-K"]
        assert out.endswith("(updated, moved to Asia, published)\n")
        assert client.get(f"/asia/{SLUG}/").status_code == 200
        # Wagtail's redirects app keeps the old address working for readers who saved it.
        old_address = client.get(STORY_URL)
        assert (old_address.status_code, old_address["Location"]) == (301, f"/asia/{SLUG}/")

    @pytest.mark.parametrize(
        ("title", "slug"),
        [("world", "international"), ("International", "world")],
        ids=["by-title-any-case", "by-slug"],
    )
    def test_an_existing_section_is_reused(self, title, slug):
        section = factories.make_section(title, slug=slug)

        run_article_import(SEED)

        assert CategoryPage.objects.count() == 1
        assert article_story().get_parent().pk == section.pk

    @pytest.mark.parametrize(
        ("name", "slug"),
        [("MRITYUNJOY KUMAR JHA", "mkjha"), ("M. K. Jha", "mrityunjoy-kumar-jha")],
        ids=["by-name-any-case", "by-slug"],
    )
    def test_an_existing_author_is_reused_and_keeps_their_bio(self, name, slug):
        author = factories.make_author(name, slug=slug, bio="<p>Written by the desk.</p>")

        run_article_import(SEED)

        assert Author.objects.count() == 1
        author.refresh_from_db()
        assert author.bio == "<p>Written by the desk.</p>"
        assert [link.author for link in StoryAuthor.objects.filter(story=article_story())] == [
            author
        ]

    def test_the_byline_is_reset_to_the_files_author(self, reporter):
        run_article_import(SEED)
        other = factories.make_author("Someone Else")
        draft = article_draft()
        draft.story_authors.add(StoryAuthor(author=other, sort_order=1))
        draft.save_revision()

        run_article_import(SEED)

        assert [link.author for link in article_draft().story_authors.all()] == [reporter]
