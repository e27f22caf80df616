"""What the middleware does once per worker, or only for the requests that need it, still
happens wherever it matters: the health check skips the response cache, the site's policy is
built once yet follows its setting and any view that tailors it, and the admin's messages,
opened only when used, still reach the next page."""

import pytest
from csp.constants import SELF
from csp.decorators import csp_update
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import include, path

import cms.urls
from caching.response_cache import RESPONSE_PREFIX
from tests.frontdoor.test_security_headers import directives


@csp_update({"img-src": "https://maps.example"})
def tailored_view(request):
    return HttpResponse("<p>Map</p>")


urlpatterns = [path("map/", tailored_view), path("", include(cms.urls))]


@pytest.fixture
def cache_reads(monkeypatch):
    """The stored responses looked up, in order."""
    cache = caches["default"]
    reads = []
    get = cache.get

    def read(key, *args, **kwargs):
        if key.startswith(RESPONSE_PREFIX):
            reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", read)
    return reads


def test_the_health_check_never_reads_the_response_cache(client, cache_reads):
    for _ in range(2):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert cache_reads == []
    # Still under the policy, as every response.
    assert directives(response["Content-Security-Policy"])["default-src"] == ["'self'"]


@pytest.mark.django_db
def test_a_page_still_reads_the_response_cache(client, world, cache_reads):
    client.get(world.url)
    assert client.get(world.url)["X-Cache"] == "hit"
    assert len(cache_reads) == 2


def test_a_changed_policy_shows_on_the_very_next_response(client, settings):
    assert "https://maps.example" not in client.get("/healthz")["Content-Security-Policy"]
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "img-src": [SELF, "https://maps.example"]},
    }
    img_src = directives(client.get("/healthz")["Content-Security-Policy"])["img-src"]
    assert img_src == ["'self'", "https://maps.example"]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_view_that_tailors_the_policy_gets_its_own_and_the_next_one_does_not(client):
    tailored = directives(client.get("/map/")["Content-Security-Policy"])
    assert "https://maps.example" in tailored["img-src"]
    assert tailored["default-src"] == ["'self'"]
    assert "https://maps.example" not in client.get("/healthz")["Content-Security-Policy"]


@pytest.mark.django_db
def test_an_admin_message_reaches_the_next_page(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/logout/", follow=True)
    assert response.status_code == 200
    assert b"You have been successfully logged out." in response.content
    # Shown once: read, it is gone.
    assert b"successfully logged out" not in client.get("/admin/login/").content
