"""The story model: sections, stories, bylines, corrections, blocks, the visibility rule, and
the templates that render them. Sub-packages do one job each on top of it: api, desk,
importers, distribution. May import people (authors) and caching; never cms or home."""
