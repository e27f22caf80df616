"""Settings shared by every deployment.

Anything that differs between a laptop, CI and production is read from the environment
here, with a default that works on a fresh clone: SQLite, local-memory cache, no other server.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_env():
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL has a scheme Django cannot use: {url!r}")
    return config


def caches_from_env():
    """Redis with REDIS_URL; otherwise local memory, plus a database table for what every
    worker must see at once (the response cache's tag versions, cms/response_cache.py)."""
    redis_url = os.environ.get("REDIS_URL", "").strip()
    prefix = os.environ.get("CACHE_KEY_PREFIX", "newsdesk")
    if redis_url:
        redis = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
        return {
            "default": {**redis, "KEY_PREFIX": prefix},
            "cache_tags": {**redis, "KEY_PREFIX": f"{prefix}-tags"},
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "cache_tags": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsdesk_cache_tags",
            # A tag per story: Django's default of 300 entries would drop versions constantly
            # (safe, as a missing version only means "serialise again", but wasteful).
            "OPTIONS": {"MAX_ENTRIES": 2_000_000},
        },
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "people",
    "search",
    "webhooks",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.api_http.APIHTTPMiddleware",
    # Innermost, so cached API responses still get the API's validators and CORS headers.
    "cms.response_cache.ResponseCacheMiddleware",
    # After the cache: a cached response needs no site.
    "cms.sites.SiteMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
CACHES = caches_from_env()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en-us")
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected-static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor of a long story with many blocks posts more fields than Django's default.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsdesk@localhost")

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Newsdesk")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")


def search_backend_from_env():
    """The database back-end by default; SEARCH_URL switches to Elasticsearch or OpenSearch."""
    url = os.environ.get("SEARCH_URL", "").strip()
    if not url:
        return {"BACKEND": "search.backends"}
    return {
        "BACKEND": "wagtail.search.backends." + os.environ.get("SEARCH_BACKEND", "opensearch2"),
        "URLS": [url],
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "newsdesk_"),
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
    }


WAGTAILSEARCH_BACKENDS = {"default": search_backend_from_env()}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_COMMENTS_ENABLED = True
# The review desk (news/workflow.py): an approval covers the version the editor read, so an
# edit made after it needs approving again.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True


def frontend_cache_from_env():
    """A CDN or caching proxy in front of the site, purged when stories change: an HTTP PURGE
    endpoint (Varnish, nginx) with FRONTEND_CACHE_PURGE_URL, Cloudflare with its token and zone."""
    backends = {}
    if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
        backends["proxy"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    if os.environ.get("CLOUDFLARE_API_TOKEN") and os.environ.get("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        }
    return backends


WAGTAILFRONTENDCACHE = frontend_cache_from_env()

# Wagtail 8 runs background work (search indexing, image renditions) through django-tasks;
# inline by default so a fresh clone needs no worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Newsdesk
NEWSDESK_RECENT_POSTS = int(os.environ.get("NEWSDESK_RECENT_POSTS", "6"))
NEWSDESK_PAGE_SIZE = int(os.environ.get("NEWSDESK_PAGE_SIZE", "10"))
NEWSDESK_FEED_SIZE = int(os.environ.get("NEWSDESK_FEED_SIZE", "20"))
# Whole responses for anonymous readers (cms/response_cache.py); off to measure uncached work.
NEWSDESK_RESPONSE_CACHE = env_bool("NEWSDESK_RESPONSE_CACHE", True)
NEWSDESK_RESPONSE_CACHE_SECONDS = int(os.environ.get("NEWSDESK_RESPONSE_CACHE_SECONDS", "600"))
# Demo logins with printed passwords: switched on by the development settings only.
NEWSDESK_DEMO_USERS = False
# The largest file each importer reads, in bytes (README: Importing articles). Parsing takes
# about twenty times a file's size in memory; a larger file is refused before it is read.
NEWSDESK_IMPORT_MAX_ARTICLE_BYTES = int(
    os.environ.get("NEWSDESK_IMPORT_MAX_ARTICLE_BYTES", str(2 * 1024 * 1024))
)
NEWSDESK_IMPORT_MAX_WORDPRESS_BYTES = int(
    os.environ.get("NEWSDESK_IMPORT_MAX_WORDPRESS_BYTES", str(200 * 1024 * 1024))
)

# The headless API (docs/api.md)
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_RICH_TEXT_FORMAT = "html"  # front ends get finished HTML, not the database format
# Front ends allowed to call the API from a browser, e.g. https://www.example.com (with scheme).
NEWSDESK_API_CORS_ORIGINS = env_list("NEWSDESK_API_CORS_ORIGINS")
# How long shared caches and browsers may keep a public API response, in seconds.
NEWSDESK_API_CACHE_SECONDS = int(os.environ.get("NEWSDESK_API_CACHE_SECONDS", "60"))
# The front end's preview page, opened by the admin's Preview with ?token=…
# (empty: the admin previews with the project's own templates).
NEWSDESK_PREVIEW_URL = os.environ.get("NEWSDESK_PREVIEW_URL", "")
NEWSDESK_PREVIEW_TOKEN_SECONDS = int(os.environ.get("NEWSDESK_PREVIEW_TOKEN_SECONDS", "3600"))
# Webhook deliveries: how long to wait for a receiver, and how often to try.
NEWSDESK_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("NEWSDESK_WEBHOOK_TIMEOUT_SECONDS", "3"))
NEWSDESK_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("NEWSDESK_WEBHOOK_MAX_ATTEMPTS", "6"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per background task and per page save drowns out what matters.
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
