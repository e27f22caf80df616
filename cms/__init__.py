"""The project package: settings, URLs (with the API router), WSGI and gunicorn config.
It may import every app; no app imports it (tests/test_layout.py)."""
