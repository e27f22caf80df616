"""Webhooks are no way into our own network: internal addresses are refused when a URL is saved
and again at every delivery, redirects are not followed, and the log does not map ports."""

import socket
from unittest import mock

import pytest

from tests.factories import make_story
from tests.webhook_receivers import closed_port, dns, filtered_port, receiving
from webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"
INTERNAL = (
    "“{host}” is a private, loopback or otherwise internal address; webhooks may only reach "
    "public hosts (or hosts named in NEWSDESK_WEBHOOK_ALLOWED_HOSTS)."
)


def add_webhook(admin_client, url):
    return admin_client.post(
        "/admin/webhooks/new/",
        {
            "name": "Slack",
            "url": url,
            "events": ["story.approved"],
            "secret": "s3cret",
            "is_active": "on",
        },
    )


def url_errors(response):
    assert response.status_code == 200  # the form again, not saved
    return response.context["form"].errors["url"]


@pytest.mark.parametrize(
    "url, host",
    [
        ("http://127.0.0.1:6390/", "127.0.0.1"),
        ("http://localhost/", "localhost"),
        ("http://[::1]:6379/", "::1"),
        ("http://[::ffff:127.0.0.1]:6379/", "::ffff:127.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.1.2.3/", "10.1.2.3"),
        ("http://192.168.0.1/", "192.168.0.1"),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://0.0.0.0:8000/", "0.0.0.0"),
        ("http://224.0.0.1/", "224.0.0.1"),
        ("http://240.0.0.1/", "240.0.0.1"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[fd00::1]/", "fd00::1"),
        ("http://[2002:7f00:1::]/", "2002:7f00:1::"),
        ("http://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1"),  # NAT64 to 127.0.0.1
        ("http://[64:ff9b::a00:7]/", "64:ff9b::a00:7"),  # NAT64 to 10.0.0.7
        ("https://purge.newsroom.example/", "purge.newsroom.example"),  # a name, gone internal
    ],
)
def test_the_admin_refuses_a_receiver_on_an_internal_address(admin_client, url, host):
    with dns({"purge.newsroom.example": "10.0.0.7"}):
        response = add_webhook(admin_client, url)
    assert url_errors(response) == [INTERNAL.format(host=host)]
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://files.example/drop", "Webhook URLs must start with http:// or https://."),
        ("gopher://hooks.example/", "Enter a valid URL."),
        ("https://nowhere.example/", "The host name “nowhere.example” does not resolve."),
        ("https://user:pw@hooks.example/", "Put credentials in the secret, not in the URL."),
    ],
)
def test_the_admin_refuses_a_receiver_it_could_not_or_may_not_reach(admin_client, url, message):
    with dns({"hooks.example": PUBLIC, "nowhere.example": None}):
        response = add_webhook(admin_client, url)
    assert url_errors(response) == [message]


def test_production_takes_https_receivers_only_unless_http_is_allowed(admin_client, settings):
    settings.NEWSDESK_WEBHOOK_ALLOW_HTTP = False
    with dns({"hooks.example": PUBLIC}):
        refused = add_webhook(admin_client, "http://hooks.example/newsdesk")
        assert url_errors(refused) == ["Webhook URLs must start with https://."]
        assert add_webhook(admin_client, "https://hooks.example/newsdesk").status_code == 302


def test_a_host_named_in_the_allowed_hosts_may_be_internal(admin_client, settings):
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["Purge.Newsroom.Example"]
    with dns({"purge.newsroom.example": "10.0.0.7"}):
        response = add_webhook(admin_client, "http://purge.newsroom.example:8080/purge")
    assert response.status_code == 302
    assert Webhook.objects.get().url == "http://purge.newsroom.example:8080/purge"


def test_the_admin_configures_webhooks_and_shows_the_log_read_only(
    admin_client, webhook, task_worker, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world)
    task_worker()
    assert admin_client.get("/admin/webhooks/").status_code == 200
    log = admin_client.get("/admin/webhook_deliveries/")
    assert log.status_code == 200 and b"story.published" in log.content
    delivery = WebhookDelivery.objects.get()
    assert admin_client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/").status_code == 200
    assert admin_client.get(f"/admin/webhook_deliveries/edit/{delivery.pk}/").status_code == 302

    with dns({"hooks.slack.example": PUBLIC}):
        response = add_webhook(admin_client, "https://hooks.slack.example/x")
    assert response.status_code == 302
    assert Webhook.objects.get(name="Slack").events == ["story.approved"]


def deliver_one(url, task_worker, world, capture_on_commit):
    Webhook.objects.create(name="Receiver", url=url, events=["story.published"])
    with capture_on_commit(execute=True):
        make_story(world)
    task_worker()
    return WebhookDelivery.objects.get(webhook__url=url)


def test_a_host_that_resolves_internal_at_delivery_time_is_refused(
    receiver, task_worker, world, django_capture_on_commit_callbacks, admin_client
):
    port = receiver.server_address[1]
    url = f"http://hooks.example:{port}/newsdesk"
    with dns({"hooks.example": PUBLIC}):
        assert add_webhook(admin_client, url).status_code == 302  # public when saved
    Webhook.objects.filter(url=url).update(events=["story.published"])
    with dns({"hooks.example": "127.0.0.1"}):  # rebound to the loopback since
        with django_capture_on_commit_callbacks(execute=True):
            make_story(world)
        task_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.error == "Refused: " + INTERNAL.format(host="hooks.example")
    assert (delivery.status, delivery.response_status) == ("pending", None)
    assert receiver.connections == 0


def test_a_delivery_connects_to_the_address_it_checked_not_a_second_lookup(
    receiver, task_worker, world, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["hooks.example"]
    port = receiver.server_address[1]
    # The first answer is the one checked; any later lookup of the name would lead elsewhere
    # (127.0.0.2, where nothing listens), as a rebinding name server would arrange.
    answers = iter(["127.0.0.1"])
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        address = next(answers, "127.0.0.2") if host == "hooks.example" else host
        return real_getaddrinfo(address, *args, **kwargs)

    with mock.patch("socket.getaddrinfo", rebinding):
        delivery = deliver_one(
            f"http://hooks.example:{port}/newsdesk",
            task_worker,
            world,
            django_capture_on_commit_callbacks,
        )
    assert (delivery.status, delivery.error) == ("delivered", "")
    assert receiver.requests[0][0]["host"] == f"hooks.example:{port}"


def test_a_redirect_is_a_failed_attempt_and_is_not_followed(
    task_worker, world, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with receiving() as internal_redis:
        to_redis = (
            f"HTTP/1.1 307 Temporary Redirect\r\nLocation: {internal_redis.url}\r\n"
            "Content-Length: 0\r\n\r\n"
        ).encode()
        with receiving(answer=to_redis) as redirecting:
            delivery = deliver_one(
                redirecting.url, task_worker, world, django_capture_on_commit_callbacks
            )
        assert internal_redis.connections == 0
    assert (delivery.status, delivery.response_status, delivery.error) == (
        "pending",
        307,
        "Redirect (307) not followed.",
    )


def test_a_closed_port_and_a_filtered_port_read_the_same_in_the_log(
    task_worker, world, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.NEWSDESK_WEBHOOK_TIMEOUT_SECONDS = 0.5
    closed = f"http://127.0.0.1:{closed_port()}/"
    with filtered_port() as port:
        filtered = f"http://127.0.0.1:{port}/"
        Webhook.objects.create(name="Closed", url=closed, events=["story.published"])
        Webhook.objects.create(name="Filtered", url=filtered, events=["story.published"])
        with django_capture_on_commit_callbacks(execute=True):
            make_story(world)
        task_worker()
    errors = {delivery.webhook.name: delivery.error for delivery in WebhookDelivery.objects.all()}
    assert errors == {
        "Closed": "Could not connect to the receiver.",
        "Filtered": "Could not connect to the receiver.",
    }


def test_an_https_receiver_gets_tls_and_nothing_in_clear(
    receiver, task_worker, world, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDESK_WEBHOOK_TIMEOUT_SECONDS = 0.5
    plain_http = receiver.url.replace("http://", "https://")
    delivery = deliver_one(plain_http, task_worker, world, django_capture_on_commit_callbacks)
    assert delivery.error == "The TLS handshake with the receiver failed."
    assert all("x-newsdesk-event" not in headers for headers, _ in receiver.requests)
