"""The environment chooses where media live; a configuration that cannot work stops start-up
with a message saying what to set, rather than failing on the first upload."""

import runpy
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

# Reading the settings module afresh, beside the copy Django already loaded, is the point.
pytestmark = pytest.mark.filterwarnings("ignore:'cms.settings.base' found in sys.modules")


def settings_with(monkeypatch, **environment):
    """The settings cms/settings/base.py makes from this environment (read afresh)."""
    for name in ("MEDIA_STORAGE", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # Read afresh too, and put back afterwards: the module the running settings came from.
    monkeypatch.delitem(sys.modules, "cms.settings.scale_out")
    return runpy.run_module("cms.settings.base")


def test_media_stay_on_the_node_unless_told(monkeypatch):
    made = settings_with(monkeypatch)
    assert made["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_the_bucket_is_where_readers_browsers_may_load_images_from(monkeypatch):
    made = settings_with(
        monkeypatch,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net/",
    )
    assert made["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    for policy in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        assert "https://objects.example.net" in made[policy]["DIRECTIVES"]["img-src"]

    behind_a_cdn = settings_with(
        monkeypatch,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.com",
    )
    image_sources = behind_a_cdn["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert "https://media.example.com" in image_sources


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"MEDIA_STORAGE": "s3"}, "needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "ftp"}, "'filesystem' or 's3'"),
        (
            {"DATABASE_REPLICA_URL": "postgres://reader@replica:5432/newsdesk"},
            "PostgreSQL streaming replica of the PostgreSQL database in DATABASE_URL",
        ),
    ],
    ids=["bucket-missing", "unknown-storage", "replica-of-sqlite"],
)
def test_a_configuration_that_cannot_work_is_refused_at_start_up(monkeypatch, environment, message):
    monkeypatch.delenv("DATABASE_URL", raising=False)  # the embedded default, SQLite
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_with(monkeypatch, **environment)
