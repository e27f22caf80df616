"""`manage.py import_articles` with bad input: a malformed file is refused with its reason and
leaves nothing behind, and the other files of the run still import."""

import shutil

import pytest

from news.models import CategoryPage, NewsArticle
from people.models import Author
from tests.factories import database_counts
from tests.importers.conftest import (
    HEADLINE,
    HOSTILE,
    HOSTILE_SLUG,
    NO_HEADLINE,
    SEED,
    SLUG,
    article_story,
    edited_copy,
    run_article_import,
    run_failing_article_import,
)

pytestmark = pytest.mark.django_db


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

    message, out, err = run_failing_article_import(bad, publish=True)

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

    _, _, err = run_failing_article_import(bad)

    assert err.startswith(f"{bad}: does not validate: body block 5 (related_link) title: ")
    assert "255 characters" in err
    assert database_counts() == before


def test_a_bad_file_fails_alone_and_the_others_still_import():
    before = database_counts()

    message, out, err = run_failing_article_import(NO_HEADLINE, SEED, publish=True)

    assert message == "1 of 2 files failed"
    assert err == f"{NO_HEADLINE}: no headline after the Categories line\n"
    assert out == f'Imported {SEED}: "{HEADLINE}" (created, published)\n'
    assert article_story().live
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

    message, out, err = run_failing_article_import(SEED, publish=True)

    assert message == "1 of 1 files failed"
    assert err == f"{SEED}: failed while saving (RuntimeError: disk full)\n"
    assert database_counts() == before

    message, out, err = run_failing_article_import(HOSTILE, SEED)

    assert message == "1 of 2 files failed"
    assert NewsArticle.objects.get().slug == HOSTILE_SLUG
    assert list(CategoryPage.objects.values_list("title", flat=True)) == ["Business"]
    assert list(Author.objects.values_list("name", flat=True)) == ["Ann Hostile"]


def test_a_folder_imports_its_txt_files_in_name_order(tmp_path):
    shutil.copy(SEED, tmp_path / "b-seed.txt")
    shutil.copy(HOSTILE, tmp_path / "a-hostile.txt")
    (tmp_path / "notes.md").write_text("Not an article.", encoding="utf-8")

    out, err = run_article_import(tmp_path)

    assert out.splitlines() == [
        f'Imported {tmp_path / "a-hostile.txt"}: "Hostile markup is stripped on import" '
        "(created, draft)",
        f'Imported {tmp_path / "b-seed.txt"}: "{HEADLINE}" (created, draft)',
    ]
    assert err == ""
    assert set(NewsArticle.objects.values_list("slug", flat=True)) == {SLUG, HOSTILE_SLUG}


def test_a_missing_path_is_reported_as_a_failure(tmp_path):
    message, _, err = run_failing_article_import(tmp_path / "nowhere.txt")

    assert message == "1 of 1 files failed"
    assert err == f"{tmp_path / 'nowhere.txt'}: no such file or folder\n"
