"""`manage.py import_wordpress`: links between posts follow them to their stories, and
importing the export again updates what it made."""

from datetime import UTC, datetime

import pytest

from news.models import NewsArticle
from tests.factories import database_counts
from tests.importers.conftest import (
    CLASSIC_URL,
    GUTENBERG_URL,
    SUMMARY,
    edited_newsroom,
    post_story,
    run_wordpress_import,
    values,
)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("newsroom")
class TestLinksBetweenPosts:
    def test_links_to_imported_posts_become_links_to_their_stories(self):
        gutenberg, classic = post_story(102), post_story(101)

        inline = values(101, "paragraph")[1]
        # The old site's ?p=102 address, and the Also Read permalink, of a later post.
        assert f'Read the <a linktype="page" id="{gutenberg.pk}">Taliban' in inline
        internal, external = values(101, "related_link")
        assert internal == {
            "page": gutenberg.pk,
            "url": "",
            "title": "Taliban push into Kunduz after the mosque bombing",
        }
        assert external["page"] is None
        assert external["url"].startswith("https://www.indianarrative.com/")
        # A relative link to the permalink of an earlier post.
        [opening] = values(102, "paragraph")[:1]
        assert f'<a linktype="page" id="{classic.pk}">last week’s attack</a>' in opening

    def test_readers_follow_them_to_the_new_pages(self, newsroom, client):
        out, _, _ = newsroom

        page = client.get(CLASSIC_URL).content.decode()
        assert f'<a href="{GUTENBERG_URL}">Taliban\'s answer in Kunduz</a>' in page
        assert f'<a href="{GUTENBERG_URL}">Taliban push into Kunduz after' in page
        assert "frontier.example" not in page
        # 101 came before the post it links to, so it was saved again once 102 existed.
        assert "post 101: linked to posts imported after it" in out
        assert "post 102: linked" not in out


@pytest.mark.usefixtures("newsroom")
class TestReimport:
    def test_importing_again_updates_and_duplicates_nothing(self):
        before = database_counts()
        live_revisions = {post_id: post_story(post_id).live_revision_id for post_id in (101, 102)}

        out, _, failure = run_wordpress_import()

        after = database_counts()
        assert after["revisions"] > before["revisions"]
        assert {**after, "revisions": 0} == {**before, "revisions": 0}
        assert out.splitlines()[-3] == SUMMARY.replace(
            "Created 5, updated 0", "Created 0, updated 5"
        )
        assert failure == "1 of 6 posts failed"
        # Every story is there already to link to, so nothing needs a second pass.
        assert "linked to posts imported after it" not in out
        for post_id, revision_id in live_revisions.items():
            assert post_story(post_id).live_revision_id != revision_id
        assert post_story(101).first_published_at == datetime(2021, 10, 16, 9, 30, tzinfo=UTC)
        assert values(101, "related_link")[0]["page"] == post_story(102).pk

    def test_an_edit_on_the_old_site_reaches_the_story(self, tmp_path, client):
        export = edited_newsroom(
            tmp_path,
            ("flee the city this week", "flee to Mazar-i-Sharif this week"),
            (
                '<category domain="category" nicename="asia"><![CDATA[Asia]]></category>\n'
                '\t\t<category domain="category" nicename="world"><![CDATA[World]]></category>',
                '<category domain="category" nicename="world"><![CDATA[World]]></category>',
            ),
        )

        out, _, _ = run_wordpress_import(export)

        assert (
            'post 102 "Taliban push into Kunduz after the mosque bombing": '
            "updated, moved to World, published"
        ) in out.splitlines()
        page = client.get("/world/taliban-push-into-kunduz/").content.decode()
        assert "flee to Mazar-i-Sharif this week" in page
        assert NewsArticle.objects.filter(slug="taliban-push-into-kunduz").count() == 1
