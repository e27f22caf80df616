"""Where a webhook may send: the rule that keeps receivers from being a way into our network.

A receiver's URL must be http(s) (https only in production unless NEWSDESK_WEBHOOK_ALLOW_HTTP),
and every address its host resolves to must be a public one, unless the host is named in
NEWSDESK_WEBHOOK_ALLOWED_HOSTS. The same check runs when the URL is saved and before every
delivery, and a delivery connects only to the addresses checked, so a name that later resolves
to an internal address (DNS rebinding) is refused rather than followed.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


class Unreachable(ValidationError):
    """A receiver URL webhooks may not (or cannot) reach; the message says why, for the admin."""


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str
    port: int
    path: str  # with the query string
    addresses: tuple[str, ...]  # checked; the only ones a delivery may connect to


def is_internal(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone such as %eth0
    if ip.version == 6 and (embedded := ip.ipv4_mapped or ip.sixtofour):
        ip = embedded  # ::ffff:127.0.0.1 and 2002:7f00:1:: lead to 127.0.0.1
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # shared address space (100.64/10) and the like
    )


def allowed_hosts():
    return {host.strip().lower() for host in settings.NEWSDESK_WEBHOOK_ALLOWED_HOSTS if host}


def resolve(host, port):
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Unreachable(f"The host name “{host}” does not resolve.") from None
    return tuple(dict.fromkeys(info[4][0] for info in found))


def destination(url):
    """Check `url` and resolve its host: a Destination, or Unreachable saying why not."""
    parts = urlsplit(url)
    schemes = ("http", "https") if settings.NEWSDESK_WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in schemes:
        raise Unreachable(
            "Webhook URLs must start with "
            + " or ".join(f"{scheme}://" for scheme in schemes)
            + "."
        )
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise Unreachable("The port is not a number between 0 and 65535.") from None
    if not host:
        raise Unreachable("The URL has no host name.")
    if parts.username or parts.password:
        raise Unreachable("Put credentials in the secret, not in the URL.")
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if host.lower() not in allowed_hosts() and any(map(is_internal, addresses)):
        raise Unreachable(
            f"“{host}” is a private, loopback or otherwise internal address; webhooks may only "
            "reach public hosts (or hosts named in NEWSDESK_WEBHOOK_ALLOWED_HOSTS)."
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(parts.scheme, host, port, path, addresses)


def validate_receiver_url(url):
    """Model and form validator: the URL is saved only if a delivery could go there."""
    destination(url)
