"""Downloading a post's images from the old site (`import_wordpress --fetch-media`), when no
copy of its uploads folder is at hand.

Each download is bounded: a connect and read timeout and an overall deadline, a size cap
checked before and while reading, an image content type, and a few retries for the answers
that mean "try again" (429, 5xx, a dropped connection). One URL is fetched once per run
however many posts show it; the same picture fetched again on a later run is found by its
hash, so re-runs store nothing new.

Which addresses it may reach: only http(s) URLs, without credentials in them. Unlike webhooks
(webhooks/addresses.py), internal addresses are allowed: the import is run from the server's
command line by someone who can already reach them, and an old WordPress site is often on the
newsroom's own network. What comes back is stored only if it is an image, so a URL pointing at
an internal service cannot copy its answers into the newsroom. Imports nothing of the project.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import TimeoutError
from urllib3.util.retry import Retry

from news.importers.files import filesizeformat

CHUNK_BYTES = 64 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass
class MediaFetcher:
    """Fetches image files by URL for one import run, remembering each answer."""

    timeout: float = field(default_factory=lambda: settings.NEWSDESK_IMPORT_MEDIA_TIMEOUT_SECONDS)
    max_bytes: int = field(default_factory=lambda: settings.NEWSDESK_IMPORT_MAX_IMAGE_BYTES)
    retries: int = field(default_factory=lambda: settings.NEWSDESK_IMPORT_MEDIA_RETRIES)
    fetched: dict = field(default_factory=dict)

    def __post_init__(self):
        self.session = requests.Session()
        self.session.max_redirects = 5
        retry = Retry(
            total=self.retries,
            backoff_factor=settings.NEWSDESK_IMPORT_MEDIA_RETRY_BACKOFF,
            status_forcelist=RETRY_STATUSES,
            allowed_methods={"GET"},
            raise_on_status=False,
            # A server asking to be called back in an hour must not stall the whole import.
            respect_retry_after_header=False,
        )
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, HTTPAdapter(max_retries=retry))

    def fetch(self, url):
        """(the file's bytes, None), or (None, why it could not be had) for the summary."""
        if url not in self.fetched:
            self.fetched[url] = self._download(url)
        return self.fetched[url]

    def _download(self, url):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None, "not downloaded: only http:// and https:// addresses are fetched"
        if parts.username or parts.password:
            return None, "not downloaded: the address holds a user name or password"
        try:
            with self.session.get(url, timeout=self.timeout, stream=True) as response:
                return self._read(response)
        except requests.exceptions.TooManyRedirects:
            return None, "not downloaded: too many redirects"
        except requests.exceptions.RequestException as error:
            return None, f"not downloaded: {self._failure(error)}"

    def _failure(self, error):
        tries = f"tried {self.retries + 1} times"
        # Once retries run out, requests wraps the last error in urllib3's MaxRetryError.
        cause = getattr(error.args[0], "reason", None) if error.args else None
        if isinstance(error, requests.exceptions.Timeout) or isinstance(cause, TimeoutError):
            return f"no answer within {self.timeout:g} seconds ({tries})"
        return f"{type(cause or error).__name__} ({tries})"

    def _read(self, response):
        if response.status_code != 200:
            return None, f"not downloaded: the server answered {response.status_code}"
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith("image/"):
            return (
                None,
                f"not downloaded: it is {content_type or 'of no stated type'}, not an image",
            )
        limit = filesizeformat(self.max_bytes)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return None, f"not downloaded: {filesizeformat(int(declared))}, over the {limit} cap"
        deadline = time.monotonic() + self.timeout * 4
        data = bytearray()
        for chunk in response.iter_content(CHUNK_BYTES):
            data.extend(chunk)
            if len(data) > self.max_bytes:
                return None, f"not downloaded: larger than the {limit} cap"
            if time.monotonic() > deadline:
                # A server dripping bytes slowly never trips the read timeout.
                return None, f"not downloaded: took over {self.timeout * 4:g} seconds"
        return bytes(data), None
