"""Simulated readers of a live coverage page, polling as its script does, and what they saw.

`Poller` is the page's script (live/static/live/live_coverage.js) without the page: it asks
the cursor endpoint for what changed `since` the last cursor, a fixed pause after the previous
answer, with the ETag of the previous 200 for the same URL in If-None-Match; a 304 changes
nothing, a 200 gives entries and the next cursor, a 404 stops it, any other failure doubles
the pause (up to a minute). It notes when it first received each published entry, by title.

`read_coverage` is one reader: it opens the page (the cursor and entries URL the page names),
then polls until told to stop, over a raw HTTP/1.1 connection of its own (asyncio, so 200
readers cost one thread; kept alive when the server allows, gunicorn's sync workers do not).
"""

import asyncio
import json
import re
import time
from dataclasses import dataclass, field

from bench.load import HOST_HEADER, percentile

POLL_SECONDS = 3.0  # POLL_MS
MOST_BACKOFF_SECONDS = 60.0  # MOST_BACKOFF_MS
ENTRIES_LIST = re.compile(r"<ol\b[^>]*\bdata-live-entries\b[^>]*>")
ATTRIBUTE = re.compile(r'\bdata-(cursor|entries-url)="([^"]*)"')


def page_state(html):
    """(cursor, entries URL) as the coverage page's entries list names them."""
    tag = ENTRIES_LIST.search(html)
    if tag is None:
        raise ValueError("the page has no live entries list (data-live-entries)")
    attributes = dict(ATTRIBUTE.findall(tag.group(0)))
    return attributes["cursor"], attributes["entries-url"]


@dataclass
class Poller:
    cursor: str
    entries_url: str
    etag: str | None = None
    delay: float = POLL_SECONDS
    stopped: bool = False
    first_seen: dict = field(default_factory=dict)  # entry title -> moment first received
    polls: list = field(default_factory=list)  # (moment, status) of every poll

    def request(self):
        """The path and headers of the next poll."""
        headers = {"Accept": "application/json"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        separator = "&" if "?" in self.entries_url else "?"
        return f"{self.entries_url}{separator}since={self.cursor}", headers

    def receive(self, status, etag, body, moment):
        """Apply one answer, as the script does; `moment` is when its last byte arrived."""
        self.polls.append((moment, status))
        if status == 404:
            self.stopped = True  # the coverage is no longer public
            return
        if status == 304:
            self.delay = POLL_SECONDS
            return
        if status != 200:
            self.delay = min(self.delay * 2, MOST_BACKOFF_SECONDS)
            return
        data = json.loads(body)
        for entry in data["entries"]:
            if entry["status"] == "published":
                self.first_seen.setdefault(entry["title"], moment)
        asked, self.cursor = self.cursor, str(data["cursor"])
        # An ETag names the answer to one URL: once the cursor moves, the next URL differs.
        self.etag = etag if self.cursor == asked else None
        self.delay = POLL_SECONDS
        if data["coverage"]["status"] == "ended":
            self.stopped = True


class Connection:
    """One reader's HTTP/1.1 connection to the server, reopened whenever the server closes it."""

    def __init__(self, host, port, timeout=30.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.streams = None

    async def get(self, path, headers=()):
        """(status, headers with lower-case names, body); status 0 if the request failed."""
        try:
            return await asyncio.wait_for(self._get(path, dict(headers)), self.timeout)
        except (
            TimeoutError,
            OSError,
            asyncio.IncompleteReadError,
            ValueError,
            IndexError,
        ) as error:
            # IndexError: no status line, the server closed a kept-alive connection first.
            self.close()
            return 0, {}, str(error).encode()

    async def _get(self, path, headers):
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        lines = [f"GET {path} HTTP/1.1", f"Host: {HOST_HEADER}", "Connection: keep-alive"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        received = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            received[name.strip().lower()] = value.strip()
        if status == 304 or status < 200:
            body = b""
        elif "content-length" in received:
            body = await reader.readexactly(int(received["content-length"]))
        else:  # gunicorn ends a response of unknown length by closing
            body = await reader.read()
            received["connection"] = "close"
        if received.get("connection", "").lower() == "close":
            self.close()
        return status, received, body

    def close(self):
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def read_coverage(host, port, page_path, stop, opened_within=POLL_SECONDS, rng=None):
    """One reader: opens the page at a random moment within `opened_within` seconds, then
    polls until `stop` (an asyncio.Event) is set. Returns its Poller."""
    if rng is not None:
        await asyncio.sleep(rng.uniform(0, opened_within))
    connection = Connection(host, port)
    status, _, body = await connection.get(page_path, {"Accept": "text/html"})
    if status != 200:
        raise RuntimeError(f"{page_path} answered {status}: {body[:200]!r}")
    poller = Poller(*page_state(body.decode()))
    try:
        while not poller.stopped and not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), poller.delay)
                break  # stopped while waiting
            except TimeoutError:
                pass
            path, headers = poller.request()
            status, received, body = await connection.get(path, headers)
            poller.receive(status, received.get("etag"), body, time.monotonic())
    finally:
        connection.close()
    return poller


def latencies(posted, pollers):
    """Seconds from each entry's post returning to each reader first receiving it, and how
    many (reader, entry) pairs never arrived. `posted` is {title: moment the post returned}."""
    values, missed = [], 0
    for poller in pollers:
        for title, moment in posted.items():
            seen = poller.first_seen.get(title)
            if seen is None:
                missed += 1
            else:
                values.append(seen - moment)
    return values, missed


def summary(values):
    """p50, p95 and max (and how many), in seconds to the millisecond."""
    ordered = sorted(values)
    rounded = {
        "p50": percentile(ordered, 0.50),
        "p95": percentile(ordered, 0.95),
        "max": ordered[-1] if ordered else None,
    }
    return {"n": len(ordered)} | {
        name: None if value is None else round(value, 3) for name, value in rounded.items()
    }


def poll_counts(pollers, start, end):
    """Polls answered within [start, end): how many, per second, and the share of 304s."""
    statuses = [status for p in pollers for moment, status in p.polls if start <= moment < end]
    seconds = end - start
    return {
        "polls": len(statuses),
        "polls_per_second": round(len(statuses) / seconds, 1) if seconds > 0 else None,
        "share_304": round(statuses.count(304) / len(statuses), 3) if statuses else None,
        "failed": sum(1 for status in statuses if status not in (200, 304)),
    }
