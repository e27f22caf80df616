"""What every page frames its content with, remembered by each worker while the "site" tag
keeps its version.

Which site a host name means, its home page and sections, the view restrictions and the
newsroom settings change only through edits that bump the "site" tag (caching.invalidation),
yet reading them cost a query or more each on every page. Reading the tag's version costs one
query, which a page pays anyway. So a reader's request reads that version once
(frontdoor.sites calls `begin`) and each worker keeps what it built under it; the first request
after a change builds it again. A version is a fresh random string per change, so what a
lagging replica's version names is never taken for the primary's.

Only anonymous reads remember (frontdoor.sites decides): a request that writes may change what
is remembered halfway through, and a bump of "site" forgets the version for the rest of the
request in any case (`forget_version`, called by caching.response_cache.bump).
"""

from contextvars import ContextVar

# Names are bounded by the sites, hosts and sections a newsroom has, unless ALLOWED_HOSTS is
# "*": forget them all past this.
MAX_REMEMBERED = 500

_version = ContextVar("newsdesk_site_version", default=None)
_remembered = {}  # name -> (version, value)


def begin(version):
    """For the rest of this request, what is remembered under `version` is current."""
    return _version.set(version)


def end(token):
    _version.reset(token)


def forget_version():
    _version.set(None)


def remembered(name, build):
    """`build()`'s value, kept by this worker while the "site" tag has this request's version;
    outside a reader's request, `build()` every time. The value is shared by every request the
    worker serves: callers copy what a request may change."""
    version = _version.get()
    if version is None:
        return build()
    found = _remembered.get(name)
    if found is not None and found[0] == version:
        return found[1]
    value = build()
    if _version.get() == version:  # nothing bumped "site" while it was built
        if len(_remembered) >= MAX_REMEMBERED:
            _remembered.clear()
        _remembered[name] = (version, value)
    return value
