"""/healthz: the liveness probe (and the benchmark's baseline)."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_needs_no_database_at_all(client):
    # No django_db mark: any query would fail the test.
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200


def test_healthz_is_read_only(client):
    assert client.post("/healthz").status_code == 405
