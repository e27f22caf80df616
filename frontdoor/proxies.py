"""Which peers may speak for the client: the reverse proxies named in FORWARDED_ALLOW_IPS.

gunicorn (cms/gunicorn.conf.py) lets only these peers set the scheme with X-Forwarded-Proto,
and the same list decides whose X-Forwarded-For names the client whose logins are throttled
(frontdoor/login_throttling.py). From anyone else, both headers are the client's own claim and are
ignored: an attacker must not choose the address their failures are counted against.
"""

import ipaddress
import os
from functools import lru_cache

from django.conf import settings

# gunicorn's own default: a proxy on the same host.
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"


def trusted_proxies_from_env():
    return os.environ.get("FORWARDED_ALLOW_IPS", DEFAULT_TRUSTED_PROXIES)


@lru_cache(maxsize=8)
def _networks(spec):
    """The networks in a FORWARDED_ALLOW_IPS value, as gunicorn reads it; None for "*"."""
    entries = [entry.strip() for entry in spec.split(",") if entry.strip()]
    if "*" in entries:
        return None
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address, spec):
    networks = _networks(spec)
    if networks is None:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request):
    """The address of whoever is on the other end, as far as trusted proxies vouch for it.

    Each proxy appends the peer it heard from to X-Forwarded-For, so reading from the right,
    the first hop that is not one of ours is the client; anything to its left is whatever the
    client chose to send.
    """
    spec = settings.FORWARDED_ALLOW_IPS
    peer = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer, spec):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if not hops:
        return peer
    if _networks(spec) is None:
        # "*" trusts every peer, not every hop: only the nearest proxy's entry is known good.
        return hops[-1]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop, spec):
            return hop
    return hops[0]
