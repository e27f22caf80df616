"""`manage.py import_wordpress` when the file or a save fails: a failed post is rolled back, and
a file that is not a WordPress export imports nothing."""

import pytest

from news.models import CategoryPage, NewsArticle
from people.models import Author
from tests.factories import database_counts
from tests.importers.conftest import (
    BROKEN,
    BROKEN_DATE,
    run_wordpress_import,
    values,
)

pytestmark = pytest.mark.django_db


class TestWholeFileFailures:
    def test_a_failure_while_saving_rolls_the_post_back(self, monkeypatch):
        original = NewsArticle.save_revision

        def fail_in_asia(page, *args, **kwargs):
            # By now the Asia section, the author and the page row have been written.
            if page.get_parent().slug == "asia":
                raise RuntimeError("disk full")
            return original(page, *args, **kwargs)

        monkeypatch.setattr(NewsArticle, "save_revision", fail_in_asia)

        out, err, failure = run_wordpress_import()

        assert err.splitlines() == [
            BROKEN_DATE,
            "post 102: failed while saving (RuntimeError: disk full)",
            "post 103: failed while saving (RuntimeError: disk full)",
            "post 104: failed while saving (RuntimeError: disk full)",
        ]
        assert failure == "4 of 6 posts failed"
        assert "Created 2, updated 0," in out
        assert not CategoryPage.objects.filter(title="Asia").exists()
        assert not Author.objects.filter(name="Anita Sharma").exists()
        assert set(NewsArticle.objects.values_list("import_source", flat=True)) == {
            "wordpress:101",
            "wordpress:105",
        }
        # The post 101 links to was never imported: the link still goes to the old site.
        assert values(101, "related_link")[0]["url"].startswith("https://frontier.example/")

    def test_a_broken_xml_file_imports_nothing(self):
        before = database_counts()

        _, _, failure = run_wordpress_import(BROKEN)

        assert failure == (
            f"{BROKEN} is not well-formed XML (unclosed CDATA section: line 11, column 0); "
            "nothing was imported."
        )
        assert database_counts() == before

    def test_an_entity_bomb_is_refused_before_it_expands(self, tmp_path):
        bomb = tmp_path / "bomb.xml"
        bomb.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
            "<rss><channel><title>&lol2;</title></channel></rss>\n",
            encoding="utf-8",
        )

        _, _, failure = run_wordpress_import(bomb)

        assert failure.startswith(f"{bomb} declares XML entities, which a WordPress export never")
        assert NewsArticle.objects.count() == 0

    def test_an_rss_feed_that_is_not_a_wordpress_export_is_refused(self, tmp_path):
        feed = tmp_path / "feed.xml"
        feed.write_text("<rss><channel><title>News</title></channel></rss>", encoding="utf-8")

        _, _, failure = run_wordpress_import(feed)

        assert failure == (
            f"{feed} is not a WordPress export: no <channel> with a wp:wxr_version; "
            "nothing was imported."
        )
