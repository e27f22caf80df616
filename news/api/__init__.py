"""The headless API for stories: v2 viewsets, v3 additions, serializers, stored story JSON,
preview tokens and the API's HTTP manners. May import the story model, people's serializers and
caching; not the desk, importers or distribution."""
