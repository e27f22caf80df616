"""What a test needs beyond Python: chromium, PostgreSQL, a redis-server binary.

On a laptop without it the test is skipped and says why; CI names what it provides in
NEWSDESK_CI_PROVIDES (comma-separated, e.g. "chromium,postgresql,redis-server"), and there a
missing one fails the test instead, so nothing CI can run is ever skipped unseen.
"""

import os

import pytest


def provided_by_ci():
    return {name.strip() for name in os.environ.get("NEWSDESK_CI_PROVIDES", "").split(",")}


def require(service, available, how_to_get_it):
    """Skip (or, where CI provides `service`, fail) unless `available`."""
    if available:
        return
    message = f"{service} is not available: {how_to_get_it}"
    if service in provided_by_ci():
        pytest.fail(f"CI provides {service}, yet {message}")
    pytest.skip(message)
