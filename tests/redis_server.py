"""A real redis-server of the test's own, on a free port, that a test can kill and restart."""

import shutil
import socket
import subprocess
import time

import redis

from tests.services import require


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        """Start, loading the dump in its directory if there is one (as after a restart)."""
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.02)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def dump(self):
        """Write everything it holds to its dump file, as a scheduled snapshot would."""
        redis.Redis(port=self.port).save()

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def start_redis_server(directory):
    require("redis-server", shutil.which("redis-server") is not None, "install redis-server")
    server = RedisServer(directory)
    server.start()
    return server
