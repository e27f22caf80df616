"""Local development: `make run`. Debug on, e-mail printed to the console."""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")


def served_at(host, port):
    """The address a browser opens for `runserver host:port` (a wildcard host is this machine)."""
    host = "localhost" if host in ("0.0.0.0", "::", "[::]") else host
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{host}:{port}"


# `make run` serves at HOST:PORT (the Makefile passes both): the admin's links in e-mails, the
# login line it prints and the demo Site (manage.py load_demo) follow them, and so every absolute
# URL the site and the API give (the Site's root URL).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or served_at(
    os.environ.get("HOST") or "127.0.0.1", os.environ.get("PORT") or "8000"
)
if (served_host := urlsplit(WAGTAILADMIN_BASE_URL).hostname) not in ALLOWED_HOSTS:  # noqa: F405
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, served_host]  # noqa: F405

# runserver serves static files from the apps and static/; collectstatic is for production.
STATIC_ROOT = None

# `make run` creates demo users with printed passwords; only this settings module allows it.
NEWSDESK_DEMO_USERS = True
