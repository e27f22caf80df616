"""The response cache: tag versions in the database, the middleware that stores and serves
responses, stored parts of pages (fragments), what each worker remembers while the "site" tag
holds (remembered), which tags each edit bumps (invalidation), and a Redis back-end that
degrades instead of failing. response_cache, fragments, remembered, models and redis import no
newsroom app; invalidation and shown_pages read news and people models to know what a
change touches."""
