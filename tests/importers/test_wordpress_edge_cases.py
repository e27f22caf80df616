"""`manage.py import_wordpress` on what real exports hold that a tidy one lacks: every
namespace WordPress has written, posts without a title or text, posts whose only content was
missing images, markup in titles, two posts with one slug, sticky posts; and the report."""

import json

import pytest

from news.models import NewsArticle
from tests.importers.conftest import (
    one_post_export,
    post_draft,
    post_story,
    run_wordpress_import,
)

pytestmark = pytest.mark.django_db

GONE = "https://frontier.example/wp-content/uploads/2021/10/gone.jpg"
ALSO_GONE = "https://frontier.example/wp-content/uploads/2021/10/also-gone.jpg"


def export_with_namespace(tmp_path, namespace, version):
    path = one_post_export(tmp_path, version=version)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f"http://wordpress.org/export/{version}/", namespace), encoding="utf-8"
    )
    return path


def two_post_export(tmp_path, second_id="902", **fields):
    """The one-post export with a second post, the same but for its id and `fields`."""
    path = one_post_export(tmp_path, **fields)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("<item>"), text.index("</item>") + len("</item>")
    second = text[start:end].replace("901", second_id)
    path.write_text(text[:end] + second + text[end:], encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "namespace, version",
    [
        ("https://wordpress.org/export/1.2/", "1.2"),
        ("http://wordpress.org/export/1.2/", "1.2"),
        ("http://wordpress.org/export/1.1/", "1.1"),
        ("http://wordpress.org/export/1.0/", "1.0"),
    ],
)
def test_every_namespace_wordpress_writes_is_read(tmp_path, namespace, version):
    out, _, failure = run_wordpress_import(export_with_namespace(tmp_path, namespace, version))

    assert (failure, out.splitlines()[-1]) == ("", "Created 1, updated 0, skipped 0, failed 0.")
    assert post_story(901).title == "Kabul’s bird market reopens"


def test_a_namespace_wordpress_never_wrote_is_refused(tmp_path):
    export = export_with_namespace(tmp_path, "https://wordpress.org/export/9.9/", "1.2")

    _, _, failure = run_wordpress_import(export)

    assert "is not a WordPress export" in failure
    assert not NewsArticle.objects.exists()


def test_a_post_without_a_title_is_a_draft_headlined_untitled(tmp_path):
    out, err, failure = run_wordpress_import(
        one_post_export(tmp_path, title="&lt;em&gt; &lt;/em&gt;")
    )

    story = post_story(901)
    assert (story.title, story.live, err, failure) == ("(untitled)", False, "", "")
    assert "post 901: has no title, so it is a draft headlined (untitled)" in out


@pytest.mark.parametrize("content", ["", "<script>alert(1)</script>", "<p> </p>"])
def test_a_post_without_text_is_a_draft_with_a_warning(tmp_path, content):
    out, err, failure = run_wordpress_import(one_post_export(tmp_path, content=content))

    story = post_story(901)
    assert (story.live, len(post_draft(901).body), err, failure) == (False, 0, "", "")
    assert "e.g. post 901: has no text in its body, so it is a draft" in out


def test_a_post_of_only_missing_images_is_a_draft_naming_them(tmp_path):
    content = f'<img src="{GONE}" alt="">\n\n<img src="{ALSO_GONE}" alt="">'

    out, _, failure = run_wordpress_import(one_post_export(tmp_path, content=content))

    assert (post_story(901).live, failure) == (False, "")
    assert (
        "  1 × only images, none found: not published, e.g. post 901: its only content "
        f"was images that could not be found, so it is not published: {GONE}, {ALSO_GONE}"
    ) in out.splitlines()
    assert "  2 × image left out, e.g. post 901: image " in out


def test_a_live_story_whose_images_are_missing_on_a_later_run_stays_live_with_them(tmp_path):
    photo = "https://frontier.example/wp-content/uploads/2021/10/kandahar-mosque.png"
    export = one_post_export(tmp_path, content=f'<img src="{photo}" alt="">')
    run_wordpress_import(export)
    assert post_story(901).live

    out, _, failure = run_wordpress_import(export, media_root=None)

    story = post_story(901)
    assert (story.live, failure) == (True, "")
    assert [block.block_type for block in story.body] == ["image"]
    assert "so it is not published: " in out


def test_markup_in_a_title_becomes_plain_text(tmp_path, client):
    title = "&lt;em&gt;Kabul&lt;/em&gt; market &lt;img src=x onerror=alert(1)&gt;reopens"

    run_wordpress_import(one_post_export(tmp_path, title=title))

    story = post_story(901)
    assert story.title == "Kabul market reopens"
    page = client.get(story.url).content.decode()
    assert "<title>Kabul market reopens" in page
    assert "onerror" not in page


def test_a_second_post_with_the_same_slug_in_a_section_is_numbered(tmp_path):
    out, _, failure = run_wordpress_import(two_post_export(tmp_path))

    assert failure == ""
    assert (post_story(901).slug, post_story(902).slug) == (
        "bird-market-reopens",
        "bird-market-reopens-2",
    )
    assert (
        'e.g. post 902: slug "bird-market-reopens" was taken in World, '
        'so it is "bird-market-reopens-2"'
    ) in out
    # Importing again keeps each story at its address.
    out, _, _ = run_wordpress_import(two_post_export(tmp_path))
    assert "Created 0, updated 2, skipped 0, failed 0." in out.splitlines()
    assert (post_story(901).slug, post_story(902).slug) == (
        "bird-market-reopens",
        "bird-market-reopens-2",
    )


def test_a_sticky_post_is_featured_and_unsticking_it_unfeatures_it(tmp_path):
    sticky = one_post_export(tmp_path)
    text = sticky.read_text(encoding="utf-8")
    sticky.write_text(
        text.replace("</wp:post_type>", "</wp:post_type><wp:is_sticky>1</wp:is_sticky>"),
        encoding="utf-8",
    )

    run_wordpress_import(sticky)
    assert post_story(901).featured is True

    run_wordpress_import(one_post_export(tmp_path))
    assert post_story(901).featured is False


def test_the_report_file_lists_every_warning_and_failure_as_json_lines(tmp_path):
    export = two_post_export(tmp_path, password="sources-only")
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("<wp:post_id>902</wp:post_id>", ""), encoding="utf-8")
    report = tmp_path / "report.jsonl"

    run_wordpress_import(export, media_root=None, extra=["--report", str(report)])

    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert records == [
        {
            "kind": "password-protected on the old site: imported as a draft",
            "post": "post 901",
            "detail": "password-protected on the old site, so imported as a draft",
        },
        {"kind": "failed", "post": "item 2", "detail": "has no wp:post_id"},
    ]


def test_a_report_that_cannot_be_written_stops_the_import_before_it_starts(tmp_path):
    report = tmp_path / "no-such-folder" / "report.jsonl"

    _, _, failure = run_wordpress_import(one_post_export(tmp_path), extra=["--report", str(report)])

    assert failure.startswith(f"cannot write the report {report}: ")
    assert not NewsArticle.objects.exists()
