"""MEDIA_STORAGE=s3: originals and renditions live in an S3-compatible bucket, from which
readers' browsers load them.

Against a real S3 API server on loopback (moto's server mode, a test requirement), with the
settings the AWS_* variables make (cms/settings/scale_out.py). The editor uploads as in the
admin; the reader's page points at the bucket, and the images are fetched from it over HTTP.
"""

import io
import json
import re
import uuid

import boto3
import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from cms.settings.scale_out import media_storage_from_env
from tests.factories import make_story
from tests.services import require

pytestmark = pytest.mark.django_db

REGION = "eu-west-1"


@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        ThreadedMotoServer = None
    require(
        "moto-server",
        ThreadedMotoServer is not None,
        "moto[server] is a test requirement: pip install -r requirements.txt",
    )
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, settings):
    """A fresh bucket, and the media storage the environment names it in."""
    name = f"newsroom-media-{uuid.uuid4().hex[:12]}"
    for variable, value in {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "newsroom-test",
        "AWS_SECRET_ACCESS_KEY": "newsroom-test-secret",
    }.items():
        monkeypatch.setenv(variable, value)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    # Readers' browsers fetch published images unsigned: the bucket policy docs/deployment.md
    # gives a media bucket.
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env()}

    def keys():
        listing = s3.list_objects_v2(Bucket=name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    keys.name = name
    return keys


def public_read_policy(bucket_name):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadersReadMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket_name}/*",
            }
        ],
    }


def png(width, height):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def image_urls(html):
    return re.findall(r'<img[^>]+src="([^"]+)"', html)


def test_an_uploaded_image_and_its_renditions_are_served_from_the_bucket(
    client, bucket, s3_endpoint, settings, ed, world, reporter, tmp_path
):
    # A web node's disk of this test's own: other tests' local images are not this one's.
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(ed)
    upload = SimpleUploadedFile("harbour-at-dawn.png", png(1600, 900), content_type="image/png")
    response = client.post("/admin/images/add/", {"title": "Harbour at dawn", "file": upload})
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Harbour at dawn")
    assert bucket() == [image.file.name]
    assert image.file.name.startswith("original_images/harbour-at-dawn")
    # Nothing on the web node's own disk, where another node could not see it.
    assert not list(settings.MEDIA_ROOT.rglob("harbour-at-dawn*"))

    story = make_story(world, title="Harbour reopens", authors=[reporter], lead_image=image)
    client.logout()
    page = client.get(story.url)
    assert page.status_code == 200
    from_bucket = [url for url in image_urls(page.content.decode()) if "harbour-at-dawn" in url]
    assert from_bucket, "the story shows its lead image"
    renditions = [key for key in bucket() if key.startswith("images/")]
    assert renditions, "renditions are made in the bucket"
    for url in from_bucket:
        assert url.startswith(s3_endpoint + "/"), url
        served = requests.get(url, timeout=10)
        assert served.status_code == 200, url
        assert served.headers["Content-Type"].startswith("image/")
        shown = PillowImage.open(io.BytesIO(served.content))
        assert shown.size == (1200, 675)  # the story's width-1200 rendition, not the original
        assert url.removeprefix(f"{s3_endpoint}/{bucket.name}/") in renditions, url
