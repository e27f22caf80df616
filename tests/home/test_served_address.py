"""`PORT=8100 make run`: every absolute URL says :8100, not the default :8000.

The Makefile passes HOST and PORT to the development settings, which build
WAGTAILADMIN_BASE_URL from them; `manage.py load_demo` points the demo Site there, and the Site
is what the API's html_url and detail_url, the find redirect, canonical and og:url are built
from. E-mails link to WAGTAILADMIN_BASE_URL.
"""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from wagtail.models import Site

from news.models import NewsArticle
from tests.desk.conftest import add_story_url, story_form
from tests.factories import make_author

pytestmark = pytest.mark.django_db


def development_settings(**env):
    """The development settings' WAGTAILADMIN_BASE_URL and ALLOWED_HOSTS under `env`."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"HOST", "PORT", "WAGTAILADMIN_BASE_URL", "ALLOWED_HOSTS"}
    }
    program = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.WAGTAILADMIN_BASE_URL, settings.ALLOWED_HOSTS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={**environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "base_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8100"}, "http://127.0.0.1:8100"),
        ({"HOST": "localhost", "PORT": "8100"}, "http://localhost:8100"),
        ({"HOST": "0.0.0.0", "PORT": "8100"}, "http://localhost:8100"),
        ({"HOST": "192.168.1.20", "PORT": "8100"}, "http://192.168.1.20:8100"),
        ({"PORT": "8100", "WAGTAILADMIN_BASE_URL": "https://cms.example"}, "https://cms.example"),
    ],
)
def test_development_settings_follow_host_and_port(env, base_url):
    served, allowed_hosts = development_settings(**env)
    assert served == base_url
    assert base_url.split("//")[1].split(":")[0] in allowed_hosts


def test_the_makefile_passes_host_and_port_to_the_commands_it_runs():
    makefile = (django_settings.BASE_DIR / "Makefile").read_text()
    assert "\nexport HOST PORT\n" in makefile


def load_demo(settings, base_url):
    settings.WAGTAILADMIN_BASE_URL = base_url
    settings.NEWSDESK_DEMO_USERS = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def absolute_urls(client, host):
    """Every absolute URL a front end and a crawler read, asking as a browser at `host`."""
    headers = {"HTTP_HOST": host}
    story = NewsArticle.objects.visible().newest_first().first()
    listing = client.get("/api/v2/pages/?type=news.NewsArticle&limit=1", **headers).json()
    item = listing["items"][0]
    found = client.get("/api/v2/pages/find/", {"html_path": story.url}, **headers)
    page = BeautifulSoup(client.get(story.url, **headers).content, "html.parser")
    return [
        item["meta"]["html_url"],
        item["meta"]["detail_url"],
        found["Location"],
        page.find("link", rel="canonical")["href"],
        page.find("meta", property="og:url")["content"],
    ]


def test_the_demo_site_and_every_absolute_url_follow_the_served_port(client, settings):
    output = load_demo(settings, "http://127.0.0.1:8100")
    assert "Log in at http://127.0.0.1:8100/admin/" in output
    urls = absolute_urls(client, "127.0.0.1:8100")
    assert all(url.startswith("http://127.0.0.1:8100/") for url in urls), urls

    # Run again on another port: the Site follows, and so does every URL.
    output = load_demo(settings, "http://127.0.0.1:8200")
    assert "Log in at http://127.0.0.1:8200/admin/" in output
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8200)
    urls = absolute_urls(client, "127.0.0.1:8200")
    assert all(url.startswith("http://127.0.0.1:8200/") for url in urls), urls


def test_a_site_given_a_real_host_name_is_left_alone(settings):
    Site.objects.filter(is_default_site=True).update(hostname="news.example.com", port=443)
    load_demo(settings, "http://127.0.0.1:8100")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("news.example.com", 443)


def test_review_e_mails_link_to_the_served_port(client, settings, world, rita, ed):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    client.force_login(rita)
    response = client.post(
        add_story_url(world),
        story_form(make_author("Lin Park"), **{"action-submit": "Submit for review"}),
    )
    assert response.status_code == 302
    bodies = [message.body for message in mail.outbox if ed.email in message.to]
    assert bodies
    assert all("http://127.0.0.1:8100/admin/" in body for body in bodies)
    assert not any(":8000" in body for body in bodies)
