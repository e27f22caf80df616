"""Stories leaving the site for other readers' tools: RSS and Atom feeds, sitemaps (with Google
News) and robots.txt, and schema.org structured data. May import the story model, people and
caching; not api, desk or importers."""
