"""View restrictions, looked up once per request rather than once per list of pages.

Wagtail's `public()` first loads every view restriction, then excludes the pages under them.
A story page lists Recent Posts, checks its related links and draws the sections menu: three
lists, one set of restrictions. The set is remembered for the rest of the request (reset when
the next request starts, and whenever a restriction changes); outside a request nothing is
remembered.
"""

from contextvars import ContextVar

from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

_this_request = ContextVar("newsdesk_view_restrictions", default=None)


class NewsroomPageQuerySet(PageQuerySet):
    def private_q(self):
        remembered = _this_request.get()
        if remembered is None:
            return super().private_q()
        if "private_q" not in remembered:
            remembered["private_q"] = super().private_q()
        return remembered["private_q"]


def start_remembering(**kwargs):
    _this_request.set({})


def forget(**kwargs):
    if _this_request.get() is not None:
        _this_request.set({})


def connect():
    request_started.connect(start_remembering, dispatch_uid="newsdesk-restrictions-request")
    post_save.connect(forget, sender=PageViewRestriction, dispatch_uid="newsdesk-restr-save")
    post_delete.connect(forget, sender=PageViewRestriction, dispatch_uid="newsdesk-restr-del")
