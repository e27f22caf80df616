"""Real webhook receivers on 127.0.0.1 for tests: well-behaved, failing, slow and redirecting.

Each is a small threaded socket server that answers with raw bytes, so a test can make it do
what no well-behaved HTTP server would (dribble a byte at a time), and records what it got.
"""

import socket
import socketserver
import threading
import time
from contextlib import contextmanager
from unittest import mock


class Receiver(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, answer=b"HTTP/1.1 204 No Content\r\n\r\n", byte_every=None, hold=False):
        self.answer = answer
        self.byte_every = byte_every  # seconds between bytes of the answer; None sends it at once
        # A holding receiver sleeps on each request until `release()`: a sender mid-delivery.
        self.released = threading.Event()
        if not hold:
            self.released.set()
        self.requests = []  # (headers as a dict, body) of every request received
        self.connections = 0
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/newsdesk"

    def release(self):
        self.released.set()

    def stop(self):
        self.released.set()
        self.shutdown()
        self.server_close()


class ReceiverHandler(socketserver.StreamRequestHandler):
    def handle(self):
        receiver = self.server
        receiver.connections += 1
        self.request.settimeout(5)
        self.rfile.readline()  # the request line
        headers = {}
        while (line := self.rfile.readline().decode()) not in ("\r\n", "\n", ""):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = self.rfile.read(int(headers.get("content-length", 0)))
        receiver.requests.append((headers, body))
        receiver.released.wait()
        try:
            if receiver.byte_every is None:
                self.wfile.write(receiver.answer)
                return
            for byte in receiver.answer:
                self.wfile.write(bytes([byte]))
                time.sleep(receiver.byte_every)
        except OSError:
            pass  # the client hung up on us, as it should on a slow receiver


@contextmanager
def receiving(**behaviour):
    receiver = Receiver(**behaviour)
    try:
        yield receiver
    finally:
        receiver.stop()


def closed_port():
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def filtered_port():
    """A loopback port that lets no connection through: a connect hangs, as to a firewall that
    drops packets. Its one-place accept queue is filled and never accepted, so the kernel drops
    every further SYN."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        waiting = []
        try:
            for _ in range(2):
                queued = socket.socket()
                queued.setblocking(False)
                queued.connect_ex(("127.0.0.1", port))
                waiting.append(queued)
            yield port
        finally:
            for queued in waiting:
                queued.close()


@contextmanager
def dns(names):
    """The resolver answers `names` (host name -> IP address, or None for a name that does not
    resolve); everything else as usual."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host in names and names[host] is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(names.get(host, host), *args, **kwargs)

    with mock.patch("socket.getaddrinfo", getaddrinfo):
        yield
