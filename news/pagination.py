"""Lists split into pages for readers: counted (Django's paginator) or, for long newest-first
lists of stories, uncounted."""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

# Larger offsets cannot address a real row, and SQLite fails on them ("datatype mismatch").
MAX_OFFSET = 10**9


def page_number(request):
    """The page asked for: 1 when none is; a 404 for a "number" no page has (0, -1, "abc").

    A wrong page number answered with another page would let crawlers and stale links index
    one list under endless addresses, and tell a reader nothing.
    """
    asked = request.GET.get("page", "") or "1"
    try:
        number = int(asked)
    except ValueError:
        raise Http404(f"There is no page {asked!r}: pages are numbered from 1.") from None
    if number < 1:
        raise Http404(f"There is no page {number}: pages are numbered from 1.")
    return number


def paginate(request, queryset, per_page=None, number=None):
    """A counted page (`number`, else the one asked for); past the last page is a 404 (the
    first page of an empty list is not)."""
    paginator = Paginator(queryset, per_page or settings.NEWSDESK_PAGE_SIZE)
    try:
        return paginator.page(number or page_number(request))
    except InvalidPage as error:
        raise Http404(str(error)) from None


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
    one story past its end to learn whether an older page follows. A page past the end is a
    404, found without a count too: it reads nothing.
    """
    per_page = settings.NEWSDESK_PAGE_SIZE
    number = page_number(request)
    if (number - 1) * per_page > MAX_OFFSET:
        # No list is that long, and databases fail on such offsets rather than find nothing.
        raise BadRequest(f"There is no page {number}: pages are numbered from 1 to the last.")
    start = (number - 1) * per_page
    found = list(stories[start : start + per_page + 1])
    if not found and number > 1:
        raise Http404(f"There is no page {number}: the list ends before it.")
    return UncountedPage(found[:per_page], number, has_next=len(found) > per_page)
