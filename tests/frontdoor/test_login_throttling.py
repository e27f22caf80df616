"""Guessing passwords: after a few wrong ones, an account and an address are locked out.

Every request goes through the forms a person (or a script) would use: the Wagtail admin's
login, Account → Password and a private section's password form.
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from tests.factories import make_section

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ATTACKER, NEWSROOM = "203.0.113.7", "198.51.100.20"
LOCKED = "Signing in is paused"


@pytest.fixture(autouse=True)
def _throttle(settings):
    # The documented defaults, pinned so that a deployment's environment cannot change the test.
    settings.AXES_FAILURE_LIMIT = 5
    settings.FORWARDED_ALLOW_IPS = "127.0.0.1,::1"


def log_in(client, username, password, address, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def assert_locked_out(response):
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert LOCKED in page
    assert "Try again after" in page


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_fifty_wrong_passwords_then_the_right_one_is_still_refused(client, ed):
    answers = [log_in(client, "ed", f"guess-{n}", ATTACKER).status_code for n in range(50)]
    # Four wrong answers get the login form back; from the fifth on, the lock-out page.
    assert answers == [200] * 4 + [429] * 46

    assert_locked_out(log_in(client, "ed", "password", ATTACKER))
    assert not signed_in(client)


def test_a_locked_account_is_locked_from_every_address(client, ed):
    for n in range(5):
        log_in(client, "ed", f"guess-{n}", ATTACKER)
    assert_locked_out(log_in(client, "ed", "password", NEWSROOM))


def test_one_address_trying_many_accounts_is_locked_out(client, rita):
    for username in ["ed", "ada", "admin", "editor", "root"]:
        log_in(client, username, "password1", ATTACKER)
    assert_locked_out(log_in(client, "rita", "password", ATTACKER))
    assert not signed_in(client)


def test_someone_elses_failures_elsewhere_leave_a_reporter_signed_in(client, ed, rita):
    for n in range(20):
        log_in(client, "ed", f"guess-{n}", ATTACKER)
    assert log_in(client, "rita", "password", NEWSROOM).status_code == 302
    assert signed_in(client)


def test_a_forged_forwarded_for_does_not_change_the_counted_address(client, rita):
    # Only a proxy in FORWARDED_ALLOW_IPS may say who the client is.
    for n, username in enumerate(["ed", "ada", "admin", "editor", "root"]):
        log_in(client, username, "password1", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    forged = {"HTTP_X_FORWARDED_FOR": NEWSROOM}
    assert_locked_out(log_in(client, "rita", "password", ATTACKER, **forged))


def test_behind_the_proxy_each_client_is_counted_apart(client, rita):
    # The proxy appends the address it heard from; whatever the client put before it is theirs.
    via_proxy = {"HTTP_X_FORWARDED_FOR": f"{NEWSROOM}, {ATTACKER}"}
    for username in ["ed", "ada", "admin", "editor", "root"]:
        log_in(client, username, "password1", "127.0.0.1", **via_proxy)
    assert_locked_out(log_in(client, "rita", "password", "127.0.0.1", **via_proxy))

    newsroom = {"HTTP_X_FORWARDED_FOR": NEWSROOM}
    assert log_in(client, "rita", "password", "127.0.0.1", **newsroom).status_code == 302


def change_password(client, old_password):
    form = {
        "password-old_password": old_password,
        "password-new_password1": "a-brand-new-passphrase",
        "password-new_password2": "a-brand-new-passphrase",
    }
    return client.post("/admin/account/", form, REMOTE_ADDR=ATTACKER)


def test_guessing_the_old_password_on_the_account_page_is_throttled(client, ed):
    # Someone holding an unattended session tries to take the account over.
    client.force_login(ed)
    answers = [change_password(client, f"guess-{n}").status_code for n in range(5)]
    assert answers == [200] * 4 + [429]

    assert_locked_out(change_password(client, "password"))
    assert get_user_model().objects.get(pk=ed.pk).check_password("password")


def test_guessing_a_private_sections_password_is_throttled(client):
    section = make_section("Investigations")
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-desk"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{section.pk}/"

    def attempt(password):
        data = {"password": password, "return_url": section.url}
        return client.post(url, data, REMOTE_ADDR=ATTACKER)

    assert [attempt(f"guess-{n}").status_code for n in range(5)] == [200] * 4 + [429]
    assert_locked_out(attempt("s3cret-desk"))
    passed = client.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])
    assert restriction.pk not in passed
