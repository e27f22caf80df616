"""The test suite: fast hashing, Wagtail's tasks run inline, uploads in a throwaway folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsdesk-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
# Wagtail's own tasks (search and reference indexes) run inside the request, so tests see their
# effect at once; tests of the worker path switch to the database backend (tests/conftest.py).
# A test's own server and worker processes say which backend they share with TASKS_URL.
if not os.environ.get("TASKS_URL"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files come straight from the apps and static/ (no collectstatic in tests).
STATIC_ROOT = None
# Tests measure a reader's first request after a publish as it is without a worker's warming;
# tests/news/test_warming.py turns it on.
NEWSDESK_WARM_PUBLISHED_STORIES = False
