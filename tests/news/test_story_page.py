"""The story page, as a reader's browser receives it."""

import datetime

import pytest
from bs4 import BeautifulSoup

from news.models import NewsArticle
from tests.factories import hours, lede, make_author, make_section, make_story, paragraph

pytestmark = pytest.mark.django_db

TWEET = {
    "type": "tweet",
    "value": {
        "url": "https://twitter.com/AfghanAnalyst2/status/1448953520506523653",
        "author_name": "Afghan Analyst",
        "author_handle": "AfghanAnalyst2",
        "text": "The latest issue of Al-Naba weekly dedicated its editorial to #Taliban",
        "date": "2021-10-15",
    },
}


def html_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def full_story(section, author, **kwargs):
    other = make_story(
        section, title="ISIS-K suicide bomber kills 32 in Kandahar", authors=[author]
    )
    body = [
        lede('<p>As expected, ISIS-K <a href="https://example.com/claim">claimed</a> it.</p>'),
        paragraph("<p>This attack came a week after a similar attack in <i>Kunduz</i>.</p>"),
        {"type": "heading", "value": "A pattern of attacks"},
        TWEET,
        {
            "type": "quote",
            "value": {"text": "We are able to tackle Daesh.", "attribution": "A spokesman"},
        },
        paragraph("<p>But analysts have doubts.</p>"),
        {"type": "related_link", "value": {"page": other.pk, "url": "", "title": ""}},
        {
            "type": "related_link",
            "value": {"page": None, "url": "https://example.org/elsewhere", "title": "Elsewhere"},
        },
        {**TWEET, "value": {**TWEET["value"], "url": "https://x.com/AfghanAnalyst2/status/1"}},
    ]
    story = make_story(
        section,
        title="Terror vs Terror: ISIS-K using Taliban's own killing tools",
        authors=[author],
        body=body,
        tags=["Afghanistan", "ISIS-K"],
        **kwargs,
    )
    return story, other


def test_story_page_reproduces_the_seed_structure(client, world, reporter):
    story, other = full_story(world, reporter)
    page = html_of(client.get(story.url))

    article = page.select_one("article.story")
    label = article.select_one(".section-label")
    assert label.get_text(strip=True) == "World"
    assert label["href"] == "/world/"
    assert article.h1.get_text(strip=True) == story.title

    byline = article.select_one(".byline")
    author_link = byline.select_one("a[rel=author]")
    assert author_link.get_text(strip=True) == "Mrityunjoy Kumar Jha"
    assert author_link["href"] == "/authors/mrityunjoy-kumar-jha/"
    assert byline.time["datetime"].startswith(str(story.first_published_at.year))

    body = article.select_one(".story__body")
    kinds = [child.get("class", [child.name])[0] for child in body.find_all(recursive=False)]
    assert kinds == [
        "lede",
        "rich-text",
        "story__subhead",
        "twitter-tweet",
        "pull-quote",
        "rich-text",
        "related-link",
        "related-link",
        "twitter-tweet",
    ]
    assert body.select_one(".lede a")["href"] == "https://example.com/claim"
    assert body.select_one(".rich-text i").get_text() == "Kunduz"

    tweet = body.select_one("blockquote.twitter-tweet")
    assert "Al-Naba weekly" in tweet.p.get_text()
    assert "Afghan Analyst (@AfghanAnalyst2)" in tweet.get_text(" ", strip=True)
    status = tweet.find("a", href="https://twitter.com/AfghanAnalyst2/status/1448953520506523653")
    assert status.get_text(strip=True) == "October 15, 2021"

    related = body.select(".related-link a")
    assert [(a["href"], a.get_text()) for a in related] == [
        (other.url, other.title),
        ("https://example.org/elsewhere", "Elsewhere"),
    ]

    assert [li.get_text() for li in article.select(".tags li")] == ["Afghanistan", "ISIS-K"]
    box = article.select_one(".author-box")
    assert box.select_one(".author-box__name a")["href"] == "/authors/mrityunjoy-kumar-jha/"
    assert "global terrorism" in box.select_one(".author-box__bio").get_text()
    assert "mk@newsroom.example" not in page.decode()


def test_widgets_js_is_loaded_once_however_many_tweets(client, world, reporter):
    story, _ = full_story(world, reporter)
    page = html_of(client.get(story.url))
    assert len(page.select("blockquote.twitter-tweet")) == 2
    assert len(page.select('script[src="https://platform.twitter.com/widgets.js"]')) == 1


def test_a_story_without_tweets_loads_no_twitter_script(client, world):
    story = make_story(world)
    assert b"platform.twitter.com" not in client.get(story.url).content


def test_related_link_to_a_story_that_is_not_live_is_not_rendered(client, world, reporter):
    story, other = full_story(world, reporter)
    other.unpublish()
    page = html_of(client.get(story.url))
    hrefs = [a["href"] for a in page.select(".related-link a")]
    assert hrefs == ["https://example.org/elsewhere"]
    assert other.title not in page.get_text()


def test_related_link_to_a_draft_never_published_is_not_rendered(client, world, reporter):
    draft = make_story(world, title="Embargoed scoop", publish=False)
    story = make_story(
        world,
        authors=[reporter],
        body=[
            lede(),
            {"type": "related_link", "value": {"page": draft.pk, "url": "", "title": ""}},
        ],
    )
    page = html_of(client.get(story.url))
    assert page.select(".related-link") == []
    assert "Embargoed scoop" not in page.decode()


def test_recent_posts_lists_other_live_stories_newest_first_with_relative_times(client, world):
    business = make_section("Business")
    current = make_story(world, title="The story being read", published_ago=hours(1))
    make_story(
        world,
        title="PM meets Nigerian President",
        summary="Prime Minister Narendra Modi met with Nigerian President Bola Ahmed Tinubu at the "
        "Presidential Villa in Abuja on Sunday for talks",
        published_ago=hours(10),
    )
    make_story(
        business,
        title="COP29 climate finance",
        published_ago=hours(
            12,
        )
        + hours(0.5),
    )
    make_story(
        world, title="Border security meeting", published_ago=datetime.timedelta(days=1, hours=2)
    )
    make_story(world, title="Still a draft", publish=False)

    page = html_of(client.get(current.url))
    posts = page.select(".recent-posts .recent-post")
    titles = [post.select_one(".recent-post__title").get_text() for post in posts]
    assert titles == [
        "PM meets Nigerian President",
        "COP29 climate finance",
        "Border security meeting",
    ]
    times = [post.select_one(".recent-post__time").get_text() for post in posts]
    assert times == ["10 hours ago", "12 hours ago", "1 day ago"]
    excerpt = posts[0].select_one(".recent-post__excerpt").get_text()
    assert excerpt.endswith("…")
    assert excerpt.startswith("Prime Minister Narendra Modi met with Nigerian President")
    assert len(excerpt) <= 101
    assert excerpt[:-1] in posts[0].parent.decode()  # cut at a word: no half word before the …
    assert "Presidential Villa in Abuja" not in excerpt


def test_draft_story_is_not_visible_to_an_anonymous_reader(client, world):
    story = make_story(world, title="Unpublished scoop", publish=False)
    response = client.get(f"/world/{story.slug}/")
    assert response.status_code == 404
    assert b"Unpublished scoop" not in client.get("/world/").content
    assert b"Unpublished scoop" not in client.get("/").content


def test_summary_is_taken_from_the_lede_when_left_empty(world):
    story = make_story(world, body=[lede("<p>Bold <b>opening</b> words &amp; more.</p>")])
    assert NewsArticle.objects.get(pk=story.pk).standfirst == "Bold opening words & more."


def test_unpublished_author_is_left_out_of_the_byline(client, world, reporter):
    ghost = make_author("Ghost Writer")
    story = make_story(world, authors=[reporter, ghost])
    ghost.live = False
    ghost.save()
    page = html_of(client.get(story.url))
    assert [a.get_text() for a in page.select(".byline a[rel=author]")] == [reporter.name]
    assert "Ghost Writer" not in page.decode()
