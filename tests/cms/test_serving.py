"""How production serves: gunicorn on loopback, and a scheme only a trusted proxy may set.

The request goes through gunicorn's own parser and WSGI environ builder with the settings
`make serve-prod` loads, then through Django with the production security settings.
"""

import importlib
import runpy
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.parser import RequestParser

from frontdoor.proxies import DEFAULT_TRUSTED_PROXIES

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "cms" / "gunicorn.conf.py"
SERVING_ENV = ["GUNICORN_BIND", "PORT", "FORWARDED_ALLOW_IPS"]


def gunicorn_settings(monkeypatch, **env):
    for name in SERVING_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_listens_on_loopback_unless_told_otherwise(monkeypatch):
    assert gunicorn_settings(monkeypatch)["bind"] == "127.0.0.1:8000"
    assert gunicorn_settings(monkeypatch, PORT="9000")["bind"] == "127.0.0.1:9000"
    assert gunicorn_settings(monkeypatch, GUNICORN_BIND="0.0.0.0:80")["bind"] == "0.0.0.0:80"


def test_gunicorn_and_django_trust_the_same_proxies(monkeypatch):
    assert gunicorn_settings(monkeypatch)["forwarded_allow_ips"] == DEFAULT_TRUSTED_PROXIES
    proxies = gunicorn_settings(monkeypatch, FORWARDED_ALLOW_IPS="10.0.0.5")
    assert proxies["forwarded_allow_ips"] == "10.0.0.5"


@pytest.fixture
def production(db, settings, monkeypatch):
    """Django's security settings as cms.settings.production sets them."""
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    # Read afresh, with this environment: both were imported before the test began.
    importlib.reload(importlib.import_module("cms.settings.base"))
    module = importlib.reload(importlib.import_module("cms.settings.production"))
    settings.SECURE_SSL_REDIRECT = module.SECURE_SSL_REDIRECT
    settings.SECURE_PROXY_SSL_HEADER = getattr(module, "SECURE_PROXY_SSL_HEADER", None)
    return module


def serve(monkeypatch, peer, headers, **env):
    """One request from `peer`, through gunicorn's parser and Django; its status and Location."""
    cfg = Config()
    for name, value in gunicorn_settings(monkeypatch, **env).items():
        if name in cfg.settings:
            cfg.set(name, value)
    lines = ["GET /healthz HTTP/1.1", "Host: testserver", *headers, "", ""]
    request = next(RequestParser(cfg, iter([("\r\n".join(lines)).encode()]), (peer, 41000)))
    _, environ = wsgi.create(request, None, (peer, 41000), ("127.0.0.1", 8000), cfg)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(response_headers))

    WSGIHandler()(environ, start_response)
    return answer["status"], answer["headers"].get("Location")


def test_a_forged_forwarded_proto_does_not_make_a_request_secure(production, monkeypatch):
    # Straight from the internet, claiming to have come through the TLS proxy.
    status, location = serve(monkeypatch, "203.0.113.9", ["X-Forwarded-Proto: https"])
    assert (status, location) == (301, "https://testserver/healthz")


def test_the_configured_proxy_may_say_the_request_came_over_https(production, monkeypatch):
    assert serve(monkeypatch, "127.0.0.1", ["X-Forwarded-Proto: https"]) == (200, None)
    proxy = serve(
        monkeypatch, "10.0.0.5", ["X-Forwarded-Proto: https"], FORWARDED_ALLOW_IPS="10.0.0.5"
    )
    assert proxy == (200, None)
    # The proxy itself, when no longer listed, is just another client.
    elsewhere = serve(
        monkeypatch, "127.0.0.1", ["X-Forwarded-Proto: https"], FORWARDED_ALLOW_IPS="10.0.0.5"
    )
    assert elsewhere == (301, "https://testserver/healthz")
