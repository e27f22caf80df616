"""A coverage's entry feeds, beside its page in Wagtail's tree: `<section>/<coverage>/feed/`."""

from django.urls import path

from live import feeds

urlpatterns = [
    path("<slug:section>/<slug:slug>/feed/", feeds.LiveEntryFeed(), name="live_feed"),
    path("<slug:section>/<slug:slug>/feed/atom/", feeds.AtomLiveEntryFeed(), name="live_feed_atom"),
]
