"""Stories from elsewhere: the seed article format and WordPress exports (WXR), with their size
limits. Management commands stay thin and call these. May import the story model and people;
not api, desk or distribution."""
