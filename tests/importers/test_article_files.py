"""`manage.py import_articles`: files saved from the old site become stories, drafts unless
published, with hostile markup stripped."""

import json
import re

import pytest

from news.formatting import plain_text
from news.models import CategoryPage, StoryAuthor
from people.models import Author
from tests import factories
from tests.importers.conftest import (
    HEADLINE,
    HOSTILE,
    HOSTILE_SLUG,
    KUNDUZ,
    SEED,
    STORY_URL,
    article_draft,
    article_story,
    blocks_of_type,
    raw_blocks,
    run_article_import,
)

pytestmark = pytest.mark.django_db


class TestSeedArticle:
    def test_body_is_split_into_blocks_in_reading_order(self):
        run_article_import(SEED)

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
        run_article_import(SEED)

        [lede] = blocks_of_type("lede")
        assert re.fullmatch(r"<p[^>]*>As expected, Islamic State .*</p>", lede)
        assert (
            '<a href="https://twitter.com/AamajN/status/1449142114806374402?s=20">warned</a>'
            in lede
        )
        assert "<strong" not in lede and "<b>" not in lede

    def test_tweet_becomes_an_archived_tweet_block(self):
        run_article_import(SEED)

        (tweet,) = blocks_of_type("tweet")
        text = tweet.pop("text")
        assert tweet == {
            "url": "https://twitter.com/AfghanAnalyst2/status/1448953520506523653",
            "author_name": "Afghan Analyst",
            "author_handle": "AfghanAnalyst2",
            "date": "2021-10-15",
        }
        assert plain_text(text) == (
            "The latest issue of Al-Naba weekly dedicated its editorial to the mocking "
            "of #Taliban's sympathy with Shia Afghans& also published a special "
            "infographic about #Shias in #Afghanistan& the #ISKP attacks against them "
            "since the establishment of Khurasan Province of the Islamic State. "
            "pic.twitter.com/lYxHiXlh3U"
        )
        # The archival copy keeps the post's links: its hashtags and its picture's t.co link.
        assert '">#Taliban</a>' in text and 'href="https://t.co/' in text

    def test_also_read_becomes_a_related_link(self):
        run_article_import(SEED)

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
        run_article_import(SEED)

        first, second = blocks_of_type("paragraph")
        assert KUNDUZ in plain_text(first)
        assert "governing a nation." in plain_text(second)
        assert "Also Read" not in plain_text(second)

    def test_page_chrome_and_scripts_are_left_out(self):
        run_article_import(SEED)

        stored = json.dumps(raw_blocks(), ensure_ascii=False)
        for chrome in ["Recent Posts", "PM Modi", "widgets.js", "<script", "Mrityunjoy"]:
            assert chrome not in stored

    def test_section_is_created_live_under_the_home_page(self):
        run_article_import(SEED)

        section = CategoryPage.objects.get()
        assert (section.title, section.slug, section.live) == ("World", "world", True)
        assert section.get_parent().specific == factories.home_page()
        assert article_story().get_parent().pk == section.pk

    def test_author_is_created_with_the_bio_and_is_the_only_byline(self):
        run_article_import(SEED)

        author = Author.objects.get()
        assert author.name == "Mrityunjoy Kumar Jha"
        assert author.slug == "mrityunjoy-kumar-jha"
        assert author.live
        assert re.fullmatch(r"<p>Mrityunjoy Kumar Jha has decades .*photographer\.</p>", author.bio)
        assert "wildlife photographer" in author.bio
        assert [link.author for link in StoryAuthor.objects.filter(story=article_story())] == [
            author
        ]

    def test_summary_is_derived_from_the_lede(self):
        run_article_import(SEED)
        assert article_draft().standfirst.startswith("As expected, Islamic State")

        run_article_import(SEED, publish=True)
        assert article_story().standfirst.startswith("As expected, Islamic State")

    def test_reports_each_imported_story(self):
        out, err = run_article_import(SEED)

        assert out == f'Imported {SEED}: "{HEADLINE}" (created, draft)\n'
        assert err == ""


class TestDraftOrPublished:
    def test_saved_as_an_unpublished_draft_by_default(self, client):
        run_article_import(SEED)

        imported = article_story()
        assert not imported.live
        assert imported.has_unpublished_changes
        assert imported.first_published_at is None
        assert imported.revisions.count() == 1
        assert client.get(STORY_URL).status_code == 404

    def test_publish_flag_puts_the_story_live(self, client):
        out, _ = run_article_import(SEED, publish=True)

        assert article_story().live
        assert out.endswith("(created, published)\n")
        response = client.get(STORY_URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert HEADLINE in page
        assert "similar suicide attack at a Shia mosque in northern Kunduz" in page
        assert "PM Modi" not in page


class TestSanitizing:
    @pytest.fixture
    def html(self):
        run_article_import(HOSTILE)
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
        run_article_import(HOSTILE)

        [lede] = blocks_of_type("lede", HOSTILE_SLUG)
        assert re.fullmatch(r'<p data-block-key="\w+">Markets fell sharply on Monday\.</p>', lede)

    def test_bio_text_is_escaped_and_extra_categories_become_tags(self):
        run_article_import(HOSTILE)

        assert (
            Author.objects.get(name="Ann Hostile").bio == "<p>Covers markets &amp; maths &lt;3</p>"
        )
        assert CategoryPage.objects.get().title == "Business"
        assert sorted(tag.name for tag in article_draft(HOSTILE_SLUG).tags.all()) == [
            "Asia",
            "Markets",
        ]

    def test_the_published_page_carries_none_of_it(self, client):
        run_article_import(HOSTILE, publish=True)

        page = client.get(f"/business/{HOSTILE_SLUG}/").content.decode()
        assert "Markets fell sharply on Monday." in page
        for trace in ["SCRIPT-CONTENT", "STYLE-CONTENT", "steal()", "javascript:"]:
            assert trace not in page
