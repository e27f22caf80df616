"""A small, bounded HTTP load generator: fixed concurrency, fixed duration, percentiles.

Each of `--concurrency` threads keeps its own http.client connection (kept alive when the
server allows it; gunicorn's sync workers close after each response, and http.client then
reconnects), cycles through the given paths, and records every request's latency from send
to the last byte of the body. A warm-up period runs first and is not counted. The run stops
at `--duration` seconds or `--max-requests` requests, whichever comes first.

Before any load, each path is fetched once: if one answers other than 2xx, or not at all,
the scenario is reported as failed (with the status) and no load is sent.

    python bench/load.py --base http://127.0.0.1:8000 /healthz /feed/ --duration 5
    python bench/load.py ... --json     # one JSON object on stdout, for bench/run.py

Only loopback addresses are accepted as targets.
"""

import argparse
import http.client
import ipaddress
import json
import socket
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

HOST_HEADER = "localhost"  # the Wagtail Site's hostname (and in ALLOWED_HOSTS)


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


def check_loopback(host):
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        raise SystemExit(f"refusing to send load to {host} ({address}): loopback only")


class Client:
    """One connection, one request at a time."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.connection = None

    def get(self, path, header=None):
        """(status, body bytes, seconds); status 0 when the request failed outright. With
        `header`, that response header's value (or None) instead of the body."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            self.connection.request("GET", path, headers={"Host": HOST_HEADER})
            response = self.connection.getresponse()
            body = response.read()
            if response.will_close:
                self.close()
            if header is not None:
                body = response.getheader(header)
            return response.status, body, time.perf_counter() - start
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return 0, str(error).encode(), time.perf_counter() - start

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def probe(host, port, paths, timeout, repeat=1, budget=10.0):
    """Fetch each path `repeat` times: (first failure as a dict or None, requests sent).

    Stops early, without failing, once `budget` seconds are spent: a page that takes seconds
    is checked on its first URLs only, and the load itself counts any later failure.
    """
    client = Client(host, port, timeout)
    deadline, sent = time.perf_counter() + budget, 0
    try:
        for path in paths:
            for _ in range(repeat):
                status, body, _ = client.get(path)
                sent += 1
                if not 200 <= status < 300:
                    text = body[:300].decode(errors="replace")
                    return {"path": path, "status": status, "body": text}, sent
            if time.perf_counter() > deadline:
                break
    finally:
        client.close()
    return None, sent


def probe_budget(duration, cached):
    """Seconds the probe may take. A cached scenario's probe is what fills every worker's
    cache, so it fetches every URL however long that takes; others check the first URLs of a
    slow page only."""
    return float("inf") if cached else duration


def cache_hits(host, port, paths, timeout):
    """After a cached scenario's load, how many of its URLs the response cache answers (its
    X-Cache header), as "hits/URLs": the scenario measured the cache only if all are hits."""
    client, hits = Client(host, port, timeout), 0
    try:
        for path in paths:
            hits += client.get(path, header="X-Cache")[1] == "hit"
    finally:
        client.close()
    return f"{hits}/{len(paths)}"


def drive(host, port, paths, concurrency, seconds, max_requests, timeout):
    """Load for `seconds` (or `max_requests`); per-request latencies and statuses."""
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies, statuses, sent = [], {}, [0]
    byte_count = [0]

    def worker(offset):
        client = Client(host, port, timeout)
        index = offset
        mine, my_statuses, my_bytes = [], {}, 0
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            status, body, elapsed = client.get(paths[index % len(paths)])
            index += concurrency
            mine.append(elapsed)
            my_statuses[status] = my_statuses.get(status, 0) + 1
            my_bytes += len(body)
        client.close()
        with lock:
            latencies.extend(mine)
            for status, count in my_statuses.items():
                statuses[status] = statuses.get(status, 0) + count
            byte_count[0] += my_bytes

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - start, byte_count[0]


def run(
    base,
    paths,
    concurrency=4,
    duration=10.0,
    warmup=2.0,
    max_requests=200_000,
    cached=False,
    timeout=30.0,
):
    """Probe, warm up, load; a summary dict (`ok` False and `failure` set if it failed)."""
    parts = urlsplit(base)
    host, port = parts.hostname, parts.port or 80
    check_loopback(host)
    # A cached scenario fetches each URL a few times first, so every worker's cache holds it.
    failure, total = probe(
        host, port, paths, timeout, repeat=3 if cached else 1, budget=probe_budget(duration, cached)
    )
    if failure:
        return {"ok": False, "failure": failure, "paths": len(paths)}
    if warmup > 0:
        total += len(drive(host, port, paths, concurrency, warmup, max_requests, timeout)[0])
    latencies, statuses, elapsed, byte_count = drive(
        host, port, paths, concurrency, duration, max_requests, timeout
    )
    latencies.sort()
    good = sum(count for status, count in statuses.items() if 200 <= status < 300)
    errors = len(latencies) - good
    summary = {
        "ok": errors == 0,
        "generator": "python (bench/load.py)",
        "paths": len(paths),
        "requests": len(latencies),
        "total_requests": total + len(latencies),  # with probes and warm-up: for CPU per request
        "errors": errors,
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "seconds": round(elapsed, 3),
        "rps": round(good / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else None,
        "bytes_per_response": round(byte_count / len(latencies)) if latencies else 0,
    }
    if errors:
        summary["failure"] = {"errors": errors, "statuses": summary["statuses"]}
    if cached:
        summary["cache_hits"] = cache_hits(host, port, paths, timeout)
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="paths to cycle through, e.g. /healthz")
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="loopback server URL")
    parser.add_argument("--concurrency", type=int, default=4, help="connections at once")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load not counted")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many")
    parser.add_argument("--cached", action="store_true", help="fetch each path 3× before load")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    summary = run(
        args.base,
        args.paths,
        concurrency=args.concurrency,
        duration=args.duration,
        warmup=args.warmup,
        max_requests=args.max_requests,
        cached=args.cached,
    )
    if args.json:
        json.dump(summary, sys.stdout)
    else:
        for key, value in summary.items():
            print(f"{key:>20}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
