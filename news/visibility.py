"""View restrictions, looked up once per request rather than once per list of pages, and
remembered by each worker while the "site" tag keeps its version (caching.remembered: every
change to a restriction bumps it).

Wagtail's `public()` first loads every view restriction, then excludes the pages under them.
A story page lists Recent Posts, checks its related links and draws the sections menu: three
lists, one set of restrictions; and before serving the page Wagtail looks up the restrictions
over it with two queries more. The set is remembered for the rest of the request (and forgotten
whenever a restriction changes) and dropped when the request ends: a restriction removed
without a signal (a rolled-back transaction, another process) would otherwise still hide pages
from whatever the same thread runs next outside a request (a management command, an inline task,
the next test). Outside a request nothing is remembered.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from caching import remembered as caching_remembered

_this_request = ContextVar("newsdesk_view_restrictions", default=None)


def remembered_restrictions():
    """Every view restriction with its page, once per request; None outside one."""
    remembered = _this_request.get()
    if remembered is None:
        return None
    if "restrictions" not in remembered:
        remembered["restrictions"] = caching_remembered.remembered(
            "view-restrictions", lambda: list(PageViewRestriction.objects.select_related("page"))
        )
    return remembered["restrictions"]


class NewsroomPageQuerySet(PageQuerySet):
    def private_q(self):
        restrictions = remembered_restrictions()
        if restrictions is None:
            return super().private_q()
        # As Wagtail's own private_q, from the remembered restrictions.
        private = Q()
        for restriction in restrictions:
            private |= self.descendant_of_q(restriction.page, inclusive=True)
        return private or Q(pk__in=[])


class RemembersViewRestrictions:
    """Page mixin: the restrictions over a page (Wagtail checks them before serving it) found
    among the remembered ones, rather than by querying the page's ancestors and then theirs."""

    def get_view_restrictions(self):
        restrictions = remembered_restrictions()
        if restrictions is None or self.alias_of_id:  # an alias takes its source's: Wagtail's
            return super().get_view_restrictions()
        over = [r.pk for r in restrictions if self.path.startswith(r.page.path)]
        # Still a queryset, as the admin's privacy views expect; an empty one runs no query.
        return PageViewRestriction.objects.filter(pk__in=over)


def start_remembering(**kwargs):
    _this_request.set({})


def stop_remembering(**kwargs):
    _this_request.set(None)


def forget(**kwargs):
    if _this_request.get() is not None:
        _this_request.set({})


def connect():
    request_started.connect(start_remembering, dispatch_uid="newsdesk-restrictions-request")
    request_finished.connect(stop_remembering, dispatch_uid="newsdesk-restrictions-request-end")
    post_save.connect(forget, sender=PageViewRestriction, dispatch_uid="newsdesk-restr-save")
    post_delete.connect(forget, sender=PageViewRestriction, dispatch_uid="newsdesk-restr-del")
