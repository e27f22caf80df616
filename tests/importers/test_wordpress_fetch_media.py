"""`manage.py import_wordpress --fetch-media`: images downloaded from the old site, here a
server on 127.0.0.1 that the test starts, so no test touches the internet."""

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.images import get_image_model

from tests.importers.conftest import (
    PHOTO,
    UPLOADS,
    one_post_export,
    post_draft,
    run_wordpress_import,
    values,
)

pytestmark = pytest.mark.django_db

UPLOADS_PATH = "/wp-content/uploads/2021/10/"
CAP = 1000


class OldSite(ThreadingHTTPServer):
    """Answers each path with its list of (status, headers, body) in turn, the last one for
    every later request; `delay` seconds before answering paths listed in `slow`."""

    daemon_threads = True

    def __init__(self, answers, slow=()):
        self.answers, self.slow, self.asked = answers, set(slow), []
        super().__init__(("127.0.0.1", 0), OldSiteHandler)
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, name):
        return f"http://127.0.0.1:{self.server_address[1]}{UPLOADS_PATH}{name}"


class OldSiteHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        site = self.server
        site.asked.append(self.path)
        name = self.path.removeprefix(UPLOADS_PATH)
        if name in site.slow:
            time.sleep(2)
        queue = site.answers.get(name, [(404, {"Content-Type": "text/html"}, b"Not found")])
        status, headers, body = queue.pop(0) if len(queue) > 1 else queue[0]
        try:
            self.send_response(status)
            for header, value in headers.items():
                self.send_header(header, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the importer gave up waiting, as it should

    def log_message(self, *args):
        pass


@contextmanager
def old_site(answers, slow=()):
    site = OldSite(answers, slow)
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()


def png(body=None):
    body = PHOTO.read_bytes() if body is None else body
    return (200, {"Content-Type": "image/png", "Content-Length": str(len(body))}, body)


@pytest.fixture(autouse=True)
def quick_limits(settings):
    settings.NEWSDESK_IMPORT_MAX_IMAGE_BYTES = CAP
    settings.NEWSDESK_IMPORT_MEDIA_TIMEOUT_SECONDS = 0.5
    settings.NEWSDESK_IMPORT_MEDIA_RETRIES = 2
    settings.NEWSDESK_IMPORT_MEDIA_RETRY_BACKOFF = 0


def export_showing(tmp_path, *urls, **fields):
    images = "".join(f'<p><img src="{url}" alt="Kandahar"></p>\n' for url in urls)
    return one_post_export(tmp_path, content=f"{images}<p>Sellers were back.</p>", **fields)


def fetch(export, tmp_path, media_root=None):
    report = tmp_path / "report.jsonl"
    out, err, failure = run_wordpress_import(
        export, media_root=media_root, extra=["--fetch-media", "--report", str(report)]
    )
    lines = report.read_text(encoding="utf-8").splitlines()
    return out, failure, [json.loads(line) for line in lines]


def test_an_image_is_downloaded_and_stored_once_across_posts_and_runs(tmp_path):
    with old_site({"mosque.png": [png()]}) as site:
        two_posts = export_showing(tmp_path, site.url("mosque.png"))
        text = two_posts.read_text(encoding="utf-8")
        start, end = text.index("<item>"), text.index("</item>") + len("</item>")
        second = text[start:end].replace("901", "902").replace("bird-market", "bird-fair")
        two_posts.write_text(text[:end] + second + text[end:], encoding="utf-8")

        out, failure, warnings = fetch(two_posts, tmp_path)
        assert (failure, warnings) == ("", [])
        assert site.asked == [f"{UPLOADS_PATH}mosque.png"]  # once for both posts

        fetch(two_posts, tmp_path)

    [image] = get_image_model().objects.all()
    assert image.file.read() == PHOTO.read_bytes()
    assert [block["image"] for block in values(901, "image") + values(902, "image")] == [
        image.pk,
        image.pk,
    ]


def test_the_uploads_folder_is_used_first_and_the_rest_is_downloaded(tmp_path):
    in_uploads = "https://frontier.example/wp-content/uploads/2021/10/kandahar-mosque.png"
    other = png(PHOTO.read_bytes() + b"\0")  # a different file, so a second image
    with old_site({"convoy.png": [other]}) as site:
        export = export_showing(tmp_path, in_uploads, site.url("convoy.png"))

        _, failure, warnings = fetch(export, tmp_path, media_root=UPLOADS)

        assert site.asked == [f"{UPLOADS_PATH}convoy.png"]
    assert (failure, warnings) == ("", [])
    assert get_image_model().objects.count() == 2


def test_a_server_error_is_retried(tmp_path):
    busy = (503, {"Content-Type": "text/html", "Retry-After": "0"}, b"Busy")
    with old_site({"mosque.png": [busy, png()]}) as site:
        _, failure, warnings = fetch(export_showing(tmp_path, site.url("mosque.png")), tmp_path)

        assert len(site.asked) == 2
    assert (failure, warnings) == ("", [])
    assert "image" in [block.block_type for block in post_draft(901).body]


def test_each_image_that_cannot_be_downloaded_is_named_with_its_reason(tmp_path):
    big = b"\x89PNG" + b"\0" * (CAP * 2)
    answers = {
        "page.png": [(200, {"Content-Type": "text/html"}, b"<html>login</html>")],
        "declared-big.png": [png(big)],
        "undeclared-big.png": [(200, {"Content-Type": "image/png"}, big)],
        "not-really.png": [png(b"GIF? no, text")],
        "always-busy.png": [(503, {"Content-Type": "text/plain", "Retry-After": "0"}, b"")],
        "slow.png": [png()],
    }
    with old_site(answers, slow={"slow.png"}) as site:
        urls = {name: site.url(name) for name in [*answers, "gone.png"]}
        urls["file"] = "file:///etc/passwd"
        urls["ftp"] = "ftp://127.0.0.1/photo.png"
        urls["credentials"] = site.url("mosque.png").replace("://", "://admin:secret@")
        export = export_showing(tmp_path, *urls.values())

        out, failure, warnings = fetch(export, tmp_path)

        assert not any("mosque.png" in path for path in site.asked)
    assert failure == ""
    reasons = {
        warning["detail"].split(" ")[1]: warning["detail"].split(" not downloaded: ")[-1]
        for warning in warnings
        if warning["kind"] == "image left out"
    }
    expected = {
        "page.png": "it is text/html, not an image",
        "declared-big.png": "KB, over the 1000 bytes cap",
        "undeclared-big.png": "larger than the 1000 bytes cap",
        "not-really.png": "what was downloaded is not an image",
        "always-busy.png": "the server answered 503",
        "slow.png": "no answer within 0.5 seconds (tried 3 times)",
        "gone.png": "the server answered 404",
        "file": "only http:// and https:// addresses are fetched",
        "ftp": "only http:// and https:// addresses are fetched",
        "credentials": "the address holds a user name or password",
    }
    assert reasons.keys() == {urls[name] for name in expected}
    for name, reason in expected.items():
        assert reasons[urls[name]].endswith(reason), name
    assert get_image_model().objects.count() == 0
    assert "  10 × image left out, e.g. post 901: image " in out
