"""Shortcodes in a WordPress post become blocks, never literal text in the story.

The shortcodes are written as WordPress's own editor and its theme unit test data write them
(tests/fixtures/wordpress/README.md): quoted, single-quoted and bare attribute values,
self-closing and enclosing forms, and the escaped `[[gallery]]`.
"""

import pytest

from tests.importers.conftest import UPLOADS, one_post_export, post_draft, run_wordpress_import

pytestmark = pytest.mark.django_db

UPLOADED = "https://frontier.example/wp-content/uploads/2021/10/kandahar-mosque"

ATTACHMENT = """
	<item>
		<title>{title}</title>
		<wp:post_id>{id}</wp:post_id>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:menu_order>{order}</wp:menu_order>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:status><![CDATA[inherit]]></wp:status>
		<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
		<wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
		<wp:postmeta>
			<wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key>
			<wp:meta_value><![CDATA[{alt}]]></wp:meta_value>
		</wp:postmeta>
	</item>"""

# Two uploads of the post (901), the second first in its menu order, and one of another post.
ATTACHMENTS = [
    {"id": 7, "parent": 901, "order": 2, "caption": "Sellers at dawn (Photo: AP)", "alt": "Stalls"},
    {"id": 8, "parent": 901, "order": 1, "caption": "A caged myna", "alt": "A bird"},
    {"id": 9, "parent": 555, "order": 0, "caption": "Another story's picture", "alt": ""},
]


def export_with(tmp_path, content):
    path = one_post_export(tmp_path, content=content)
    items = "".join(
        ATTACHMENT.format(title=f"photo {item['id']}", url=f"{UPLOADED}.png", **item)
        for item in ATTACHMENTS
    )
    path.write_text(path.read_text().replace("</channel>", f"{items}\n</channel>"))
    return path


def imported(tmp_path, content):
    out, err, failed = run_wordpress_import(export_with(tmp_path, content), media_root=UPLOADS)
    assert failed == "", err
    return out, [(block.block_type, block.value) for block in post_draft(901).body]


def body_text(blocks):
    """The story's running text, where a literal shortcode would show."""
    return " ".join(
        value.source if block_type == "paragraph" else value
        for block_type, value in blocks
        if block_type in ("paragraph", "heading")
    )


def test_a_captioned_image_keeps_its_caption_and_credit(tmp_path):
    _, blocks = imported(
        tmp_path,
        "Sellers were back on Monday.\n\n"
        f'[caption id="attachment_7" align="alignnone" width="300"]<a href="{UPLOADED}.png">'
        f'<img src="{UPLOADED}-300x200.png" alt="Stalls" width="300" height="200" /></a> '
        "Sellers at dawn in Kabul. Photo: Frontier Desk/AP[/caption]\n\n"
        f'[caption caption=\'A caged myna\' width=300]<img src="{UPLOADED}.png" alt="" />'
        "[/caption]",
    )
    images = [value for block_type, value in blocks if block_type == "image"]
    assert [(image["caption"], image["credit"]) for image in images] == [
        ("Sellers at dawn in Kabul", "Frontier Desk/AP"),
        ("A caged myna", ""),
    ]
    assert "[caption" not in body_text(blocks) and "[/caption]" not in body_text(blocks)


def test_a_gallery_lists_its_attachments_with_their_captions(tmp_path):
    _, blocks = imported(
        tmp_path,
        'Monday\'s pictures.\n\n[gallery columns="2" ids="8,7,404"]\n\n'
        "And every upload of the post:\n\n[gallery columns=3 link=file]",
    )
    galleries = [value for block_type, value in blocks if block_type == "gallery"]
    captions = [[(item["caption"], item["credit"]) for item in g["images"]] for g in galleries]
    # Listed ids in their order (a missing one left out); a bare gallery in menu order.
    assert captions == [
        [("A caged myna", ""), ("Sellers at dawn", "AP")],
        [("A caged myna", ""), ("Sellers at dawn", "AP")],
    ]
    assert all(item["image"] is not None for g in galleries for item in g["images"])
    assert "[gallery" not in body_text(blocks)


def test_audio_video_and_embed_shortcodes_become_embed_blocks(tmp_path):
    _, blocks = imported(
        tmp_path,
        "Listen:\n\n"
        '[audio mp3="https://frontier.example/wp-content/uploads/2021/10/call.mp3"][/audio]\n\n'
        "[video width=\"640\" src='https://frontier.example/wp-content/uploads/clip.mp4' /]\n\n"
        "[audio https://frontier.example/wp-content/uploads/2021/10/call.ogg]\n\n"
        '[embed width="500"]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]',
    )
    embeds = [
        (value["provider"], value["url"]) for block_type, value in blocks if block_type == "embed"
    ]
    assert embeds == [
        ("media_file", "https://frontier.example/wp-content/uploads/2021/10/call.mp3"),
        ("media_file", "https://frontier.example/wp-content/uploads/clip.mp4"),
        ("media_file", "https://frontier.example/wp-content/uploads/2021/10/call.ogg"),
        ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ]
    assert "[" not in body_text(blocks)


def test_unknown_shortcodes_are_dropped_and_counted_by_name_keeping_their_text(tmp_path):
    out, blocks = imported(
        tmp_path,
        '[contact-form-7 id="5" title="Tips"]\n\n'
        "[su_note note_color='#fff']Stay safe on the road.[/su_note]\n\n"
        '[su_note]Markets open at six.[/su_note] [playlist ids="1,2"]\n\n'
        "The vendor said it was [sic] the best day. Write [[gallery]] to show a gallery.",
    )
    text = body_text(blocks)
    assert "Stay safe on the road." in text and "Markets open at six." in text
    for name in ("contact-form-7", "su_note", "playlist"):
        assert f"[{name}" not in text and f"[/{name}" not in text
    # A bracketed aside is the writer's, and an escaped shortcode is shown as written.
    assert "it was [sic] the best day" in text
    assert "Write [gallery] to show a gallery." in text
    assert "post 901: shortcode [su_note] dropped (2 times)" in out
    assert "post 901: shortcode [contact-form-7] dropped (1 time)" in out
    assert "post 901: shortcode [playlist] dropped (1 time)" in out


def test_a_shortcode_inside_a_plugins_shortcode_is_still_read(tmp_path):
    _, blocks = imported(
        tmp_path, "[su_box title=Alert][embed]https://vimeo.com/76979871[/embed][/su_box]"
    )
    assert ("embed", "https://vimeo.com/76979871") in [
        (block_type, value["url"]) for block_type, value in blocks if block_type == "embed"
    ]
    assert "[su_box" not in body_text(blocks)
