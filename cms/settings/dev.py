"""Local development: `make run`. Debug on, e-mail printed to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# runserver serves static files from the apps and static/; collectstatic is for production.
STATIC_ROOT = None

# `make run` creates demo users with printed passwords; only this settings module allows it.
NEWSDESK_DEMO_USERS = True
