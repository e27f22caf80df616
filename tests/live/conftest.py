import pytest

from live.models import LiveCoverage, LiveEntry
from tests import factories


def make_coverage(section, **fields):
    fields.setdefault("title", "Floods across the delta: live")
    return factories.make_story(section, model=LiveCoverage, **fields)


def post_entry(coverage, text="<p>Water is still rising.</p>", user=None, **fields):
    """An entry as a live editor posts it: published at once."""
    fields.setdefault("status", LiveEntry.Status.PUBLISHED)
    if fields["status"] == LiveEntry.Status.PUBLISHED:
        fields.setdefault("posted_at", factories.timezone.now())
    return LiveEntry.objects.create(
        coverage=coverage,
        body=[factories.paragraph(text)],
        filed_by=user,
        published_by=user if fields["status"] == LiveEntry.Status.PUBLISHED else None,
        **fields,
    )


@pytest.fixture
def coverage(world):
    return make_coverage(world)


# The live desk's people (tests/live/desk.py), for every test here.
from tests.live.desk import lena, outsider, ritas_byline  # noqa: E402, F401
