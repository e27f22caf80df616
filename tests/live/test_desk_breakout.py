"""Breaking an entry out into a story: a draft in the coverage's section, then review as usual."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from live.models import LiveCoverage
from news.desk.workflow import REPORTERS
from news.models import NewsArticle
from tests import factories
from tests.desk.conftest import edit_url, workflow_action_url
from tests.live.conftest import make_coverage, post_entry
from tests.live.desk import entries_url, entry_url, messages_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(coverage, rita):
    entry = post_entry(
        coverage,
        "<p>The dam at Kotri has failed, officials say.</p>",
        user=rita,
        title="Kotri dam fails",
    )
    entry.body.append(("tweet", factories.tweet()["value"]))
    entry.save()
    entry.authors.add(factories.make_author("Rita Reporter", user=rita, live=True))
    return entry


def test_an_entry_becomes_a_draft_story_opened_in_the_editor(client, rita, coverage, entry):
    client.force_login(rita)
    response = client.post(entry_url(entry, "breakout"), follow=True)

    story = NewsArticle.objects.exclude(pk=coverage.pk).get()
    assert type(story.specific) is NewsArticle and story.get_parent().pk == coverage.get_parent().pk
    assert (story.title, story.live, story.owner) == ("Kotri dam fails", False, rita)
    assert [author.name for author in story.byline] == ["Rita Reporter"]
    blocks = [(block.block_type, block.value) for block in story.body]
    assert [kind for kind, _ in blocks] == ["paragraph", "tweet", "related_link"]
    assert "The dam at Kotri has failed" in blocks[0][1].source
    assert blocks[1][1]["url"] == factories.tweet()["value"]["url"]
    assert blocks[2][1]["page"].pk == coverage.pk
    assert response.redirect_chain[-1][0] == edit_url(story)
    assert "“Kotri dam fails” is a draft story in World" in " ".join(messages_in(response))
    assert entry.body.raw_data[0]["id"] != story.body.raw_data[0]["id"]


def test_the_breakout_goes_through_review_like_any_story(client, rita, ed, coverage, entry):
    client.force_login(rita)
    client.post(entry_url(entry, "breakout"))
    story = NewsArticle.objects.exclude(pk=coverage.pk).get()
    assert not story.permissions_for_user(rita).can_publish()
    story.get_workflow().start(story, rita)  # as her Submit does (tests/desk)
    client.force_login(ed)
    story = NewsArticle.objects.get(pk=story.pk)
    client.post(workflow_action_url(story, "approve"), {"comment": ""})
    story = NewsArticle.objects.get(pk=story.pk)
    assert story.live
    page = client.get(story.url).text
    assert "The dam at Kotri has failed" in page and f'href="{coverage.url}"' in page


def test_no_breakout_where_the_writer_may_not_file_or_from_a_withdrawn_entry(
    client, rita, ed, world, coverage, entry
):
    reporters = Group.objects.get(name=REPORTERS)
    GroupPagePermission.objects.filter(group=reporters, page=world).delete()
    client.force_login(rita)
    assert client.post(entry_url(entry, "breakout")).status_code == 403

    entry.status = "withdrawn"
    entry.save()
    client.force_login(ed)
    response = client.post(entry_url(entry, "breakout"), follow=True)
    assert "was withdrawn: it makes no story." in response.text
    assert response.redirect_chain[-1][0] == entries_url(coverage)
    assert NewsArticle.objects.count() == LiveCoverage.objects.count() == 1


def test_an_untitled_entry_is_headlined_by_its_opening_words(client, ed, world):
    coverage = make_coverage(world)
    entry = post_entry(coverage, "<p>Rescue boats reach the <b>northern</b> villages.</p>", user=ed)
    client.force_login(ed)
    client.post(entry_url(entry, "breakout"))
    assert NewsArticle.objects.exclude(pk=coverage.pk).get().title == (
        "Rescue boats reach the northern villages."
    )
