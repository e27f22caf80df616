"""What the reader's page tests share: entries posted at known times, and the page read back."""

import json
import re
from datetime import timedelta

from django.utils import timezone

from tests.live.conftest import post_entry

ENTRY_IDS = re.compile(r'<li><article id="entry-(\d+)"')
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def post_entries(coverage, count, start=None, **fields):
    """`count` published entries a minute apart, oldest first; returned oldest first."""
    start = start or timezone.now() - timedelta(hours=2)
    return [
        post_entry(
            coverage,
            text=f"<p>Update number {n}.</p>",
            posted_at=start + timedelta(minutes=n),
            **fields,
        )
        for n in range(count)
    ]


def stream_ids(response):
    """The ids of the entries in the page's stream, in the order the reader sees them."""
    assert response.status_code == 200
    return [int(found) for found in ENTRY_IDS.findall(response.text)]


def json_ld(response):
    (found,) = JSON_LD.findall(response.text)
    return json.loads(found)
