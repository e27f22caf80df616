"""The server under load: gunicorn started and stopped for the run, its workers' CPU and
memory read from /proc, and each scenario's load driven from a separate process
(wrk, bench/wrk.py; bench/load.py where wrk is missing), so the load generator never competes
with the workers' interpreter. gunicorn serves bench/wsgi.py: Newsdesk, plus the trivial view
without our middleware that is the second baseline.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import wrk
from bench.scratch_site import REPO

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
REQUEST_TIMEOUT = 30  # seconds: gunicorn's worker timeout (cms/gunicorn.conf.py)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers, log_path, cache_on, replica_url=None):
    env = dict(
        os.environ,
        # The reads anonymous readers make go to the replica (frontdoor/read_replica.py).
        **({"DATABASE_REPLICA_URL": replica_url} if replica_url else {}),
        NEWSDESK_RESPONSE_CACHE="true" if cache_on else "false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        # No recycling during the run: workers keep their pids, so VmHWM is the whole run's peak.
        GUNICORN_MAX_REQUESTS="0",
    )
    log_file = open(log_path, "wb")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(
        [GUNICORN, "-c", str(REPO / "cms" / "gunicorn.conf.py"), "bench.wsgi:application"],
        cwd=REPO,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log_path}")
        if len(worker_pids(server.pid)) == workers and healthy(port):
            return server
        time.sleep(0.2)
    stop(server)
    raise SystemExit(f"gunicorn did not become ready; see {log_path}")


def healthy(port):
    import http.client

    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz", headers={"Host": "localhost"})
        return connection.getresponse().status == 200
    except OSError:
        return False


def stop(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_pids(master_pid):
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    except OSError:
        return []
    return sorted(int(pid) for pid in children.split())


def memory_mb(pid):
    """Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB."""
    values = {}
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the worker is gone (gunicorn killed it after a timeout)
        status = ""
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"pid": pid, "peak_mb": values.get("VmHWM"), "rss_mb": values.get("VmRSS")}


def cpu_seconds(pids):
    """User + system CPU time the processes have used so far; None if one of them is gone."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def load_average():
    return float(Path("/proc/loadavg").read_text().split()[0])


def drive(port, paths, args, cached):
    """One scenario's load: with wrk unless --generator python (or wrk is missing)."""
    if args.generator == "wrk":
        try:
            return wrk.run(port, paths, args.concurrency, args.duration, args.warmup, cached)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
            return {"ok": False, "failure": {"load_generator": str(error)[-500:]}}
    command = [
        PYTHON,
        str(REPO / "bench" / "load.py"),
        "--json",
        f"--base=http://127.0.0.1:{port}",
        f"--concurrency={args.concurrency}",
        f"--duration={args.duration}",
        f"--warmup={args.warmup}",
        *(["--cached"] if cached else []),
        *paths,
    ]
    # Probe (≤ duration), warm-up and load, each possibly overrun by requests still in flight
    # (at most gunicorn's 30 s timeout); past that the scenario is failed, not waited for.
    limit = 2 * args.duration + args.warmup + 3 * REQUEST_TIMEOUT + 60
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"ok": False, "failure": {"load_generator": f"no answer within {limit:.0f} s"}}
    if done.returncode != 0:
        return {"ok": False, "failure": {"load_generator": done.stderr[-500:]}}
    return json.loads(done.stdout)
