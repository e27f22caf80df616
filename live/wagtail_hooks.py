"""The live desk's place in Wagtail's admin: its URLs and the coverage history's actions. The
views are in live/desk/; the panel on the coverage's edit page is in its content panels."""

from django.urls import path
from wagtail import hooks

from live.desk import approving, breakout, ending, listing, posting


@hooks.register("register_admin_urls")
def live_desk_urls():
    entry = "live/<int:coverage_id>/entries/<int:entry_id>/"
    return [
        path("live/<int:coverage_id>/entries/", listing.EntriesView.as_view(), name="live_entries"),
        path(
            "live/<int:coverage_id>/entries/new/",
            posting.PostEntryView.as_view(),
            name="live_entry_add",
        ),
        path(entry, posting.EditEntryView.as_view(), name="live_entry_edit"),
        path(f"{entry}approve/", approving.approve_entry, name="live_entry_approve"),
        path(f"{entry}withdraw/", approving.withdraw_entry, name="live_entry_withdraw"),
        path(f"{entry}breakout/", breakout.breakout_view, name="live_entry_breakout"),
        path("live/<int:coverage_id>/end/", ending.end_view, name="live_end"),
        path("live/<int:coverage_id>/reopen/", ending.reopen_view, name="live_reopen"),
    ]


@hooks.register("register_log_actions")
def coverage_history(actions):
    actions.register_action(ending.ENDED, "End live coverage", "Live coverage ended")
    actions.register_action(ending.REOPENED, "Reopen live coverage", "Live coverage reopened")
