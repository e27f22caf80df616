"""`manage.py import_wordpress` on a one-post export, for cases the newsroom export lacks:
matched authors, older WXR versions, passwords, images outside the uploads, bad posts."""

import pytest
from wagtail.images import get_image_model

from people.models import Author
from tests import factories
from tests.factories import database_counts
from tests.importers.conftest import (
    PHOTO,
    block_types,
    one_post_export,
    post_draft,
    post_story,
    run_wordpress_import,
)

pytestmark = pytest.mark.django_db


class TestOnePost:
    def test_an_existing_author_is_matched_by_name_in_any_case(self, tmp_path):
        desk = factories.make_author("MRITYUNJOY KUMAR JHA", slug="mkjha")

        run_wordpress_import(one_post_export(tmp_path))

        assert list(Author.objects.all()) == [desk]
        assert [link.author for link in post_draft(901).story_authors.all()] == [desk]

    def test_a_wxr_1_1_export_imports_the_same(self, tmp_path):
        export = one_post_export(tmp_path, version="1.1", excerpt="<p>Sellers returned.</p>")

        out, _, failure = run_wordpress_import(export)

        assert (out.splitlines()[-1], failure) == (
            "Created 1, updated 0, skipped 0, failed 0.",
            "",
        )
        assert post_story(901).title == "Kabul’s bird market reopens"
        assert post_story(901).summary == "Sellers returned."

    def test_a_password_protected_post_becomes_a_draft_with_a_warning(self, tmp_path):
        out, _, _ = run_wordpress_import(one_post_export(tmp_path, password="sources-only"))

        assert not post_story(901).live
        assert out.splitlines()[-1] == (
            "  1 × password-protected on the old site: imported as a draft, "
            "e.g. post 901: password-protected on the old site, so imported as a draft"
        )

    def test_without_an_uploads_folder_every_image_is_a_warning(self, tmp_path):
        photo = "https://frontier.example/wp-content/uploads/2021/10/kandahar-mosque.png"
        export = one_post_export(tmp_path, content=f'<img src="{photo}" alt="">\n\nSellers.')

        out, _, _ = run_wordpress_import(export, media_root=None)

        assert get_image_model().objects.count() == 0
        assert block_types(901) == ["paragraph"]
        assert out.splitlines()[-1] == (
            f"  1 × image left out, e.g. post 901: image {photo} left out: "
            "no uploads folder (--media-root) was given"
        )

    def test_an_image_path_cannot_climb_out_of_the_uploads_folder(self, tmp_path):
        (tmp_path / "uploads").mkdir()
        (tmp_path / "secret.png").write_bytes(PHOTO.read_bytes())
        climbing = "https://frontier.example/wp-content/uploads/../secret.png"
        export = one_post_export(tmp_path, content=f'<p><img src="{climbing}"> Sellers.</p>')

        out, _, _ = run_wordpress_import(export, media_root=tmp_path / "uploads")

        assert get_image_model().objects.count() == 0
        assert f"e.g. post 901: image {climbing} left out: no such file under " in out

    @pytest.mark.parametrize(
        ("fields", "reason"),
        [
            ({"post_id": ""}, "item 1: has no wp:post_id"),
            (
                {
                    "content": '<blockquote class="twitter-tweet"><p>Text</p>&mdash; A (@a) '
                    '<a href="https://twitter.com/a">October 15, 2021</a></blockquote>'
                },
                "post 901: a twitter-tweet blockquote has no link to the post's status",
            ),
        ],
        ids=["no-id", "tweet-without-status"],
    )
    def test_a_malformed_post_is_rejected_with_its_reason(self, tmp_path, fields, reason):
        before = database_counts()

        out, err, failure = run_wordpress_import(one_post_export(tmp_path, **fields))

        assert (err, failure) == (f"{reason}\n", "1 of 1 posts failed")
        assert out == "Created 0, updated 0, skipped 0, failed 1.\n"
        assert database_counts() == before
