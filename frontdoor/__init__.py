"""How requests meet the site: which proxies to believe, security headers on every response,
login throttling, the site a host name means, which database a request reads (read_replica),
the health check and the 400 page.
Imports Django, Wagtail, django-axes, django-csp and caching (for the site tag); no newsroom app."""
