"""Settings read from the environment for a site on more than one machine
(docs/deployment.md): a read replica of the database, media in an S3-compatible bucket, a CDN.
cms/settings/base.py takes in the names in __all__."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "DATABASE_ROUTERS",
    "MEDIA_STORAGE",
    "NEWSDESK_READ_PRIMARY_SECONDS",
    "frontend_cache_from_env",
    "media_origins",
    "with_replica",
]

REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
DATABASE_ROUTERS = ["frontdoor.read_replica.ReadReplicaRouter"] if REPLICA_URL else []
# After a write of their own, a client reads the primary for this long (frontdoor.read_replica).
NEWSDESK_READ_PRIMARY_SECONDS = int(os.environ.get("NEWSDESK_READ_PRIMARY_SECONDS", "10"))


def with_replica(primary):
    """DATABASES: the primary as "default", and with DATABASE_REPLICA_URL a PostgreSQL
    streaming replica of it as "replica", which anonymous readers' requests read
    (frontdoor.read_replica); everything else reads the primary."""
    url = REPLICA_URL
    if not url:
        return {"default": primary}
    postgresql = "django.db.backends.postgresql"
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    if config.get("ENGINE") != postgresql or primary["ENGINE"] != postgresql:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL names a PostgreSQL streaming replica of the PostgreSQL "
            f"database in DATABASE_URL; got {url!r} for {primary['ENGINE']}"
        )
    from psycopg import IsolationLevel

    # One snapshot per request: what a response shows and the tag versions it is checked by
    # are read at the same replay point.
    config["OPTIONS"] = {
        **config.get("OPTIONS", {}),
        "isolation_level": IsolationLevel.REPEATABLE_READ,
    }
    # Tests read the primary's test database through the replica, which streams it.
    config["TEST"] = {"MIRROR": "default"}
    return {"default": primary, "replica": config}


def media_storage_from_env():
    """Where originals and renditions of images and documents live: MEDIA_ROOT on the web
    node by default; with MEDIA_STORAGE=s3, a bucket every web node and worker shares
    (django-storages), named by the usual AWS_* variables. The access keys are boto3's own
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's role), read by boto3."""
    kind = os.environ.get("MEDIA_STORAGE", "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE is 'filesystem' or 's3', not {kind!r}")
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    options = {}
    if os.environ.get("AWS_S3_CACHE_CONTROL"):
        # e.g. "public, max-age=86400": how long a CDN and browsers keep an image.
        options["object_parameters"] = {"CacheControl": os.environ["AWS_S3_CACHE_CONTROL"]}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Another S3-compatible service (MinIO, Ceph, R2...) instead of AWS.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN in front of the bucket, whose host name goes in media URLs.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Published images are public: plain URLs that a CDN and browsers may cache, not
            # signed ones that expire (the bucket's policy makes its objects readable).
            "querystring_auth": os.environ.get("AWS_QUERYSTRING_AUTH", "").lower() == "true",
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            # Two uploads of the same name get two files, as on disk, never one overwritten.
            "file_overwrite": False,
            **options,
        },
    }


def media_origins(storage):
    """Where readers' browsers fetch media from, for the Content-Security-Policy."""
    options = storage.get("OPTIONS", {})
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    if options.get("endpoint_url"):
        return [options["endpoint_url"].rstrip("/")]
    if options.get("bucket_name"):
        return [f"https://{options['bucket_name']}.s3.amazonaws.com", "https://*.amazonaws.com"]
    return []


# MEDIA_ROOT on the node, or an S3-compatible bucket with MEDIA_STORAGE=s3.
MEDIA_STORAGE = media_storage_from_env()


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
