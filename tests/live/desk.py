"""The live desk's people and the admin requests they make, as a browser would post them."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from live.models import LiveCoverage
from news.desk.workflow import REPORTERS
from tests import factories
from tests.api.conftest import make_newsroom_user


@pytest.fixture
def lena(db):
    """A reporter the desk trusts: in Reporters and in Live editors."""
    user = factories.make_user("lena", REPORTERS, "Lena Live")
    user.groups.add(Group.objects.get(name="Live editors"))
    return user


@pytest.fixture
def outsider(django_user_model, world):
    """May edit pages in the admin, and holds no live permission at all."""
    return make_newsroom_user(django_user_model, "outsider", "add", "change", "publish")


@pytest.fixture
def ritas_byline(rita):
    return factories.make_author("Rita Reporter", user=rita, live=True)


def ended_coverage(section, title="Over: live", **fields):
    """A coverage that ran and has ended (a revision cannot end it: the desk does)."""
    coverage = factories.make_story(section, title=title, model=LiveCoverage, **fields)
    ended = {"coverage_status": "ended", "coverage_ended_at": timezone.now()}
    LiveCoverage.objects.filter(pk=coverage.pk).update(**ended)
    coverage.refresh_from_db()
    return coverage


def entry_form(
    text="<p>Water is over the bridge.</p>", status=None, authors=(), block_id=None, **fields
):
    """What the "Post an entry" form posts; pass `corrections` (a list of dicts) to edit, and
    `block_id` to post the paragraph as the editor holds an existing one."""
    corrections = fields.pop("corrections", None)
    data = {
        "title": fields.pop("title", ""),
        "body": streamfield([("paragraph", rich_text(text))]),
        **fields,
    }
    if corrections is not None:
        data["corrections"] = inline_formset(corrections)
    form = nested_form_data(data)
    if block_id:
        form["body-0-id"] = block_id
    if status:
        form["status"] = status
    form["authors"] = [str(author.pk) for author in authors]
    return form


def entries_url(coverage):
    return f"/admin/live/{coverage.pk}/entries/"


def post_url(coverage):
    return f"{entries_url(coverage)}new/"


def entry_url(entry, action=""):
    return f"{entries_url(entry.coverage)}{entry.pk}/{action + '/' if action else ''}"


def messages_in(response):
    return [str(message) for message in response.context["messages"]]
