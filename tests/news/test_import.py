"""`manage.py import_articles`: files saved from the old site become stories."""

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from news.formatting import plain_text
from news.models import CategoryPage, NewsArticle, StoryAuthor
from people.models import Author
from tests import factories
from tests.factories import database_counts

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed-article.txt"
HOSTILE = FIXTURES / "import" / "hostile-article.txt"
NO_HEADLINE = FIXTURES / "import" / "no-headline.txt"

HEADLINE = "Terror vs Terror: ISIS-K using Taliban’s own killing tools to step up the heat"
SLUG = "terror-vs-terror-isis-k-using-talibans-own-killing-tools-to-step-up-the-heat"
STORY_URL = f"/world/{SLUG}/"
HOSTILE_SLUG = "hostile-markup-is-stripped-on-import"
KUNDUZ = (
    "This attack came a week after a similar suicide attack at a Shia mosque in northern "
    "Kunduz province that killed more than 100 people."
)


def run_import(*paths, publish=False):
    out, err = StringIO(), StringIO()
    args = [str(path) for path in paths] + (["--publish"] if publish else [])
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_import(*paths, publish=False):
    """Run an import expected to fail; return (CommandError message, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    args = [str(path) for path in paths] + (["--publish"] if publish else [])
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", *args, stdout=out, stderr=err)
    return str(raised.value), out.getvalue(), err.getvalue()


def story(slug=SLUG):
    return NewsArticle.objects.get(slug=slug)


def draft_of(slug=SLUG):
    return story(slug).get_latest_revision_as_object()


def raw_blocks(slug=SLUG):
    return [
        {"type": block["type"], "value": block["value"]} for block in draft_of(slug).body.raw_data
    ]


def blocks_of_type(block_type, slug=SLUG):
    return [block["value"] for block in raw_blocks(slug) if block["type"] == block_type]


def edited_copy(tmp_path, source, name, old, new):
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


class TestSeedArticle:
    def test_body_is_split_into_blocks_in_reading_order(self):
        run_import(SEED)

        assert [block["type"] for block in raw_blocks()] == [
            "lede",
            "paragraph",
            "tweet",
            "paragraph",
            "related_link",
        ]
        first, second = blocks_of_type("paragraph")
        assert first.count("<p") == 3
        assert second.count("<p") == 4

    def test_lede_keeps_its_link_but_not_its_bold_wrapper(self):
        run_import(SEED)

        [lede] = blocks_of_type("lede")
        assert re.fullmatch(r"<p[^>]*>As expected, Islamic State .*</p>", lede)
        assert (
            '<a href="https://twitter.com/AamajN/status/1449142114806374402?s=20">warned</a>'
            in lede
        )
        assert "<strong" not in lede and "<b>" not in lede

    def test_tweet_becomes_an_archived_tweet_block(self):
        run_import(SEED)

        assert blocks_of_type("tweet") == [
            {
                "url": "https://twitter.com/AfghanAnalyst2/status/1448953520506523653",
                "author_name": "Afghan Analyst",
                "author_handle": "AfghanAnalyst2",
                "text": (
                    "The latest issue of Al-Naba weekly dedicated its editorial to the mocking "
                    "of #Taliban's sympathy with Shia Afghans& also published a special "
                    "infographic about #Shias in #Afghanistan& the #ISKP attacks against them "
                    "since the establishment of Khurasan Province of the Islamic State. "
                    "pic.twitter.com/lYxHiXlh3U"
                ),
                "date": "2021-10-15",
            }
        ]

    def test_also_read_becomes_a_related_link(self):
        run_import(SEED)

        assert blocks_of_type("related_link") == [
            {
                "page": None,
                "url": "https://www.indianarrative.com/world-news/isis-k-suicide-bomber-kills-"
                "injures-many-in-mosque-at-kandahar-taliban-s-birthplace-121575.html",
                "title": "ISIS-K suicide bomber kills 32, injures many in mosque at Kandahar, "
                "Taliban’s birthplace",
            }
        ]

    def test_ordinary_paragraphs_keep_their_text(self):
        run_import(SEED)

        first, second = blocks_of_type("paragraph")
        assert KUNDUZ in plain_text(first)
        assert "governing a nation." in plain_text(second)
        assert "Also Read" not in plain_text(second)

    def test_page_chrome_and_scripts_are_left_out(self):
        run_import(SEED)

        stored = json.dumps(raw_blocks(), ensure_ascii=False)
        for chrome in ["Recent Posts", "PM Modi", "widgets.js", "<script", "Mrityunjoy"]:
            assert chrome not in stored

    def test_section_is_created_live_under_the_home_page(self):
        run_import(SEED)

        section = CategoryPage.objects.get()
        assert (section.title, section.slug, section.live) == ("World", "world", True)
        assert section.get_parent().specific == factories.home_page()
        assert story().get_parent().pk == section.pk

    def test_author_is_created_with_the_bio_and_is_the_only_byline(self):
        run_import(SEED)

        author = Author.objects.get()
        assert author.name == "Mrityunjoy Kumar Jha"
        assert author.slug == "mrityunjoy-kumar-jha"
        assert author.live
        assert re.fullmatch(r"<p>Mrityunjoy Kumar Jha has decades .*photographer\.</p>", author.bio)
        assert "wildlife photographer" in author.bio
        assert [link.author for link in StoryAuthor.objects.filter(story=story())] == [author]

    def test_summary_is_derived_from_the_lede(self):
        run_import(SEED)
        assert draft_of().summary.startswith("As expected, Islamic State")

        run_import(SEED, publish=True)
        assert story().summary.startswith("As expected, Islamic State")

    def test_reports_each_imported_story(self):
        out, err = run_import(SEED)

        assert out == f'Imported {SEED}: "{HEADLINE}" (created, draft)\n'
        assert err == ""


class TestDraftOrPublished:
    def test_saved_as_an_unpublished_draft_by_default(self, client):
        run_import(SEED)

        imported = story()
        assert not imported.live
        assert imported.has_unpublished_changes
        assert imported.first_published_at is None
        assert imported.revisions.count() == 1
        assert client.get(STORY_URL).status_code == 404

    def test_publish_flag_puts_the_story_live(self, client):
        out, _ = run_import(SEED, publish=True)

        assert story().live
        assert out.endswith("(created, published)\n")
        response = client.get(STORY_URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert HEADLINE in page
        assert "similar suicide attack at a Shia mosque in northern Kunduz" in page
        assert "PM Modi" not in page


class TestReimport:
    @pytest.mark.parametrize("first_publish", [False, True])
    @pytest.mark.parametrize("second_publish", [False, True])
    def test_importing_again_updates_instead_of_duplicating(self, first_publish, second_publish):
        run_import(SEED, publish=first_publish)
        out, _ = run_import(SEED, publish=second_publish)

        assert NewsArticle.objects.count() == 1
        assert Author.objects.count() == 1
        assert CategoryPage.objects.count() == 1
        assert StoryAuthor.objects.filter(story=story()).count() == 1
        assert [link.author.name for link in draft_of().story_authors.all()] == [
            "Mrityunjoy Kumar Jha"
        ]
        assert story().revisions.count() == 2
        assert story().live == (first_publish or second_publish)
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
        run_import(SEED, publish=True)

        run_import(edited)

        [first, _] = blocks_of_type("paragraph")
        assert "northern Baghlan province" in first
        assert "Kunduz" not in first
        assert story().has_unpublished_changes
        assert "northern Kunduz province" in client.get(STORY_URL).content.decode()

        run_import(edited, publish=True)

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
        run_import(SEED)
        run_import(edited)
        assert draft_of().summary.startswith("Once again, Islamic State")

        draft = draft_of()
        draft.summary = "Written by an editor."
        draft.save_revision()
        run_import(SEED)
        assert draft_of().summary == "Written by an editor."

    def test_a_new_headline_is_a_new_story(self, tmp_path):
        renamed = edited_copy(
            tmp_path, SEED, "renamed.txt", "Terror vs Terror:", "Terror on Terror:"
        )
        run_import(SEED)
        run_import(renamed)

        assert NewsArticle.objects.count() == 2
        assert Author.objects.count() == 1
        assert CategoryPage.objects.count() == 1

    def test_a_changed_category_moves_the_story_and_updates_its_tags(self, tmp_path, client):
        moved = edited_copy(
            tmp_path, SEED, "moved.txt", "Categories: World", "Categories: Asia, ISIS-K"
        )
        run_import(SEED, publish=True)

        out, _ = run_import(moved, publish=True)

        assert NewsArticle.objects.count() == 1
        assert story().get_parent().slug == "asia"
        assert [tag.name for tag in draft_of().tags.all()] == ["ISIS-K"]
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

        run_import(SEED)

        assert CategoryPage.objects.count() == 1
        assert story().get_parent().pk == section.pk

    @pytest.mark.parametrize(
        ("name", "slug"),
        [("MRITYUNJOY KUMAR JHA", "mkjha"), ("M. K. Jha", "mrityunjoy-kumar-jha")],
        ids=["by-name-any-case", "by-slug"],
    )
    def test_an_existing_author_is_reused_and_keeps_their_bio(self, name, slug):
        author = factories.make_author(name, slug=slug, bio="<p>Written by the desk.</p>")

        run_import(SEED)

        assert Author.objects.count() == 1
        author.refresh_from_db()
        assert author.bio == "<p>Written by the desk.</p>"
        assert [link.author for link in StoryAuthor.objects.filter(story=story())] == [author]

    def test_the_byline_is_reset_to_the_files_author(self, reporter):
        run_import(SEED)
        other = factories.make_author("Someone Else")
        draft = draft_of()
        draft.story_authors.add(StoryAuthor(author=other, sort_order=1))
        draft.save_revision()

        run_import(SEED)

        assert [link.author for link in draft_of().story_authors.all()] == [reporter]


class TestSanitizing:
    @pytest.fixture
    def html(self):
        run_import(HOSTILE)
        return "".join(
            value
            for value in blocks_of_type("lede", HOSTILE_SLUG)
            + blocks_of_type("paragraph", HOSTILE_SLUG)
        )

    def test_script_and_style_go_with_their_content(self, html):
        for trace in ["SCRIPT-CONTENT", "STYLE-CONTENT", "<script", "<style", "color", "leak"]:
            assert trace not in html

    def test_event_handlers_and_inline_styles_are_removed(self, html):
        for trace in ["onclick", "onmouseover", "onerror", "steal", "style=", "<img", "<span"]:
            assert trace not in html

    def test_javascript_links_lose_the_link_but_keep_the_text(self, html):
        assert "javascript" not in html.lower()
        assert re.search(r"<a(?![^>]*\bhref=)", html) is None
        assert "bad link" in plain_text(html)
        assert "sneaky link ends the story." in plain_text(html)
        assert '<a href="https://example.com/good">good link</a>' in html

    def test_empty_paragraphs_are_dropped(self, html):
        assert re.search(r"<p[^>]*>\s*</p>", html) is None
        assert "<br" not in html
        [paragraph] = blocks_of_type("paragraph", HOSTILE_SLUG)
        assert paragraph.count("<p") == 3

    def test_lede_is_plain_text_with_the_editors_features_only(self):
        run_import(HOSTILE)

        [lede] = blocks_of_type("lede", HOSTILE_SLUG)
        assert re.fullmatch(r'<p data-block-key="\w+">Markets fell sharply on Monday\.</p>', lede)

    def test_bio_text_is_escaped_and_extra_categories_become_tags(self):
        run_import(HOSTILE)

        assert (
            Author.objects.get(name="Ann Hostile").bio == "<p>Covers markets &amp; maths &lt;3</p>"
        )
        assert CategoryPage.objects.get().title == "Business"
        assert sorted(tag.name for tag in draft_of(HOSTILE_SLUG).tags.all()) == ["Asia", "Markets"]

    def test_the_published_page_carries_none_of_it(self, client):
        run_import(HOSTILE, publish=True)

        page = client.get(f"/business/{HOSTILE_SLUG}/").content.decode()
        assert "Markets fell sharply on Monday." in page
        for trace in ["SCRIPT-CONTENT", "STYLE-CONTENT", "steal()", "javascript:"]:
            assert trace not in page


SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_BODY_END = SEED_TEXT.index("\nMrityunjoy Kumar Jha\n")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        (SEED_TEXT.replace("Categories: World\n", ""), 'no "Categories:" line at the top'),
        ("Categories: \n\nHeadline\n\n<p>Body</p>\n\nAn Author\n", "names no section"),
        (
            "Categories: World\n\nA headline and nothing else\n\nAn Author\n\nA bio.\n",
            "no HTML body after the headline",
        ),
        (SEED_TEXT[:SEED_BODY_END], "no author name after the body"),
        (
            "Categories: World\n\nHeadline\n\n<script>alert(1)</script>\n<p> </p>\n\nAn Author\n",
            "the body has no text",
        ),
        (
            SEED_TEXT.replace("AfghanAnalyst2/status/1448953520506523653", "AfghanAnalyst2"),
            "a twitter-tweet blockquote has no link to the post's status",
        ),
    ],
    ids=[
        "empty",
        "no-categories",
        "empty-categories",
        "no-body",
        "no-author",
        "blank-body",
        "tweet",
    ],
)
def test_a_malformed_file_is_rejected_with_its_reason(tmp_path, text, reason):
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    before = database_counts()

    message, out, err = run_failing_import(bad, publish=True)

    assert message == "1 of 1 files failed"
    assert err.startswith(f"{bad}: ") and reason in err
    assert err.count("\n") == 1
    assert out == ""
    assert database_counts() == before


def test_a_body_the_editor_would_reject_is_rejected_with_the_block_named(tmp_path):
    long_title = "x" * 300
    bad = edited_copy(
        tmp_path, SEED, "long-title.txt", "ISIS-K suicide bomber kills 32", long_title
    )
    before = database_counts()

    _, _, err = run_failing_import(bad)

    assert err.startswith(f"{bad}: does not validate: body block 5 (related_link) title: ")
    assert "255 characters" in err
    assert database_counts() == before


def test_a_bad_file_fails_alone_and_the_others_still_import():
    before = database_counts()

    message, out, err = run_failing_import(NO_HEADLINE, SEED, publish=True)

    assert message == "1 of 2 files failed"
    assert err == f"{NO_HEADLINE}: no headline after the Categories line\n"
    assert out == f'Imported {SEED}: "{HEADLINE}" (created, published)\n'
    assert story().live
    # Only the seed's story, section and author were added: the bad file's are nowhere.
    assert database_counts()["stories"] == before["stories"] + 1
    assert list(CategoryPage.objects.values_list("title", flat=True)) == ["World"]
    assert list(Author.objects.values_list("name", flat=True)) == ["Mrityunjoy Kumar Jha"]


def test_a_failure_while_saving_rolls_the_file_back(monkeypatch):
    original = NewsArticle.save_revision

    def fail_for_the_seed(page, *args, **kwargs):
        # By now the seed's section, author and page row have been written.
        if page.slug == SLUG:
            raise RuntimeError("disk full")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(NewsArticle, "save_revision", fail_for_the_seed)
    before = database_counts()

    message, out, err = run_failing_import(SEED, publish=True)

    assert message == "1 of 1 files failed"
    assert err == f"{SEED}: failed while saving (RuntimeError: disk full)\n"
    assert database_counts() == before

    message, out, err = run_failing_import(HOSTILE, SEED)

    assert message == "1 of 2 files failed"
    assert NewsArticle.objects.get().slug == HOSTILE_SLUG
    assert list(CategoryPage.objects.values_list("title", flat=True)) == ["Business"]
    assert list(Author.objects.values_list("name", flat=True)) == ["Ann Hostile"]


def test_a_folder_imports_its_txt_files_in_name_order(tmp_path):
    shutil.copy(SEED, tmp_path / "b-seed.txt")
    shutil.copy(HOSTILE, tmp_path / "a-hostile.txt")
    (tmp_path / "notes.md").write_text("Not an article.", encoding="utf-8")

    out, err = run_import(tmp_path)

    assert out.splitlines() == [
        f'Imported {tmp_path / "a-hostile.txt"}: "Hostile markup is stripped on import" '
        "(created, draft)",
        f'Imported {tmp_path / "b-seed.txt"}: "{HEADLINE}" (created, draft)',
    ]
    assert err == ""
    assert set(NewsArticle.objects.values_list("slug", flat=True)) == {SLUG, HOSTILE_SLUG}


def test_a_missing_path_is_reported_as_a_failure(tmp_path):
    message, _, err = run_failing_import(tmp_path / "nowhere.txt")

    assert message == "1 of 1 files failed"
    assert err == f"{tmp_path / 'nowhere.txt'}: no such file or folder\n"
