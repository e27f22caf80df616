"""The review desk: the review task, the dashboard panel and story budget, the admin hooks, the
review API and who may file in which section. May import the story model; not api, importers
or distribution."""
