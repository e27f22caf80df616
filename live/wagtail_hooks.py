"""The live desk's place in Wagtail's admin: its URLs and the coverage history's actions. The
views are in live/desk/; the panel on the coverage's edit page is in its content panels."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton

from live.desk import approving, breakout, ending, listing, posting
from live.desk.permissions import refused_with_403, works_the_live_desk
from live.models import LiveCoverage


@hooks.register("register_admin_urls")
def live_desk_urls():
    entry = "live/<int:coverage_id>/entries/<int:entry_id>/"
    views = [
        ("live/<int:coverage_id>/entries/", listing.EntriesView.as_view(), "entries"),
        ("live/<int:coverage_id>/entries/new/", posting.PostEntryView.as_view(), "entry_add"),
        (entry, posting.EditEntryView.as_view(), "entry_edit"),
        (f"{entry}approve/", approving.approve_entry, "entry_approve"),
        (f"{entry}withdraw/", approving.withdraw_entry, "entry_withdraw"),
        (f"{entry}breakout/", breakout.breakout_view, "entry_breakout"),
        ("live/<int:coverage_id>/end/", ending.end_view, "end"),
        ("live/<int:coverage_id>/reopen/", ending.reopen_view, "reopen"),
    ]
    return [
        path(url, refused_with_403(view), name=f"live_desk_{name}") for url, view, name in views
    ]


@hooks.register("register_log_actions")
def coverage_history(actions):
    actions.register_action(ending.ENDED, "End live coverage", "Live coverage ended")
    actions.register_action(ending.REOPENED, "Reopen live coverage", "Live coverage reopened")


@hooks.register("register_page_listing_buttons")
def entries_in_the_page_listing(page, user, next_url=None):
    # A reporter may not edit another's coverage, and files entries to it all the same: the
    # section's listing takes them to its entries.
    if page.specific_class is LiveCoverage and works_the_live_desk(user):
        url = reverse("live_desk_entries", args=[page.pk])
        yield ListingButton("Entries", url, attrs={"data-live-entries-link": ""}, priority=5)
