"""Owns the response cache's tag versions (kept in the database) and the Redis back-end that
degrades instead of failing. Imports Django and django-redis only: no newsroom app."""
