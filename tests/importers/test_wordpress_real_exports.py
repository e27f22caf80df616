"""`manage.py import_wordpress` on exports WordPress itself wrote (tests/fixtures/wordpress/
README.md): its theme unit test data, a WXR 1.2 file in the https namespace with every edge
case a theme meets, and the WordPress importer's own WXR 1.0 fixture."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import transaction

from news.models import NewsArticle
from tests.factories import database_counts
from tests.importers.conftest import (
    WORDPRESS_FIXTURES,
    post_draft,
    post_story,
    run_wordpress_import,
)

pytestmark = pytest.mark.django_db

THEME_UNIT_TEST = WORDPRESS_FIXTURES / "themeunittestdata.wordpress.xml"
WXR_1_0 = WORDPRESS_FIXTURES / "importer-valid-wxr-1.0.xml"
THEME_UNIT_TEST_SUMMARY = (
    "Created 58, updated 0, skipped 128 (37 attachment, 70 nav_menu_item, 21 page), failed 0."
)
TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")
SHORTCODE = re.compile(r"\[/?(gallery|caption|audio|video|embed|playlist)\b")


@pytest.fixture(scope="class")
def theme_unit_test(django_db_setup, django_db_blocker):
    """The theme unit test export imported once per class, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_wordpress_import(THEME_UNIT_TEST, media_root=None)
        transaction.set_rollback(True)


def body_text(story):
    return " ".join(str(block.value) for block in story.get_latest_revision_as_object().body)


@pytest.mark.usefixtures("theme_unit_test")
class TestThemeUnitTestData:
    def test_every_post_imports_and_nothing_fails(self, theme_unit_test):
        out, err, failure = theme_unit_test

        assert (failure, err) == ("", "")
        assert THEME_UNIT_TEST_SUMMARY in out.splitlines()
        assert NewsArticle.objects.filter(import_source__startswith="wordpress:").count() == 58

    def test_no_headline_keeps_markup(self):
        titles = list(NewsArticle.objects.values_list("title", flat=True))
        assert [title for title in titles if TAG.search(title)] == []
        assert post_story(1173).title == "Markup: Title With Markup"
        assert post_story(1174).title == (
            "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
        )

    def test_a_post_without_a_title_is_a_draft_headlined_untitled(self, theme_unit_test):
        out, _, _ = theme_unit_test

        untitled = post_story(1169)
        assert (untitled.title, untitled.live) == ("(untitled)", False)
        assert "1 × no title: imported as a draft headlined (untitled)" in out

    def test_a_post_without_content_is_a_draft_not_a_failure(self, theme_unit_test):
        out, _, _ = theme_unit_test

        empty = post_story(1170)
        assert (empty.title, empty.live) == ("Edge Case: No Content", False)
        assert len(post_draft(1170).body) == 0
        assert "1 × no content: imported as a draft, e.g. post 1170: has no text" in out

    def test_the_sticky_post_is_featured_and_leads_the_front_page(self, client):
        assert list(NewsArticle.objects.filter(featured=True).values_list("pk", flat=True)) == [
            post_story(1241).pk
        ]
        page = BeautifulSoup(client.get("/").content, "html.parser")
        # The lead story's headline, then the rest of the latest, as the front page shows them.
        latest = [
            title.get_text(strip=True) for title in page.select(".front__main .story-card__title")
        ]
        newest = NewsArticle.objects.live().order_by("-first_published_at").first()
        assert newest.title != "Template: Sticky"
        assert latest[:2] == ["Template: Sticky", newest.title]

    def test_password_protected_and_scheduled_posts_are_kept_from_readers(self):
        assert not post_story(1168).live
        scheduled = post_story(1153)
        assert not scheduled.live
        assert scheduled.get_latest_revision().approved_go_live_at is not None

    def test_warnings_are_grouped_by_kind_so_the_summary_fits_a_screen(self, theme_unit_test):
        out, _, _ = theme_unit_test

        summary = out.splitlines()[out.splitlines().index(THEME_UNIT_TEST_SUMMARY) :]
        assert len(summary) < 12
        assert re.fullmatch(r"\d+ warning\(s\):", summary[1])
        assert re.match(r"  \d+ × image left out, e\.g\. post \d+: image https?://", summary[2])

    def test_no_literal_shortcode_or_tag_in_any_body(self):
        stories = NewsArticle.objects.filter(import_source__startswith="wordpress:")
        leftovers = {
            story.title: SHORTCODE.findall(body_text(story))
            for story in stories
            if SHORTCODE.search(body_text(story))
        }
        assert leftovers == {}

    def test_a_second_run_creates_nothing_new(self):
        before = database_counts()

        out, _, failure = run_wordpress_import(THEME_UNIT_TEST, media_root=None)

        assert failure == ""
        assert THEME_UNIT_TEST_SUMMARY.replace(
            "Created 58, updated 0", "Created 0, updated 58"
        ) in (out.splitlines())
        assert {**database_counts(), "revisions": 0} == {**before, "revisions": 0}


class TestWxr10:
    def test_tags_written_as_domain_tag_are_kept(self):
        out, _, failure = run_wordpress_import(WXR_1_0, media_root=None)

        assert failure == ""
        assert "Created 3, updated 0, skipped 3 (3 page), failed 0." in out.splitlines()
        assert sorted(post_draft(4).tags.names()) == ["news", "roar"]
        assert sorted(post_draft(6).tags.names()) == ["chicken", "face"]
        assert post_story(6).get_parent().title == "child"

    def test_a_second_run_creates_nothing_new(self):
        run_wordpress_import(WXR_1_0, media_root=None)
        before = database_counts()

        out, _, _ = run_wordpress_import(WXR_1_0, media_root=None)

        assert "Created 0, updated 3, skipped 3 (3 page), failed 0." in out.splitlines()
        assert {**database_counts(), "revisions": 0} == {**before, "revisions": 0}
        assert sorted(post_draft(4).tags.names()) == ["news", "roar"]


@pytest.mark.parametrize(
    "name, summary",
    [
        ("importer-valid-wxr-1.1.xml", "Created 1, updated 0, skipped 1 (1 page), failed 0."),
        ("importer-small-export.xml", "Created 6, updated 0, skipped 5 (5 page), failed 0."),
    ],
)
def test_the_importers_other_fixtures_import_whole(name, summary):
    out, err, failure = run_wordpress_import(WORDPRESS_FIXTURES / name, media_root=None)

    assert (failure, err) == ("", "")
    assert summary in out.splitlines()
    if name == "importer-small-export.xml":
        assert not post_story(13).live  # private there
        assert "远征手记" in post_draft(22).tags.names()
