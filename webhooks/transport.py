"""One POST to a receiver, finished or abandoned within a total deadline.

Socket timeouts bound each read, not the whole exchange: a receiver sending a byte a second
never trips them. Here every step (connect, TLS handshake, send, each read) gets only what is
left of one deadline, and only the status line is read. The connection goes to an address
webhooks.addresses checked, never to a fresh lookup, and redirects are not followed.

The messages are deliberately coarse: a refused, filtered or unreachable port all read "could
not connect", so the delivery log cannot be used to map which ports are open.
"""

import http.client
import re
import socket
import ssl
import time

COULD_NOT_CONNECT = "Could not connect to the receiver."
STATUS_LINE = re.compile(rb"HTTP/1\.[01] ([1-5][0-9][0-9])[ \r]")
LONGEST_STATUS_LINE = 1024


class DeliveryFailed(Exception):
    pass


class Deadline:
    def __init__(self, seconds):
        self.ends = time.monotonic() + seconds
        self.seconds = seconds

    def left(self):
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return remaining


def connect(destination, deadline):
    for address in destination.addresses:
        try:
            return socket.create_connection((address, destination.port), timeout=deadline.left())
        except OSError:
            continue  # the next checked address, if any; which error it was is not reported
    raise DeliveryFailed(COULD_NOT_CONNECT)


def open_channel(destination, deadline):
    sock = connect(destination, deadline)
    if destination.scheme != "https":
        return sock
    try:
        sock.settimeout(deadline.left())
        context = ssl.create_default_context()
        return context.wrap_socket(sock, server_hostname=destination.host)
    except (OSError, ssl.SSLError):
        sock.close()
        raise DeliveryFailed("The TLS handshake with the receiver failed.") from None


def read_status(sock, deadline):
    received = b""
    while b"\n" not in received and len(received) < LONGEST_STATUS_LINE:
        sock.settimeout(deadline.left())
        chunk = sock.recv(LONGEST_STATUS_LINE)
        if not chunk:
            break
        received += chunk
    if match := STATUS_LINE.match(received):
        return int(match.group(1))
    raise DeliveryFailed("The receiver did not answer with an HTTP status line.")


def post(destination, body, headers, seconds):
    """POST `body` and return the receiver's status code, or raise DeliveryFailed."""
    deadline = Deadline(seconds)
    try:
        sock = open_channel(destination, deadline)
    except TimeoutError:
        raise DeliveryFailed(COULD_NOT_CONNECT) from None
    try:
        connection_class = (
            http.client.HTTPSConnection
            if destination.scheme == "https"
            else http.client.HTTPConnection
        )
        request = connection_class(destination.host, destination.port)
        request.sock = sock  # already connected to the checked address: no second lookup
        sock.settimeout(deadline.left())
        request.request(
            "POST", destination.path, body=body, headers={**headers, "Connection": "close"}
        )
        return read_status(sock, deadline)
    except TimeoutError:
        raise DeliveryFailed(f"No answer within {deadline.seconds:g} s.") from None
    except OSError:
        raise DeliveryFailed("The receiver closed the connection.") from None
    finally:
        sock.close()
