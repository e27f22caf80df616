"""The live readers' benchmark sets up a coverage readers can follow, its live editor posts
through the admin as a browser does, and its cost probe measures the poll it claims to."""

import pytest
from django.test import Client

from bench.live_desk import EDITOR, EditorAtTheDesk, entry_form, open_coverage
from bench.live_readers import poll_costs
from live.models import LiveCoverage, LiveEntry
from tests import factories

pytestmark = pytest.mark.django_db


class EditorThroughTestClient(EditorAtTheDesk):
    """The editor's requests through Django's test client (CSRF enforced) instead of a socket."""

    def __init__(self):
        super().__init__("testserver", 80)
        self.client = Client(enforce_csrf_checks=True)

    def request(self, method, path, form=None):
        response = self.client.get(path) if method == "GET" else self.client.post(path, form)
        self.cookies.update({name: morsel.value for name, morsel in response.cookies.items()})
        return response.status_code, response.headers, response.content.decode()


@pytest.fixture
def newsroom(world):
    return world, factories.make_author("Dina Desk", live=True)


@pytest.fixture
def opened(newsroom):
    return open_coverage(backlog=3)


def test_the_coverage_is_published_with_its_backlog_for_readers(client, opened, newsroom):
    coverage, _, _ = opened
    assert LiveCoverage.objects.visible().filter(pk=coverage.pk).exists()
    assert coverage.byline == [newsroom[1]]
    page = client.get(coverage.url)
    assert page.status_code == 200
    assert page.content.decode().count('class="live-entry') >= 3
    entries = client.get(f"/api/v2/live/{coverage.pk}/entries/").json()["entries"]
    assert [entry["title"] for entry in entries] == [f"Earlier update {n}" for n in (3, 2, 1)]


def test_the_editor_logs_in_and_publishes_an_entry_through_the_admin_form(opened):
    coverage, editor, password = opened
    desk = EditorThroughTestClient()
    desk.log_in(EDITOR, password)
    form = entry_form("Bench entry 1", "Water over the bridge.", [a.pk for a in coverage.byline])
    desk.post_entry(coverage.pk, form)
    entry = LiveEntry.objects.get(title="Bench entry 1")
    assert entry.status == LiveEntry.Status.PUBLISHED and entry.posted_at
    assert entry.published_by == editor and list(entry.authors.all()) == coverage.byline
    assert entry.sequence == coverage.last_sequence
    assert "Water over the bridge." in str(entry.body)


def test_a_wrong_password_or_a_refused_entry_stops_the_run(opened):
    coverage, _, password = opened
    with pytest.raises(RuntimeError, match="no session"):
        EditorThroughTestClient().log_in(EDITOR, "not the password")
    desk = EditorThroughTestClient()
    desk.log_in(EDITOR, password)
    with pytest.raises(RuntimeError, match="answered 200"):
        desk.post_entry(coverage.pk, entry_form("Nobody's", "Text.", author_ids=[987654]))
    assert not LiveEntry.objects.filter(title="Nobody's").exists()


def test_the_cost_probe_measures_idle_and_changed_polls_from_the_cache(opened):
    coverage, editor, _ = opened
    costs = poll_costs(coverage, editor)
    answers = {name: (cost["status"], cost["cache"]) for name, cost in costs.items()}
    assert answers == {
        "idle, first reader (stores it)": (200, "miss"),
        "idle, any reader without ETag": (200, "hit"),
        "idle, with If-None-Match (every poll)": (304, "hit"),
        "changed, first reader": (200, "miss"),
        "changed, every other reader": (200, "hit"),
    }
    # Served from the response cache: one look-up of its tags' versions, whatever it holds.
    assert costs["idle, with If-None-Match (every poll)"]["queries"] == 1
    assert costs["changed, every other reader"]["queries"] == 1
    assert costs["changed, first reader"]["queries"] > 1
