"""Authors: profiles with bio and photo, their pages, API endpoint and serializers.
May import news (stories by an author) and caching."""
