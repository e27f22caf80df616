"""Lists split into pages for readers: counted (Django's paginator) or, for long newest-first
lists of stories, uncounted."""

import math
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator

# Larger offsets cannot address a real row, and SQLite fails on them ("datatype mismatch").
MAX_OFFSET = 10**9


def paginate(request, queryset):
    return Paginator(queryset, settings.NEWSDESK_PAGE_SIZE).get_page(request.GET.get("page"))


class UncountedPage(Sequence):
    """A page of a list that was never counted: what the pagination links need, and no total."""

    paginator = None  # so the pagination template leaves out "of <total>"

    def __init__(self, object_list, number, has_next):
        self.object_list = object_list
        self.number = number
        self._has_next = has_next

    def __getitem__(self, index):
        return self.object_list[index]

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def paginate_newest(request, stories):
    """The requested page of a newest-first list of stories, without counting the list.

    Counting a section of 10,000 stories cost more than showing ten of them, so a page reads
    one story past its end to learn whether an older page follows. Only a page number past
    the end pays for a count, to land where Django's paginator does: on the last page (and a
    page "number" that is not a number shows the first).
    """
    per_page = settings.NEWSDESK_PAGE_SIZE
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 1
    if (number - 1) * per_page > MAX_OFFSET:
        # No list is that long, and databases fail on such offsets rather than find nothing.
        raise BadRequest(f"There is no page {number}: pages are numbered from 1 to the last.")
    if number >= 1:
        start = (number - 1) * per_page
        found = list(stories[start : start + per_page + 1])
        if found or number == 1:
            return UncountedPage(found[:per_page], number, has_next=len(found) > per_page)
    number = max(1, math.ceil(stories.count() / per_page))
    start = (number - 1) * per_page
    return UncountedPage(list(stories[start : start + per_page]), number, has_next=False)
