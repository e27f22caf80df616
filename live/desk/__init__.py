"""The live desk in Wagtail's admin: posting, approving, editing and withdrawing entries, ending
and reopening a coverage, breaking an entry out into a story. May import live's models, signals
and serializers, news (the story it breaks out into, a writer's own byline), people and caching."""
