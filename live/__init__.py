"""Live coverage: the live page type (a story that runs for hours), its timestamped entries,
how they are posted and approved, read by cursor, rendered and announced.
May import news (the story it builds on, its blocks and visibility rule), people and caching."""
