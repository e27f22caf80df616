"""Gunicorn settings for `make serve-prod`; each can be overridden from the environment."""

import os

# Loopback unless told otherwise: the reverse proxy in front (TLS, buffering) is the only
# client. GUNICORN_BIND=0.0.0.0:8000 to listen on every interface.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Load the app before forking: workers share its memory, and a broken deploy fails at once.
preload_app = True
accesslog = "-"
errorlog = "-"
# Only these peers may set the scheme with X-Forwarded-Proto (wsgi.url_scheme, which Django's
# is_secure() reads); the same variable decides whose X-Forwarded-For Django believes
# (frontdoor/proxies.py, whose default this repeats: this file is loaded before the project is).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
