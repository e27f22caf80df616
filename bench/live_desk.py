"""The live coverage the readers' benchmark follows, and the live editor who posts to it.

`open_coverage` publishes a coverage (a story of its own type, through a revision as the
admin publishes one) in a seeded section, with a backlog of entries already posted, and a
live editor (the Editors group) who may log in to the admin with a password of this run.

`EditorAtTheDesk` posts entries as that editor does in a browser, over HTTP: logs in through
the admin's login form, opens "Post an entry", posts the form (Wagtail's StreamField and
Draftail encoding, built by wagtail.test.utils.form_data as the browser's widgets would) with
the "Publish entry" button, and follows the redirect to the entries list. The moment the post
returned is when the 302 arrived.
"""

import http.client
import random
import re
import secrets
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.load import HOST_HEADER
from bench.story_text import Newsroom

EDITOR = "bench-live-editor"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def open_coverage(backlog=30, random_seed=17):
    """A published coverage with `backlog` published entries; returns (coverage, editor,
    password). Needs a seeded newsroom (bench/seed.py): the first section and author."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from live.models import LiveCoverage
    from news.desk.workflow import EDITORS
    from news.models import CategoryPage, StoryAuthor
    from people.models import Author

    writer = Newsroom(random.Random(random_seed))
    section = CategoryPage.objects.live().order_by("path").first()
    author = Author.objects.live().order_by("pk").first()
    coverage = LiveCoverage(
        title="Floods across the delta: live",
        slug="floods-across-the-delta-live",
        body=[
            {"type": "lede", "value": f"<p>{writer.sentence(14, 24)}</p>"},
            {"type": "paragraph", "value": f"<p>{writer.sentence(20, 40)}</p>"},
        ],
        live=False,  # public from the publication below, as a new story is
    )
    coverage.story_authors.add(StoryAuthor(author=author, sort_order=0))
    section.add_child(instance=coverage)
    coverage.save_revision().publish()
    coverage.refresh_from_db()

    password = secrets.token_urlsafe(16)
    editor = get_user_model().objects.create_user(EDITOR, password=password, is_active=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    for number in range(backlog):
        add_entry(coverage, editor, f"Earlier update {number + 1}", writer.sentence(20, 50))
    return coverage, editor, password


def add_entry(coverage, editor, title, text):
    """A published entry written straight to the database (the backlog, the cost probe)."""
    from django.utils import timezone

    from live.models import LiveEntry

    entry = LiveEntry.objects.create(
        coverage=coverage,
        title=title,
        body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
        status=LiveEntry.Status.PUBLISHED,
        posted_at=timezone.now(),
        filed_by=editor,
        published_by=editor,
    )
    entry.authors.add(*coverage.byline)
    return entry


def entry_form(title, text, author_ids):
    """What the "Post an entry" form sends when a live editor presses "Publish entry"."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    form = nested_form_data(
        {"title": title, "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))])}
    )
    form["authors"] = [str(pk) for pk in author_ids]
    form["status"] = "published"
    return form


class EditorAtTheDesk:
    """A logged-in admin session over plain HTTP/1.1 (one connection per request: gunicorn's
    sync workers close each). Cookies are kept by hand: production marks them Secure, which a
    cookie jar would not send over the benchmark's plain http."""

    def __init__(self, host, port, timeout=30.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}

    def request(self, method, path, form=None):
        """(status, headers, body text)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Host": HOST_HEADER}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, text
        finally:
            connection.close()

    def form_token(self, path):
        status, _, page = self.request("GET", path)
        match = CSRF_FIELD.search(page)
        if status != 200 or match is None:
            raise RuntimeError(f"GET {path} answered {status} without a form to fill")
        return match.group(1)

    def log_in(self, username, password):
        token = self.form_token("/admin/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        status, headers, _ = self.request("POST", "/admin/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"logging in as {username} answered {status}, no session")

    def post_entry(self, coverage_id, form):
        """Posts one entry; returns the moment (time.monotonic) the post returned."""
        path = f"/admin/live/{coverage_id}/entries/new/"
        form = {**form, "csrfmiddlewaretoken": self.form_token(path)}
        status, headers, page = self.request("POST", path, form)
        returned = time.monotonic()
        if status != 302:
            errors = re.findall(r'class="error-message"[^>]*>\s*<span>([^<]*)', page)
            raise RuntimeError(f"posting an entry answered {status}: {errors or page[:300]}")
        self.request("GET", headers["Location"])  # the browser follows to the entries list
        return returned
