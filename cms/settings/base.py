"""Settings shared by every deployment.

Anything that differs between a laptop, CI and production is read from the environment
here, with a default that works on a fresh clone: SQLite, local-memory cache, no other server.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from frontdoor.proxies import trusted_proxies_from_env

from .scale_out import *  # noqa: F403 - a read replica, media in a bucket (docs/deployment.md)
from .services import env_list, search_backend_from_env, tasks_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# SQLite as a newsroom's embedded database: several editors (and gunicorn workers) write at
# once. WAL lets readers carry on while one writer commits; an immediate transaction takes the
# write lock when it begins rather than halfway through, where SQLite could only fail it
# ("database is locked"); and a writer waits its turn for up to `timeout` seconds.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_from_env():
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    else:
        config = dj_database_url.parse(
            url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
        )
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(f"DATABASE_URL has a scheme Django cannot use: {url!r}")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def caches_from_env():
    """Redis with REDIS_URL, otherwise local memory. The response cache's tag versions are in
    the database (caching.models), so nothing needs a cache every worker shares."""
    redis_url = os.environ.get("REDIS_URL", "").strip()
    prefix = os.environ.get("CACHE_KEY_PREFIX", "newsdesk")
    if redis_url:
        return {
            "default": {
                # Unreachable Redis means an uncached site, not a down one (caching/redis.py).
                "BACKEND": "caching.redis.DegradingRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": prefix,
                "OPTIONS": {
                    "CLIENT_CLASS": "django_redis.client.DefaultClient",
                    # Short, so a dead Redis costs a request a fraction of a second, once per
                    # NEWSDESK_CACHE_RETRY_SECONDS, rather than the OS's connect timeout.
                    "SOCKET_CONNECT_TIMEOUT": float(
                        os.environ.get("REDIS_CONNECT_TIMEOUT_SECONDS", "0.25")
                    ),
                    "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5")),
                },
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "background",
    "caching",
    "frontdoor",
    "home",
    "live",
    "news",
    "people",
    "search",
    "webhooks",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
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
    # The API v3 docs' Swagger UI from our own static files rather than a CDN, so the
    # Content-Security-Policy can stay 'self'.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # RQ's worker command (`manage.py rqworker`) for TASKS_URL=redis://… (tasks_from_env).
    "django_rq",
    # Installed for its tables and migrations only: no URL serves Django's admin, so the one
    # admin with a login is Wagtail's (the roles' migration depends on this app).
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Next, so a stored response is served before the rest of the stack does any work; it
    # stores what the rest finished (security and API headers), to serve it the same.
    "caching.response_cache.ResponseCacheMiddleware",
    "frontdoor.security_headers.ContentSecurityPolicyMiddleware",
    "frontdoor.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "frontdoor.messages.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "news.api.http.APIHTTPMiddleware",
    "frontdoor.read_replica.ReadReplicaMiddleware",  # inside the cache; with a replica only
    # After the cache: a cached response needs no site.
    "frontdoor.sites.SiteMiddleware",
    "frontdoor.login_throttling.PasswordFormThrottle",
    # Last, as Axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
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

DATABASES = with_replica(database_from_env())  # noqa: F405
CACHES = caches_from_env()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reverse proxies allowed to say who the client is and which scheme it used (frontdoor/proxies.py);
# gunicorn reads the same variable (cms/gunicorn.conf.py).
FORWARDED_ALLOW_IPS = trusted_proxies_from_env()

# Login throttling (django-axes, frontdoor/login_throttling.py): after this many wrong passwords for
# one account, or from one address, every password there is refused for the cool-off, which
# each further attempt starts again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSDESK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSDESK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "frontdoor.proxies.client_address"
AXES_LOCKOUT_CALLABLE = "frontdoor.login_throttling.locked_out"
AXES_ENABLE_ADMIN = False  # no Django admin is served
AXES_VERBOSE = False  # lock-outs are still logged, as warnings


def content_security_policy():
    """What a reader's browser may load on the site and from the API
    (frontdoor/security_headers.py).

    Our own scripts, styles and images; story pages with a tweet also load Twitter's widgets.js,
    which renders the tweet in its own frame. JSON-LD is data, not script, and needs nothing.
    Embedded videos play in frames from the privacy-enhanced players only (news/embeds.py),
    allowed on every page: a frame-src cannot run anything in ours, and one policy for all
    pages keeps cached responses and their header in step.
    """
    from news.embeds import PRIVATE_PLAYER_ORIGINS

    media = [*env_list("NEWSDESK_CSP_MEDIA_ORIGINS"), *media_origins(MEDIA_STORAGE)]  # noqa: F405
    twitter_script = ["https://platform.twitter.com", "https://cdn.syndication.twimg.com"]
    twitter_frames = ["https://platform.twitter.com", "https://syndication.twitter.com"]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *twitter_script],
        "style-src": ["'self'", "https://platform.twitter.com"],
        "img-src": ["'self'", "data:", *media, "https://pbs.twimg.com", *twitter_frames],
        "frame-src": [*twitter_frames, *PRIVATE_PLAYER_ORIGINS],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    if os.environ.get("NEWSDESK_CSP_REPORT_URI"):
        directives["report-uri"] = [os.environ["NEWSDESK_CSP_REPORT_URI"]]
    return directives


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": content_security_policy(),
    # Reported, not enforced, in the admin (CONTENT_SECURITY_POLICY_REPORT_ONLY below).
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": content_security_policy()}
# Browser features switched off for every page (Permissions-Policy).
NEWSDESK_FEATURES_OFF = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]

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
    "default": MEDIA_STORAGE,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor of a long story with many blocks posts more fields than Django's default.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsdesk@localhost")

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Newsdesk")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")


WAGTAILSEARCH_BACKENDS = {"default": search_backend_from_env()}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_COMMENTS_ENABLED = True
# Tags typed in the admin lose any markup, as every plain-text field does (news/tags.py).
TAGGIT_TAGS_FROM_STRING = "news.tags.tags_from_string"
# The review desk (news/desk/workflow.py): an approval covers the version the editor read, so an
# edit made after it needs approving again.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# A submission is announced once per person: the review task already writes to its groups'
# members, and Wagtail's workflow-level notice to superusers on top of that gave a superuser
# on the desk two e-mails for one story. Superusers hear of reviews as members of a desk group.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# The admin works offline and behind a firewall: initials instead of a Gravatar request.
WAGTAIL_GRAVATAR_PROVIDER_URL = None


WAGTAILFRONTENDCACHE = frontend_cache_from_env()  # noqa: F405


TASKS, RQ_QUEUES = tasks_from_env()

# Newsdesk
NEWSDESK_RECENT_POSTS = int(os.environ.get("NEWSDESK_RECENT_POSTS", "6"))
NEWSDESK_PAGE_SIZE = int(os.environ.get("NEWSDESK_PAGE_SIZE", "10"))
NEWSDESK_FEED_SIZE = int(os.environ.get("NEWSDESK_FEED_SIZE", "20"))
# A live coverage page shows its newest entries, and older ones a page at a time.
NEWSDESK_LIVE_ENTRIES_PER_PAGE = int(os.environ.get("NEWSDESK_LIVE_ENTRIES_PER_PAGE", "20"))
# Whole responses for anonymous readers (caching/response_cache.py); off to measure uncached work.
NEWSDESK_RESPONSE_CACHE = env_bool("NEWSDESK_RESPONSE_CACHE", True)
# After a publish the worker requests the story as a reader would (news/warming.py).
NEWSDESK_WARM_PUBLISHED_STORIES = env_bool("NEWSDESK_WARM_PUBLISHED_STORIES", True)
NEWSDESK_RESPONSE_CACHE_SECONDS = int(os.environ.get("NEWSDESK_RESPONSE_CACHE_SECONDS", "600"))
# Once Redis is found unreachable, requests skip it for this long before one tries it again.
NEWSDESK_CACHE_RETRY_SECONDS = float(os.environ.get("NEWSDESK_CACHE_RETRY_SECONDS", "5"))
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
# import_wordpress --fetch-media (docs/migrating-from-wordpress.md): each image download's
# size cap, timeout (connect, and each read), and retries with backoff for 429/5xx answers.
NEWSDESK_IMPORT_MAX_IMAGE_BYTES = int(
    os.environ.get("NEWSDESK_IMPORT_MAX_IMAGE_BYTES", str(20 * 1024 * 1024))
)
NEWSDESK_IMPORT_MEDIA_TIMEOUT_SECONDS = float(
    os.environ.get("NEWSDESK_IMPORT_MEDIA_TIMEOUT_SECONDS", "15")
)
NEWSDESK_IMPORT_MEDIA_RETRIES = int(os.environ.get("NEWSDESK_IMPORT_MEDIA_RETRIES", "2"))
NEWSDESK_IMPORT_MEDIA_RETRY_BACKOFF = float(
    os.environ.get("NEWSDESK_IMPORT_MEDIA_RETRY_BACKOFF", "1")
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
# Webhook deliveries: the whole time one attempt may take, and how often to try.
NEWSDESK_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("NEWSDESK_WEBHOOK_TIMEOUT_SECONDS", "3"))
NEWSDESK_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("NEWSDESK_WEBHOOK_MAX_ATTEMPTS", "6"))
# Receivers must resolve to public addresses; these host names may resolve to internal ones.
NEWSDESK_WEBHOOK_ALLOWED_HOSTS = env_list("NEWSDESK_WEBHOOK_ALLOWED_HOSTS")
# Plain http receivers; production settings refuse them unless this is set there.
NEWSDESK_WEBHOOK_ALLOW_HTTP = env_bool("NEWSDESK_WEBHOOK_ALLOW_HTTP", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per background task and per page save drowns out what matters.
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        # One line per failed login; the lock-outs themselves are warnings.
        "axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")},
    },
}
