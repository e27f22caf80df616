"""Load from wrk (Debian's `wrk`): a C load generator, so the client is never what limits the
server, which the Python generator (bench/load.py) was at ~1,000 req/s on two cores.

Each scenario is probed first by bench/load.py (every URL must answer 2xx; a cached scenario
fetches each URL 3 times), then wrk runs `--warmup` seconds uncounted and `--duration` seconds
measured with 2 threads and `--concurrency` connections, cycling through the scenario's paths
(bench/wrk_report.lua), and its RESULT line is parsed into the summary bench/load.py gives.
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench import load

WRK = shutil.which("wrk")
SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
THREADS = 2
TIMEOUT = 30  # seconds: gunicorn's worker timeout (cms/gunicorn.conf.py)
SOCKET_ERRORS = ("connect_errors", "read_errors", "write_errors", "timeouts")
RESULT = re.compile(r"^RESULT (.*)$", re.MULTILINE)


def available():
    return WRK is not None


def parse(output):
    """The numbers of wrk_report.lua's RESULT line, as a dict; ValueError if there is none."""
    found = RESULT.search(output)
    if found is None:
        raise ValueError(f"no RESULT line in wrk's output: {output[-300:]!r}")
    numbers = {}
    for pair in found.group(1).split():
        key, _, value = pair.partition("=")
        numbers[key] = float(value) if "." in value else int(value)
    return numbers


def summarise(numbers, paths):
    """bench/load.py's summary of a run, from wrk's numbers."""
    requests, seconds = numbers["requests"], numbers["seconds"]
    failed_requests = numbers["status_errors"]
    socket_errors = sum(numbers[key] for key in SOCKET_ERRORS)
    good = requests - failed_requests
    summary = {
        "ok": failed_requests == 0 and socket_errors == 0 and requests > 0,
        "generator": "wrk",
        "paths": len(paths),
        "requests": requests,
        "errors": failed_requests + socket_errors,
        "seconds": seconds,
        "rps": round(good / seconds, 2) if seconds else 0.0,
        "p50_ms": numbers["p50_ms"],
        "p95_ms": numbers["p95_ms"],
        "p99_ms": numbers["p99_ms"],
        "mean_ms": numbers["mean_ms"],
        "bytes_per_response": round(numbers["bytes"] / requests) if requests else 0,
    }
    if not summary["ok"]:
        summary["failure"] = {
            key: numbers[key] for key in ("status_errors", *SOCKET_ERRORS) if numbers[key]
        } or {"requests": 0}
    return summary


def command(port, paths_file, seconds, connections):
    return [
        WRK,
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        f"{TIMEOUT}s",
        "-H",
        f"Host: {load.HOST_HEADER}",
        "-s",
        str(SCRIPT),
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
    ]


def measure(port, paths, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".paths") as paths_file:
        paths_file.write("\n".join(paths) + "\n")
        paths_file.flush()
        done = subprocess.run(
            command(port, paths_file.name, seconds, connections),
            capture_output=True,
            text=True,
            timeout=seconds + 2 * TIMEOUT,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited with {done.returncode}: {done.stderr[-300:]}")
    return parse(done.stdout)


def run(port, paths, concurrency=8, duration=10.0, warmup=2.0, cached=False):
    """Probe, warm up and load with wrk; the same summary bench/load.py's run gives."""
    budget = load.probe_budget(duration, cached)
    repeat = 3 if cached else 1
    failure, total = load.probe("127.0.0.1", port, paths, TIMEOUT, repeat=repeat, budget=budget)
    if failure:
        return {"ok": False, "failure": failure, "paths": len(paths)}
    if warmup > 0:
        total += measure(port, paths, warmup, concurrency)["requests"]
    numbers = measure(port, paths, duration, concurrency)
    summary = summarise(numbers, paths)
    # With probes and warm-up: what the workers' CPU time was spent on.
    summary["total_requests"] = total + numbers["requests"]
    if cached:
        summary["cache_hits"] = load.cache_hits("127.0.0.1", port, paths, TIMEOUT)
    return summary
