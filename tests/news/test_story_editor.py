"""Writing a story in the admin, as an editor does: the blocks' validation speaks to them."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.blocks import RelatedLinkBlock, TweetBlock
from news.models import NewsArticle

pytestmark = pytest.mark.django_db

GOOD_TWEET = {
    "url": "https://x.com/AfghanAnalyst2/status/1448953520506523653?ref_src=twsrc%5Etfw",
    "author_name": "Afghan Analyst",
    "author_handle": "@AfghanAnalyst2",
    "text": "The latest issue of Al-Naba weekly",
    "date": "2021-10-15",
}


def story_form(reporter, body, title="Terror vs Terror", corrections=None):
    return nested_form_data(
        {
            "title": title,
            "slug": "terror-vs-terror",
            "summary": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
            "tags": "Afghanistan",
            "story_authors": inline_formset([{"author": str(reporter.pk), "id": ""}], min=1),
            "comments": inline_formset([]),
            "corrections": inline_formset(corrections or []),
            "body": streamfield(body),
        }
    )


def add_url(section):
    return f"/admin/pages/add/news/newsarticle/{section.pk}/"


def test_editor_creates_a_story_with_every_seed_block_as_a_draft(admin_client, world, reporter):
    assert admin_client.get(add_url(world)).status_code == 200
    body = [
        ("lede", rich_text("<p>As expected, ISIS-K claimed it.</p>")),
        ("paragraph", rich_text("<p>This attack came a week after another.</p>")),
        ("tweet", GOOD_TWEET),
        ("related_link", {"page": "", "url": "https://example.org/a", "title": "Also this"}),
    ]
    response = admin_client.post(add_url(world), story_form(reporter, body))
    assert response.status_code == 302, response.content.decode()[:2000]

    story = NewsArticle.objects.get(slug="terror-vs-terror")
    assert not story.live
    draft = story.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == [
        "lede",
        "paragraph",
        "tweet",
        "related_link",
    ]
    tweet = draft.body[2].value
    # Tracking parameters and the @ are cleaned away on save.
    assert tweet["url"] == "https://x.com/AfghanAnalyst2/status/1448953520506523653"
    assert tweet["author_handle"] == "AfghanAnalyst2"
    # No summary written: readers get the lede's, as it reads at the time (see test_summary.py).
    assert (draft.summary, draft.standfirst) == ("", "As expected, ISIS-K claimed it.")
    assert [link.author for link in draft.story_authors.all()] == [reporter]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://facebook.com/someone/posts/1", "twitter.com or x.com"),
        ("https://x.com/someone", "/handle/status/number"),
        ("javascript:alert(1)", "Enter a valid URL"),
    ],
)
def test_a_bad_tweet_url_is_refused_naming_the_field(admin_client, world, reporter, url, reason):
    body = [("tweet", {**GOOD_TWEET, "url": url})]
    response = admin_client.post(add_url(world), story_form(reporter, body))
    assert response.status_code == 200
    assert not NewsArticle.objects.exists()
    assert "The page could not be created due to validation errors" in response.content.decode()

    with pytest.raises(ValidationError) as error:
        TweetBlock().clean(TweetBlock().to_python({**GOOD_TWEET, "url": url}))
    assert list(error.value.block_errors) == ["url"]


def test_an_empty_related_link_is_refused_naming_the_field(admin_client, world, reporter):
    body = [("related_link", {"page": "", "url": "", "title": ""})]
    response = admin_client.post(add_url(world), story_form(reporter, body))
    assert response.status_code == 200
    assert not NewsArticle.objects.exists()
    assert "Choose a story, or enter an external URL below." in response.content.decode()


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        (
            {"page": None, "url": "", "title": ""},
            "page",
            "Choose a story, or enter an external URL",
        ),
        ({"page": None, "url": "https://example.org/", "title": ""}, "title", "needs a title"),
    ],
)
def test_related_link_block_errors(value, field, message):
    block = RelatedLinkBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(value))
    assert list(error.value.block_errors) == [field]
    assert message in error.value.block_errors[field].message


def test_related_link_to_a_story_and_a_url_at_once_is_refused(world):
    from tests.factories import make_story

    other = make_story(world)
    block = RelatedLinkBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"page": other.pk, "url": "https://example.org/", "title": ""}))
    assert list(error.value.block_errors) == ["url"]
