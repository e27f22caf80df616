"""Quotations, tables, definition lists and embedded posts in WordPress bodies keep their
meaning: who said it, which cell is a heading, which words are the term."""

import pytest

from tests.importers.conftest import one_post_export, post_draft, run_wordpress_import

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def blocks_for(tmp_path, content):
    out, err, failed = run_wordpress_import(one_post_export(tmp_path, content=content))
    assert failed == "", err
    return [(block.block_type, block.value) for block in post_draft(901).body]


def of_type(blocks, wanted):
    return [value for block_type, value in blocks if block_type == wanted]


def test_classic_and_block_quotations_become_quote_blocks_with_attribution(tmp_path):
    blocks = blocks_for(
        tmp_path,
        "<!-- wp:paragraph --><p>The mayor spoke first.</p><!-- /wp:paragraph -->"
        '<!-- wp:quote --><blockquote class="wp-block-quote"><!-- wp:paragraph -->'
        "<p>We will rebuild the market.</p><!-- /wp:paragraph --><!-- wp:paragraph -->"
        "<p>Every stall of it.</p><!-- /wp:paragraph --><cite>Mayor Ana Ruiz</cite>"
        "</blockquote><!-- /wp:quote -->"
        '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>Birds do not '
        "wait for permits.</p><cite>A seller</cite></blockquote></figure><!-- /wp:pullquote -->"
        "<!-- wp:html --><blockquote>It was quiet.<br>— A neighbour</blockquote>"
        "<!-- /wp:html -->",
    )
    assert [(quote["text"], quote["attribution"]) for quote in of_type(blocks, "quote")] == [
        ("We will rebuild the market.\nEvery stall of it.", "Mayor Ana Ruiz"),
        ("Birds do not wait for permits.", "A seller"),
        ("It was quiet.", "A neighbour"),
    ]


def test_a_classic_quotation_without_attribution_keeps_all_its_lines(tmp_path):
    blocks = blocks_for(tmp_path, "Before.\n\n<blockquote>First line.\nSecond line.</blockquote>")
    assert of_type(blocks, "quote") == [{"text": "First line.\nSecond line.", "attribution": ""}]


def test_tables_become_table_blocks_with_their_headings_and_caption(tmp_path):
    blocks = blocks_for(
        tmp_path,
        '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>Stall</th>'
        "<th>Price</th></tr></thead><tbody><tr><td>Mynas</td><td>12 <em>afghani</em></td></tr>"
        '<tr><td colspan="2">Closed on Fridays</td></tr></tbody></table>'
        "<figcaption>Prices on Monday</figcaption></figure><!-- /wp:table -->"
        "<!-- wp:paragraph --><p>And by district:</p><!-- /wp:paragraph -->"
        "<!-- wp:html --><table><tr><th>Kabul</th><td>40</td></tr><tr><th>Herat</th><td>12</td>"
        "</tr></table><!-- /wp:html -->",
    )
    prices, districts = of_type(blocks, "table")
    assert prices["data"] == [
        ["Stall", "Price"],
        ["Mynas", "12 afghani"],
        ["Closed on Fridays", None],
    ]
    assert prices["first_row_is_table_header"] and not prices["first_col_is_header"]
    assert prices["table_caption"] == "Prices on Monday"
    assert districts["data"] == [["Kabul", "40"], ["Herat", "12"]]
    assert districts["first_col_is_header"] and not districts["first_row_is_table_header"]


def test_a_definition_list_keeps_each_term_apart_from_its_definition(tmp_path):
    blocks = blocks_for(
        tmp_path,
        "Words you will hear:\n\n<dl><dt>Mandawi</dt><dd>A market.</dd><dd>Also a square.</dd>"
        "<dt>Shura</dt><dd>A council.</dd></dl>",
    )
    (paragraph,) = of_type(blocks, "paragraph")
    html = paragraph.source
    assert "<b>Mandawi</b><br/>A market.<br/>Also a square." in html
    assert "<b>Shura</b><br/>A council." in html
    assert "MandawiA market" not in html


def test_embedded_posts_become_embed_blocks_wherever_wordpress_put_them(tmp_path):
    blocks = blocks_for(
        tmp_path,
        "<!-- wp:paragraph --><p>Watch:</p><!-- /wp:paragraph -->"
        '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ","type":"video",'
        '"providerNameSlug":"youtube"} --><figure class="wp-block-embed is-type-video '
        'is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\n'
        "https://youtu.be/dQw4w9WgXcQ\n</div><figcaption>The mayor's address</figcaption>"
        "</figure><!-- /wp:embed -->"
        "<!-- wp:paragraph --><p>https://soundcloud.com/forss/flickermood</p>"
        "<!-- /wp:paragraph -->"
        '<!-- wp:html --><blockquote class="instagram-media" data-instgrm-permalink='
        '"https://www.instagram.com/p/CUbHfhpswxt/?utm_source=ig_embed"><a href="#">View</a>'
        '</blockquote><script async src="//www.instagram.com/embed.js"></script>'
        "<!-- /wp:html -->"
        '<!-- wp:html --><iframe src="https://player.vimeo.com/video/76979871?h=5d" '
        'width="640"></iframe><iframe src="https://tracker.example/pixel"></iframe>'
        "<!-- /wp:html -->"
        "<!-- wp:paragraph --><p>More at https://vimeo.com/76979871 tomorrow.</p>"
        "<!-- /wp:paragraph -->",
    )
    embeds = [
        (embed["provider"], embed["url"], embed["title"]) for embed in of_type(blocks, "embed")
    ]
    assert embeds == [
        ("youtube", YOUTUBE, "The mayor's address"),
        ("soundcloud", "https://soundcloud.com/forss/flickermood", ""),
        ("instagram", "https://www.instagram.com/p/CUbHfhpswxt/?utm_source=ig_embed", ""),
        ("vimeo", "https://vimeo.com/76979871", ""),
    ]
    # An address within a sentence is a link in the text, not an embed.
    assert "More at https://vimeo.com/76979871 tomorrow." in of_type(blocks, "paragraph")[-1].source


def test_a_bare_address_of_a_site_we_cannot_embed_stays_text(tmp_path):
    blocks = blocks_for(tmp_path, "Read the report:\n\nhttps://example.org/report.pdf")
    assert of_type(blocks, "embed") == []
    assert "https://example.org/report.pdf" in of_type(blocks, "paragraph")[0].source
