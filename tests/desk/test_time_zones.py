"""The newsroom's times are shown in its time zone (TIME_ZONE), or in the one a user chose in
Account; the schedule dialog says which it uses."""

import datetime
import re

import pytest
from wagtail.users.models import UserProfile

from tests import factories
from tests.desk.conftest import edit_url

pytestmark = pytest.mark.django_db

GOES_LIVE = datetime.datetime(2030, 1, 1, 6, 30, tzinfo=datetime.UTC)


def schedule_dialog(client, story):
    """What the dialog says about its time zone, and the go-live time it shows."""
    page = client.get(edit_url(story)).content.decode()
    # The dialog is in a <template> that the admin's script moves into place, where the
    # HTML parser does not look.
    zone = re.search(r"<p [^>]*data-schedule-time-zone>([^<]*)</p>", page)
    go_live = re.search(r'<input type="text" name="go_live_at" value="([^"]*)"', page)
    return zone[1], go_live[1]


@pytest.fixture
def scheduled(world, rita):
    return factories.make_story(world, publish=False, go_live_at=GOES_LIVE, owner=rita)


def test_the_schedule_is_in_the_newsrooms_time_zone_and_says_so(client, settings, rita, scheduled):
    settings.TIME_ZONE = "Asia/Kolkata"
    client.force_login(rita)
    zone, go_live = schedule_dialog(client, scheduled)
    assert "Times are in Asia/Kolkata time" in zone
    assert go_live.startswith("2030-01-01 12:00")


def test_a_user_who_chose_a_time_zone_sees_times_in_it(client, settings, rita, scheduled):
    settings.TIME_ZONE = "Asia/Kolkata"
    profile = UserProfile.get_for_user(rita)
    profile.current_time_zone = "America/New_York"
    profile.save()
    client.force_login(rita)
    zone, go_live = schedule_dialog(client, scheduled)
    assert "Times are in America/New_York time" in zone
    assert go_live.startswith("2030-01-01 01:30")
