import pytest

from tests import factories
from tests.services import fail_skips_under_ci, other_database, skip_on_other_databases


def pytest_collection_modifyitems(items):
    skip_on_other_databases(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    fail_skips_under_ci(report, other_database in item.stash)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield  # a module skipped whole, e.g. by pytest.importorskip
    fail_skips_under_ci(report)
    return report


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    # Wagtail caches site root paths; a fresh cache per test keeps tests independent.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def uncached(settings):
    """Measure the work a request does, not the response cache's shortcut around it."""
    settings.NEWSDESK_RESPONSE_CACHE = False


@pytest.fixture
def world(db):
    return factories.make_section("World")


@pytest.fixture
def reporter(db):
    return factories.make_author(
        "Mrityunjoy Kumar Jha",
        role="Senior correspondent",
        bio='<p>Covers <a href="https://example.com/terror">global terrorism</a>.</p>',
        x_handle="mkjha",
        email="mk@newsroom.example",
    )
