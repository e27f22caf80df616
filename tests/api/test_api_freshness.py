"""The API never serves a stale or leaked story: the very next request after an edit shows it.

Every test runs twice, with the response cache off and on, and follows the same steps: ask
for the endpoint once (so whatever may be stored is warm), change something the way an editor
does (publish a revision, unpublish, restrict a section), then ask again and expect the change.
Only public behaviour is used: HTTP through the test client, and the model and revision calls
behind the admin's buttons.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import (
    hours,
    lede,
    make_author,
    make_image,
    make_section,
    make_story,
    paragraph,
    related_link,
)

pytestmark = pytest.mark.django_db

STORIES = "/api/v2/pages/?type=news.NewsArticle"
LISTINGS = [STORIES, f"{STORIES}&fields=*"]


@pytest.fixture(autouse=True, params=["cache off", "cache on"])
def cache_mode(request, settings):
    """Every test twice: with the whole-response cache off, and with it on."""
    if request.param == "cache off":
        request.getfixturevalue("uncached")
    else:
        settings.NEWSDESK_RESPONSE_CACHE = True
    return request.param


@pytest.fixture
def newsroom(world, reporter):
    """Two sections, two authors and four stories, newest first: Reader's story links to
    Harbour reopens ("Also Read"), and Markets rally is the only story in Business."""
    business = make_section("Business")
    ana = make_author("Ana Ruiz")
    harbour = make_story(
        world,
        title="Harbour reopens",
        authors=[reporter],
        tags=["Ports"],
        published_ago=hours(5),
    )
    markets = make_story(
        business,
        title="Markets rally",
        authors=[ana],
        tags=["Markets"],
        published_ago=hours(4),
    )
    reader = make_story(
        world,
        title="Reader's story",
        authors=[reporter, ana],
        body=[lede(), related_link(harbour), paragraph("<p>What the mayor said.</p>")],
        tags=["Harbour", "Strike"],
        published_ago=hours(3),
    )
    summit = make_story(
        world,
        title="Summit opens",
        authors=[ana],
        published_ago=hours(2),
    )
    return {
        "world": world,
        "business": business,
        "reporter": reporter,
        "ana": ana,
        "harbour": harbour,
        "markets": markets,
        "reader": reader,
        "summit": summit,
    }


# Fetching


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    return response


def detail_url(story):
    return f"/api/v2/pages/{story.pk}/"


def detail(client, story):
    return get_ok(client, detail_url(story)).json()


def listing(client, url=STORIES):
    return get_ok(client, url).json()


def titles(data):
    return [item["title"] for item in data["items"]]


def item_for(data, story):
    matching = [item for item in data["items"] if item["id"] == story.pk]
    assert len(matching) == 1, (story.title, titles(data))
    return matching[0]


def byline(data):
    return [author["name"] for author in data["authors"]]


def tag_names(data):
    return sorted(tag["name"] for tag in data["tags"])


def blocks_of(data, block_type):
    return [block["value"] for block in data["body"] if block["type"] == block_type]


def assert_gone(client, story, remaining):
    """`story` is a 404 and every listing holds exactly `remaining`, newest first."""
    assert client.get(detail_url(story)).status_code == 404
    for url in LISTINGS:
        data = listing(client, url)
        assert titles(data) == remaining, url
        assert data["meta"]["total_count"] == len(remaining), url


def warm(client, *urls):
    """Ask for each URL once, so anything stored for it is stored by now."""
    for url in urls:
        get_ok(client, url)


def story_urls(*stories):
    return [*LISTINGS, *[detail_url(story) for story in stories]]


def move_clock_past(monkeypatch, moment):
    """Let time pass to just after `moment`, for the database's "now" and for cache expiry;
    nothing runs meanwhile (no scheduler)."""
    later = moment + timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later.timestamp())


# Editing, as the admin's Publish button does


def publish_edit(page, **changes):
    """Change the latest revision of `page` (a story or section) and publish it."""
    draft = page.get_latest_revision_as_object()
    tags = changes.pop("tags", None)
    for name, value in changes.items():
        setattr(draft, name, value)
    if tags is not None:
        draft.tags.set(tags)
    draft.save_revision().publish()
    return draft


# 1. Edits


def test_an_edited_story_shows_its_new_headline_summary_and_body_at_once(client, newsroom):
    harbour = newsroom["harbour"]
    warm(client, *story_urls(harbour))

    publish_edit(
        harbour,
        title="Harbour reopens after strike",
        summary="Dockers went back to work on Monday.",
        body=[lede(), paragraph("<p>Ships queued overnight to get in.</p>")],
    )

    story = detail(client, harbour)
    assert story["title"] == "Harbour reopens after strike"
    assert story["summary"] == "Dockers went back to work on Monday."
    assert blocks_of(story, "paragraph") == ["<p>Ships queued overnight to get in.</p>"]
    for url in LISTINGS:
        item = item_for(listing(client, url), harbour)
        assert item["title"] == "Harbour reopens after strike", url
        assert item["summary"] == "Dockers went back to work on Monday.", url


# 2. Unpublishing


def test_an_unpublished_story_is_gone_from_detail_and_listings_at_once(client, newsroom):
    harbour = newsroom["harbour"]
    warm(client, *story_urls(harbour))
    totals = {url: listing(client, url)["meta"]["total_count"] for url in LISTINGS}
    assert totals == dict.fromkeys(LISTINGS, 4)

    harbour.unpublish()

    assert_gone(client, harbour, ["Summit opens", "Reader's story", "Markets rally"])


# 3. Publishing


def test_a_newly_published_story_heads_the_listings_at_once(client, newsroom):
    warm(client, *LISTINGS, *[f"{url}&limit=3&offset=1" for url in LISTINGS])

    breaking = make_story(
        newsroom["world"], title="Breaking: ceasefire agreed", authors=[newsroom["reporter"]]
    )

    for url in LISTINGS:
        data = listing(client, url)
        assert titles(data)[0] == "Breaking: ceasefire agreed", url
        assert data["items"][0]["id"] == breaking.pk, url
        assert data["meta"]["total_count"] == 5, url
        # Everything else moved one place down.
        page_2 = listing(client, f"{url}&limit=3&offset=1")
        assert titles(page_2) == ["Summit opens", "Reader's story", "Markets rally"], url
        assert page_2["meta"]["total_count"] == 5, url
    assert detail(client, breaking)["title"] == "Breaking: ceasefire agreed"


# 4-5. Authors


def test_a_renamed_author_shows_in_the_byline_at_once(client, newsroom):
    reporter, reader = newsroom["reporter"], newsroom["reader"]
    warm(client, *story_urls(reader))

    reporter.name = "M. K. Jha"
    reporter.save_revision().publish()

    assert byline(detail(client, reader)) == ["M. K. Jha", "Ana Ruiz"]
    for url in LISTINGS:
        data = listing(client, url)
        assert byline(item_for(data, reader)) == ["M. K. Jha", "Ana Ruiz"], url
        assert byline(item_for(data, newsroom["harbour"])) == ["M. K. Jha"], url


def test_an_unpublished_author_leaves_the_byline_at_once(client, newsroom):
    reader = newsroom["reader"]
    warm(client, *story_urls(reader))
    assert byline(detail(client, reader)) == ["Mrityunjoy Kumar Jha", "Ana Ruiz"]

    newsroom["reporter"].unpublish()

    story = detail(client, reader)
    assert byline(story) == ["Ana Ruiz"]
    assert "Mrityunjoy" not in str(story)
    for url in LISTINGS:
        data = listing(client, url)
        assert byline(item_for(data, reader)) == ["Ana Ruiz"], url
        assert byline(item_for(data, newsroom["harbour"])) == [], url
        assert "Mrityunjoy" not in str(data), url


# 6. Related links


def also_read(client, story):
    return blocks_of(detail(client, story), "related_link")


def test_a_related_link_goes_when_its_story_is_unpublished(client, newsroom):
    harbour, reader = newsroom["harbour"], newsroom["reader"]
    warm(client, detail_url(reader))
    assert also_read(client, reader) == [
        {"title": "Harbour reopens", "url": harbour.url, "page": harbour.pk}
    ]

    harbour.unpublish()

    story = detail(client, reader)
    assert blocks_of(story, "related_link") == []
    assert "Harbour reopens" not in str(story)
    assert blocks_of(story, "paragraph") == ["<p>What the mayor said.</p>"]  # the rest stays


def test_a_related_link_shows_its_story_s_new_headline_at_once(client, newsroom):
    harbour, reader = newsroom["harbour"], newsroom["reader"]
    warm(client, detail_url(reader))

    publish_edit(harbour, title="Harbour reopens after strike")

    assert [link["title"] for link in also_read(client, reader)] == ["Harbour reopens after strike"]


def test_a_related_link_goes_once_its_story_expires(client, newsroom, monkeypatch):
    harbour, reader = newsroom["harbour"], newsroom["reader"]
    expiry = timezone.now() + timedelta(minutes=5)
    publish_edit(harbour, expire_at=expiry)
    warm(client, detail_url(reader))
    assert [link["page"] for link in also_read(client, reader)] == [harbour.pk]

    move_clock_past(monkeypatch, expiry)

    assert also_read(client, reader) == []


# 7. Sections


def test_a_renamed_section_shows_as_the_story_s_category_at_once(client, newsroom):
    reader = newsroom["reader"]
    warm(client, *story_urls(reader))

    publish_edit(newsroom["world"], title="World news")

    assert detail(client, reader)["category"]["title"] == "World news"
    for url in LISTINGS:
        data = listing(client, url)
        assert item_for(data, reader)["category"]["title"] == "World news", url
        assert item_for(data, newsroom["markets"])["category"]["title"] == "Business", url


# 8. Expiry


def test_a_story_is_gone_once_its_expiry_passes_before_the_scheduler_runs(
    client, newsroom, monkeypatch
):
    summit = newsroom["summit"]
    expiry = timezone.now() + timedelta(minutes=5)
    publish_edit(summit, expire_at=expiry)
    warm(client, *story_urls(summit))
    assert titles(listing(client))[0] == "Summit opens"

    move_clock_past(monkeypatch, expiry)

    assert_gone(client, summit, ["Reader's story", "Markets rally", "Harbour reopens"])


# 9. View restrictions


def test_a_private_section_hides_its_stories_at_once(client, newsroom):
    markets = newsroom["markets"]
    warm(client, *story_urls(markets))

    PageViewRestriction.objects.create(
        page=newsroom["business"], restriction_type="password", password="members"
    )

    assert_gone(client, markets, ["Summit opens", "Reader's story", "Harbour reopens"])


# 10. Tags


def test_new_tags_show_at_once(client, newsroom):
    reader = newsroom["reader"]
    warm(client, *story_urls(reader))
    assert tag_names(detail(client, reader)) == ["Harbour", "Strike"]

    publish_edit(reader, tags=["Ceasefire", "Harbour"])

    assert tag_names(detail(client, reader)) == ["Ceasefire", "Harbour"]
    for url in LISTINGS:
        assert tag_names(item_for(listing(client, url), reader)) == ["Ceasefire", "Harbour"], url


# Images: edited or deleted in the image library, shown on stories that use them


def test_an_edited_image_shows_at_once_as_lead_image_in_a_body_and_as_a_byline_photo(
    client, newsroom
):
    lead, inline, portrait = (make_image(f"Image {n}", description="Old alt") for n in range(3))
    reader = publish_edit(
        newsroom["reader"],
        lead_image=lead,
        body=[
            lede(),
            {"type": "image", "value": {"image": inline.pk, "caption": "", "credit": ""}},
        ],
    )
    publish_edit(newsroom["ana"], photo=portrait)
    warm(client, *story_urls(reader))

    for image in (lead, inline, portrait):
        image.description = "New alt"
        image.save()

    story = detail(client, reader)
    assert story["lead_image"]["alt"] == "New alt"
    assert blocks_of(story, "image")[0]["alt"] == "New alt"
    for url in LISTINGS:
        item = item_for(listing(client, url), reader)
        assert item["lead_image"]["alt"] == "New alt", url
        ana = next(author for author in item["authors"] if author["name"] == "Ana Ruiz")
        assert ana["photo"] is not None and ana["photo"]["alt"] == "New alt", url


def test_a_deleted_lead_image_leaves_the_story_at_once(client, newsroom):
    image = make_image("Harbour at dawn")
    reader = publish_edit(newsroom["reader"], lead_image=image)
    warm(client, *story_urls(reader))
    assert detail(client, reader)["lead_image"]["id"] == image.pk

    image.delete()

    assert detail(client, reader)["lead_image"] is None
    for url in LISTINGS:
        assert item_for(listing(client, url), reader)["lead_image"] is None, url


# 11. Repeatable responses


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/{reader}/",
        STORIES,
        f"{STORIES}&fields=*",
        f"{STORIES}&limit=3&offset=1",
        f"{STORIES}&fields=*&limit=3&offset=1",
    ],
    ids=["detail", "listing", "listing, all fields", "page 2", "page 2, all fields"],
)
def test_the_same_url_asked_twice_gives_the_same_bytes_before_and_after_an_edit(
    client, newsroom, url
):
    url = url.format(reader=newsroom["reader"].pk)
    first, second = get_ok(client, url).content, get_ok(client, url).content
    assert first == second
    assert b"Reader's story" in first

    publish_edit(newsroom["reader"], title="Reader's story, updated")

    third, fourth = get_ok(client, url).content, get_ok(client, url).content
    assert third == fourth
    assert b"Reader's story, updated" in third
    assert third != first


# 12. Other shapes of the same request


def with_cache_buster(url):
    return f"{url}{'&' if '?' in url else '?'}_=1"


def agreeing_responses(client, url):
    """`url`, after checking that asking with `_=1` added gives the same story and date."""
    plain, busted = get_ok(client, url), get_ok(client, with_cache_buster(url))
    assert plain.json() == busted.json(), url
    assert "Last-Modified" in plain and "Last-Modified" in busted, url
    assert plain["Last-Modified"] == busted["Last-Modified"], url
    return plain


def test_a_cache_busting_parameter_gets_the_same_story_and_last_modified(client, newsroom):
    reader = newsroom["reader"]
    canonical = [detail_url(reader), *LISTINGS]
    before = {url: agreeing_responses(client, url) for url in canonical}

    publish_edit(reader, title="Reader's story, updated")

    for url in canonical:
        response = agreeing_responses(client, url)
        assert "Reader's story, updated" in response.content.decode(), url
        # The edit was published just now, every story before it hours ago.
        assert response["Last-Modified"] != before[url]["Last-Modified"], url
