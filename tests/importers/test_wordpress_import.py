"""`manage.py import_wordpress`: a WordPress export (WXR) becomes the newsroom's stories.

The newsroom export is described in tests/importers/conftest.py."""

import hashlib
import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from wagtail.images import get_image_model
from wagtail.models import Page

from news.formatting import plain_text
from news.models import CategoryPage, NewsArticle
from people.models import Author
from tests.importers.conftest import (
    BROKEN_DATE,
    CLASSIC_URL,
    GUTENBERG_URL,
    MISSING_IMAGE,
    PHOTO,
    SUMMARY,
    UPLOADS,
    block_types,
    edited_newsroom,
    post_draft,
    post_story,
    run_wordpress_import,
    values,
)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("newsroom")
class TestWhatIsImported:
    def test_posts_become_stories_and_everything_else_is_skipped_and_counted(self, newsroom):
        out, _, failure = newsroom

        assert set(NewsArticle.objects.values_list("import_source", flat=True)) == {
            f"wordpress:{post_id}" for post_id in (101, 102, 103, 104, 105)
        }
        assert out.splitlines()[-3] == SUMMARY
        assert failure == "1 of 6 posts failed"
        assert not Page.objects.filter(title__in=["About us", "Home", "kandahar-mosque"]).exists()
        assert not NewsArticle.objects.filter(title="Old rumour we took down").exists()

    def test_a_malformed_post_is_named_and_the_rest_still_import(self, newsroom):
        _, err, _ = newsroom

        assert err == f"{BROKEN_DATE}\n"
        assert not NewsArticle.objects.filter(slug="broken-date").exists()
        assert not CategoryPage.objects.filter(title="Europe").exists()

    def test_one_plain_line_per_post_when_not_on_a_terminal(self, newsroom):
        out, _, _ = newsroom

        assert "\r" not in out
        assert out.splitlines()[:6] == [
            'post 101 "Terror vs Terror: ISIS-K turns the Taliban’s own tools on them": '
            "created, published",
            'post 102 "Taliban push into Kunduz after the mosque bombing": created, published',
            'post 103 "Kabul airport reopens for aid flights": created, draft',
            'post 104 "Pakistan reopens the Torkham crossing": '
            "created, draft (pending on the old site)",
            'post 105 "Doha talks to resume next month": '
            "created, scheduled for 2099-01-01 06:00 UTC",
            "post 101: linked to posts imported after it",
        ]

    def test_headline_slug_and_summary_come_from_the_post(self):
        classic = post_story(101)
        assert classic.title == "Terror vs Terror: ISIS-K turns the Taliban’s own tools on them"
        assert classic.slug == "terror-vs-terror-isis-k"
        # No excerpt, so the summary is the lede's, as for any story.
        assert classic.standfirst.startswith("As expected, Islamic State Khorasan Province")
        assert post_story(102).summary == "Fighters moved on the city two days after the attack."
        # A draft has no wp:post_name yet: its slug is made from the title.
        assert post_story(103).slug == "kabul-airport-reopens-for-aid-flights"

    def test_first_category_is_the_section_and_the_others_are_tags(self):
        assert post_story(101).get_parent().specific.title == "World"
        assert sorted(tag.name for tag in post_draft(101).tags.all()) == [
            "Afghanistan",
            "ISIS-K",
            "Taliban",
        ]
        assert post_story(102).get_parent().specific.title == "Asia"
        assert sorted(tag.name for tag in post_draft(102).tags.all()) == ["Taliban", "World"]
        sections = CategoryPage.objects.order_by("title")
        assert [(section.title, section.live) for section in sections] == [
            ("Asia", True),
            ("World", True),
        ]

    def test_authors_get_their_display_names_and_each_post_its_author(self):
        assert sorted(Author.objects.values_list("name", flat=True)) == [
            "Anita Sharma",  # no display name in the export: first and last name
            "Mrityunjoy Kumar Jha",
        ]
        assert [link.author.name for link in post_draft(101).story_authors.all()] == [
            "Mrityunjoy Kumar Jha"
        ]
        assert [link.author.name for link in post_draft(102).story_authors.all()] == [
            "Anita Sharma"
        ]
        # "Site Admin" wrote only the About page: no byline, so no empty author page.
        assert not Author.objects.filter(name="Site Admin").exists()


@pytest.mark.usefixtures("newsroom")
class TestBody:
    def test_classic_post_paragraphs_are_made_from_blank_lines(self):
        assert block_types(101) == [
            "lede",
            "image",
            "paragraph",
            "tweet",
            "paragraph",
            "related_link",
            "related_link",
        ]
        [lede] = values(101, "lede")
        assert plain_text(lede) == (
            "As expected, Islamic State Khorasan Province struck again on Friday, this time in "
            "Kandahar."
        )
        first, _ = values(101, "paragraph")
        assert re.fullmatch(
            r'<p data-block-key="\w+">This attack came .* Kunduz province\.<br/>The Taliban have '
            r'promised to protect the Shia minority\.</p><p data-block-key="\w+">Analysts &amp; '
            r"diplomats say the group is recruiting from the Taliban’s own ranks\.</p>",
            first,
        )

    def test_tweet_blockquote_becomes_an_archived_tweet(self):
        assert values(101, "tweet") == [
            {
                "url": "https://twitter.com/AfghanAnalyst2/status/1448953520506523653",
                "author_name": "Afghan Analyst",
                "author_handle": "AfghanAnalyst2",
                # The archival copy keeps the post's links (news/tweets.py).
                "text": "The latest issue of Al-Naba weekly dedicated its editorial to the "
                'mocking of <a href="https://twitter.com/hashtag/Taliban?src=hash&amp;'
                'ref_src=twsrc%5Etfw" rel="nofollow noopener">#Taliban</a>&#x27;s sympathy '
                "with Shia Afghans.",
                "date": "2021-10-15",
            }
        ]

    def test_gutenberg_blocks_become_story_blocks(self):
        assert block_types(102) == ["lede", "paragraph", "tweet", "heading", "paragraph"]
        assert values(102, "tweet") == [
            {
                "url": "https://x.com/AfghanAnalyst2/status/1449142114806374402",
                "author_name": "",
                "author_handle": "AfghanAnalyst2",
                "text": "",
                "date": None,
            }
        ]
        assert values(102, "heading") == ["What comes next"]
        assert "wp:" not in str(post_draft(102).body.raw_data)

    def test_an_image_found_in_the_uploads_becomes_an_image_block(self, client):
        image = get_image_model().objects.get()
        alt = "The Imam Bargah mosque in Kandahar after the attack"
        assert (image.title, image.description, image.width, image.height) == (alt, alt, 4, 3)
        # The post showed a 300x225 copy; the original it was resized from is imported.
        assert image.file_hash == hashlib.sha1(PHOTO.read_bytes()).hexdigest()
        assert values(101, "image") == [
            {
                "image": image.pk,
                "caption": "Worshippers outside the mosque in Kandahar.",
                "credit": "",
            }
        ]
        page = client.get(CLASSIC_URL).content.decode()
        assert f'alt="{alt}"' in page
        assert "<figcaption>Worshippers outside the mosque in Kandahar." in page

    def test_a_missing_image_is_left_out_with_a_warning_and_the_post_still_imports(self, newsroom):
        out, err, _ = newsroom

        assert out.splitlines()[-2:] == [
            "1 warning(s):",
            f"  1 × image left out, e.g. post 102: image {MISSING_IMAGE} left out: "
            f"no such file under {UPLOADS}",
        ]
        assert "post 102" not in err
        assert "image" not in block_types(102)
        assert post_story(102).live


@pytest.mark.usefixtures("newsroom")
class TestPublishing:
    def test_published_posts_go_live_with_their_original_dates(self, client):
        classic, gutenberg = post_story(101), post_story(102)

        assert classic.live and gutenberg.live
        assert classic.first_published_at == datetime(2021, 10, 16, 9, 30, tzinfo=UTC)
        assert classic.last_published_at == classic.first_published_at
        assert gutenberg.first_published_at == datetime(2021, 10, 17, 11, 0, tzinfo=UTC)
        # Edited on the old site after it went out: the story says "Updated".
        assert gutenberg.last_published_at == datetime(2021, 10, 17, 15, 45, tzinfo=UTC)
        assert gutenberg.was_updated
        response = client.get(GUTENBERG_URL)
        assert response.status_code == 200
        assert "Aid groups expect more families to flee the city" in response.content.decode()

    @pytest.mark.parametrize("post_id", [103, 104])
    def test_drafts_and_pending_posts_are_drafts(self, client, post_id):
        draft = post_story(post_id)

        assert not draft.live
        assert draft.first_published_at is None
        assert not NewsArticle.objects.visible().filter(pk=draft.pk).exists()
        assert client.get(f"/asia/{draft.slug}/").status_code == 404

    def test_a_future_post_is_scheduled_not_published(self, client):
        go_live = datetime(2099, 1, 1, 6, 0, tzinfo=UTC)
        scheduled = post_story(105)

        assert not scheduled.live
        assert scheduled.go_live_at == go_live
        assert scheduled.latest_revision.approved_go_live_at == go_live
        assert not NewsArticle.objects.visible().filter(pk=scheduled.pk).exists()
        assert client.get("/world/doha-talks-resume/").status_code == 404

    def test_a_post_taken_down_on_the_old_site_is_taken_down_on_reimport(self, tmp_path, client):
        export = edited_newsroom(
            tmp_path,
            (
                "<wp:status><![CDATA[publish]]></wp:status>",
                "<wp:status><![CDATA[draft]]></wp:status>",
            ),
        )

        out, _, _ = run_wordpress_import(export)

        assert not post_story(101).live
        assert ": updated, unpublished (draft on the old site)" in out.splitlines()[0]
        assert client.get(CLASSIC_URL).status_code == 404


def test_a_progress_bar_on_a_terminal_instead_of_lines():
    class Terminal(StringIO):
        def isatty(self):
            return True

    out, _, _ = run_wordpress_import(stdout=Terminal())

    assert "\rImporting posts [" + "#" * 30 + "] 5/5\n" in out
    assert "\rLinking stories [" + "#" * 30 + "] 1/1\n" in out
    assert 'post 101 "' not in out
    assert SUMMARY in out
