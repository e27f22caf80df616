"""`manage.py import_wordpress`: a WordPress export (WXR) becomes the newsroom's stories.

tests/fixtures/wordpress/newsroom.xml is a hand-written WXR 1.2 export of a small site:
101 classic-editor post (no <p> tags, [caption] image, tweet blockquote, links to 102)
102 Gutenberg post (wp:embed tweet, wp:image whose file is missing, link back to 101)
103 draft, 104 pending, 105 scheduled for 2099, 106 in the trash, 107 with a broken date,
and a page, an attachment and a menu item. Only 101's image is in uploads/.
"""

import hashlib
import re
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page

from news.formatting import plain_text
from news.models import CategoryPage, NewsArticle
from people.models import Author
from tests import factories
from tests.factories import database_counts

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"
NEWSROOM = FIXTURES / "newsroom.xml"
UPLOADS = FIXTURES / "uploads"
BROKEN = FIXTURES / "broken.xml"
PHOTO = UPLOADS / "2021" / "10" / "kandahar-mosque.png"

CLASSIC_URL = "/world/terror-vs-terror-isis-k/"
GUTENBERG_URL = "/asia/taliban-push-into-kunduz/"
MISSING_IMAGE = "https://frontier.example/wp-content/uploads/2021/10/kunduz-convoy-1024x683.jpg"
SUMMARY = (
    "Created 5, updated 0, skipped 4 (1 attachment, 1 nav_menu_item, 1 page, 1 trash post), "
    "failed 1."
)
BROKEN_DATE = 'post 107: has wp:post_date_gmt "2021-13-45 99:00:00", which is not a date'

# The smallest export WordPress would write with one post, for cases the newsroom lacks.
ONE_POST = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
	<title>The Frontier Desk</title>
	<link>https://frontier.example</link>
	<wp:wxr_version>{version}</wp:wxr_version>
	<wp:base_site_url>https://frontier.example</wp:base_site_url>
	<wp:base_blog_url>https://frontier.example</wp:base_blog_url>
	<wp:author><wp:author_login><![CDATA[mkjha]]></wp:author_login><wp:author_display_name><![CDATA[Mrityunjoy Kumar Jha]]></wp:author_display_name></wp:author>
	<item>
		<title>{title}</title>
		<link>https://frontier.example/2021/10/18/bird-market-reopens/</link>
		<dc:creator><![CDATA[mkjha]]></dc:creator>
		<guid isPermaLink="false">https://frontier.example/?p=901</guid>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
		{post_id}
		<wp:post_date><![CDATA[2021-10-18 13:30:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2021-10-18 08:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[bird-market-reopens]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[{password}]]></wp:post_password>
		<category domain="category" nicename="world"><![CDATA[World]]></category>
	</item>
</channel>
</rss>
"""  # noqa: E501


def run_import(path=NEWSROOM, media_root=UPLOADS, stdout=None):
    """Run the import; return (stdout, stderr, the CommandError message or "")."""
    out, err = stdout or StringIO(), StringIO()
    args = [str(path)] + (["--media-root", str(media_root)] if media_root else [])
    try:
        call_command("import_wordpress", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), ""


def one_post_export(tmp_path, **fields):
    values = {
        "version": "1.2",
        "title": "Kabul&#8217;s bird market reopens",
        "content": "<p>Sellers were back on Monday.</p>",
        "excerpt": "",
        "post_id": "<wp:post_id>901</wp:post_id>",
        "password": "",
        **fields,
    }
    path = tmp_path / "one-post.xml"
    path.write_text(ONE_POST.format(**values), encoding="utf-8")
    return path


def edited_newsroom(tmp_path, *replacements):
    text = NEWSROOM.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "edited.xml"
    path.write_text(text, encoding="utf-8")
    return path


def story(post_id):
    return NewsArticle.objects.get(import_source=f"wordpress:{post_id}")


def draft_of(post_id):
    return story(post_id).get_latest_revision_as_object()


def block_types(post_id):
    return [block["type"] for block in draft_of(post_id).body.raw_data]


def values(post_id, block_type):
    raw = draft_of(post_id).body.raw_data
    return [block["value"] for block in raw if block["type"] == block_type]


@pytest.fixture(scope="class")
def newsroom(django_db_setup, django_db_blocker):
    """The newsroom export imported once per class: (stdout, stderr, CommandError message).

    Each test still runs in its own savepoint, so what one test writes the next never sees;
    the import itself is rolled back after the class.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_import()
        transaction.set_rollback(True)


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
        classic = story(101)
        assert classic.title == "Terror vs Terror: ISIS-K turns the Taliban’s own tools on them"
        assert classic.slug == "terror-vs-terror-isis-k"
        # No excerpt, so the summary is the lede's, as for any story.
        assert classic.summary.startswith("As expected, Islamic State Khorasan Province")
        assert story(102).summary == "Fighters moved on the city two days after the attack."
        # A draft has no wp:post_name yet: its slug is made from the title.
        assert story(103).slug == "kabul-airport-reopens-for-aid-flights"

    def test_first_category_is_the_section_and_the_others_are_tags(self):
        assert story(101).get_parent().specific.title == "World"
        assert sorted(tag.name for tag in draft_of(101).tags.all()) == [
            "Afghanistan",
            "ISIS-K",
            "Taliban",
        ]
        assert story(102).get_parent().specific.title == "Asia"
        assert sorted(tag.name for tag in draft_of(102).tags.all()) == ["Taliban", "World"]
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
        assert [link.author.name for link in draft_of(101).story_authors.all()] == [
            "Mrityunjoy Kumar Jha"
        ]
        assert [link.author.name for link in draft_of(102).story_authors.all()] == ["Anita Sharma"]
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
                "text": "The latest issue of Al-Naba weekly dedicated its editorial to the "
                "mocking of #Taliban's sympathy with Shia Afghans.",
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
        assert "wp:" not in str(draft_of(102).body.raw_data)

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
            f"  post 102: image {MISSING_IMAGE} left out: no such file under {UPLOADS}",
        ]
        assert "post 102" not in err
        assert "image" not in block_types(102)
        assert story(102).live


@pytest.mark.usefixtures("newsroom")
class TestPublishing:
    def test_published_posts_go_live_with_their_original_dates(self, client):
        classic, gutenberg = story(101), story(102)

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
        draft = story(post_id)

        assert not draft.live
        assert draft.first_published_at is None
        assert not NewsArticle.objects.visible().filter(pk=draft.pk).exists()
        assert client.get(f"/asia/{draft.slug}/").status_code == 404

    def test_a_future_post_is_scheduled_not_published(self, client):
        go_live = datetime(2099, 1, 1, 6, 0, tzinfo=UTC)
        scheduled = story(105)

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

        out, _, _ = run_import(export)

        assert not story(101).live
        assert ": updated, unpublished (draft on the old site)" in out.splitlines()[0]
        assert client.get(CLASSIC_URL).status_code == 404


@pytest.mark.usefixtures("newsroom")
class TestLinksBetweenPosts:
    def test_links_to_imported_posts_become_links_to_their_stories(self):
        gutenberg, classic = story(102), story(101)

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
        live_revisions = {post_id: story(post_id).live_revision_id for post_id in (101, 102)}

        out, _, failure = run_import()

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
            assert story(post_id).live_revision_id != revision_id
        assert story(101).first_published_at == datetime(2021, 10, 16, 9, 30, tzinfo=UTC)
        assert values(101, "related_link")[0]["page"] == story(102).pk

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

        out, _, _ = run_import(export)

        assert (
            'post 102 "Taliban push into Kunduz after the mosque bombing": '
            "updated, moved to World, published"
        ) in out.splitlines()
        page = client.get("/world/taliban-push-into-kunduz/").content.decode()
        assert "flee to Mazar-i-Sharif this week" in page
        assert NewsArticle.objects.filter(slug="taliban-push-into-kunduz").count() == 1


class TestOnePost:
    def test_an_existing_author_is_matched_by_name_in_any_case(self, tmp_path):
        desk = factories.make_author("MRITYUNJOY KUMAR JHA", slug="mkjha")

        run_import(one_post_export(tmp_path))

        assert list(Author.objects.all()) == [desk]
        assert [link.author for link in draft_of(901).story_authors.all()] == [desk]

    def test_a_wxr_1_1_export_imports_the_same(self, tmp_path):
        export = one_post_export(tmp_path, version="1.1", excerpt="<p>Sellers returned.</p>")

        out, _, failure = run_import(export)

        assert (out.splitlines()[-1], failure) == (
            "Created 1, updated 0, skipped 0, failed 0.",
            "",
        )
        assert story(901).title == "Kabul’s bird market reopens"
        assert story(901).summary == "Sellers returned."

    def test_a_password_protected_post_becomes_a_draft_with_a_warning(self, tmp_path):
        out, _, _ = run_import(one_post_export(tmp_path, password="sources-only"))

        assert not story(901).live
        assert out.splitlines()[-1] == (
            "  post 901: password-protected on the old site, so imported as a draft"
        )

    def test_without_an_uploads_folder_every_image_is_a_warning(self, tmp_path):
        photo = "https://frontier.example/wp-content/uploads/2021/10/kandahar-mosque.png"
        export = one_post_export(tmp_path, content=f'<img src="{photo}" alt="">\n\nSellers.')

        out, _, _ = run_import(export, media_root=None)

        assert get_image_model().objects.count() == 0
        assert block_types(901) == ["paragraph"]
        assert out.splitlines()[-1] == (
            f"  post 901: image {photo} left out: no uploads folder (--media-root) was given"
        )

    def test_an_image_path_cannot_climb_out_of_the_uploads_folder(self, tmp_path):
        (tmp_path / "uploads").mkdir()
        (tmp_path / "secret.png").write_bytes(PHOTO.read_bytes())
        climbing = "https://frontier.example/wp-content/uploads/../secret.png"
        export = one_post_export(tmp_path, content=f'<p><img src="{climbing}"> Sellers.</p>')

        out, _, _ = run_import(export, media_root=tmp_path / "uploads")

        assert get_image_model().objects.count() == 0
        assert f"  post 901: image {climbing} left out: no such file under " in out

    @pytest.mark.parametrize(
        ("fields", "reason"),
        [
            ({"post_id": ""}, "item 1: has no wp:post_id"),
            ({"title": ""}, "post 901: has no title"),
            ({"content": "<script>alert(1)</script>"}, "post 901: has no text in its body"),
            (
                {
                    "content": '<blockquote class="twitter-tweet"><p>Text</p>&mdash; A (@a) '
                    '<a href="https://twitter.com/a">October 15, 2021</a></blockquote>'
                },
                "post 901: a twitter-tweet blockquote has no link to the post's status",
            ),
        ],
        ids=["no-id", "no-title", "no-text", "tweet-without-status"],
    )
    def test_a_malformed_post_is_rejected_with_its_reason(self, tmp_path, fields, reason):
        before = database_counts()

        out, err, failure = run_import(one_post_export(tmp_path, **fields))

        assert (err, failure) == (f"{reason}\n", "1 of 1 posts failed")
        assert out == "Created 0, updated 0, skipped 0, failed 1.\n"
        assert database_counts() == before


class TestWholeFileFailures:
    def test_a_failure_while_saving_rolls_the_post_back(self, monkeypatch):
        original = NewsArticle.save_revision

        def fail_in_asia(page, *args, **kwargs):
            # By now the Asia section, the author and the page row have been written.
            if page.get_parent().slug == "asia":
                raise RuntimeError("disk full")
            return original(page, *args, **kwargs)

        monkeypatch.setattr(NewsArticle, "save_revision", fail_in_asia)

        out, err, failure = run_import()

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

        _, _, failure = run_import(BROKEN)

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

        _, _, failure = run_import(bomb)

        assert failure.startswith(f"{bomb} declares XML entities, which a WordPress export never")
        assert NewsArticle.objects.count() == 0

    def test_an_rss_feed_that_is_not_a_wordpress_export_is_refused(self, tmp_path):
        feed = tmp_path / "feed.xml"
        feed.write_text("<rss><channel><title>News</title></channel></rss>", encoding="utf-8")

        _, _, failure = run_import(feed)

        assert failure == (
            f"{feed} is not a WordPress export: no <channel> with a wp:wxr_version; "
            "nothing was imported."
        )


def test_a_progress_bar_on_a_terminal_instead_of_lines():
    class Terminal(StringIO):
        def isatty(self):
            return True

    out, _, _ = run_import(stdout=Terminal())

    assert "\rImporting posts [" + "#" * 30 + "] 5/5\n" in out
    assert "\rLinking stories [" + "#" * 30 + "] 1/1\n" in out
    assert 'post 101 "' not in out
    assert SUMMARY in out
