"""Schemathesis against /api/v3/openapi.json, anonymously and with a reporter's and an
editor's token: every operation is exercised, none answers a server error, and every
response is in the shape the schema documents.

Nothing is left out of the generated requests, and an operation no valid request can reach
fails the test rather than being skipped. Bounded (a few derandomized examples per operation
and identity, no shrinking) so the suite stays fast; it runs with a published story, its
author and a draft in the database so that detail endpoints have something real to return.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.reporting import UnsatisfiableSchema
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import every_block, token_for
from tests.factories import make_author, make_image, make_story

pytestmark = pytest.mark.django_db

# What we promise: no server error, and every response in the shape the schema documents.
# (Not schemathesis' "ignored auth" check: public reads take a token but do not need one.)
CHECKS = [not_a_server_error, response_schema_conformance]
# Per operation and identity. Writes with a token change the data later operations see; the
# examples are derandomized, so every run sends the same requests in the same order.
EXAMPLES = {"anonymous": 8, "reporter": 4, "editor": 4}
# Operations the schema lists for which no valid request can exist here, and why. Named, so
# that a new unreachable operation fails the test, and so does one of these becoming usable.
UNREACHABLE = {
    "POST /api/v3/snippets/{type}/{pk}/actions/copy_for_translation/": (
        "its {type} lists translatable snippets, and none is (WAGTAIL_I18N_ENABLED is off)"
    ),
}


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
    author.save_revision().publish()
    linked = make_story(world, title="Linked")
    make_story(world, title="Draft in progress", publish=False)
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


@pytest.fixture
def identities(reporter_user, editor_user):
    return {
        "anonymous": {},
        "reporter": {"Authorization": f"Bearer {token_for(reporter_user)}"},
        "editor": {"Authorization": f"Bearer {token_for(editor_user)}"},
    }


def test_api_v3_keeps_its_documented_promises(api_schema, identities):
    # Driven by hand rather than by schemathesis' pytest plugin, whose lazy fixtures do not
    # run on pytest 9: one hypothesis run per operation and identity, inside this test's
    # transaction.
    sent, unreachable = Counter(), set()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for who, headers in identities.items():
        for operation in operations:
            try:
                check_operation(operation, headers, EXAMPLES[who], sent)
            except UnsatisfiableSchema:
                unreachable.add(operation.label)
    assert unreachable == set(UNREACHABLE)
    assert {operation.label for operation in operations} - set(UNREACHABLE) == set(sent)


def check_operation(operation, headers, examples, sent):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        derandomize=True,  # the same examples on every run: CI is a gate, not a lottery
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call_and_validate(case):
        sent[operation.label] += 1
        case.call_and_validate(headers={"Host": "localhost", **headers}, checks=CHECKS)

    call_and_validate()
