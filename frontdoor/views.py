"""Site-wide views that belong to no app."""

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from caching.redis import unreachable_caches
from frontdoor.sites import needs_no_site


@needs_no_site
@require_safe
def healthz(request):
    """Liveness probe: the process answers. Touches no database, so it stays cheap and honest.

    "degraded" (still 200: the site serves, uncached) while the cache was unreachable the last
    time this process tried it; asking Redis here would make each probe pay a timeout.
    Also the benchmark's baseline (bench/run.py): the cost of Django's request cycle alone.
    """
    unreachable = unreachable_caches()
    if unreachable:
        response = JsonResponse({"status": "degraded", "unreachable": unreachable})
    else:
        response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception):
    """Django's 400 page says only "Bad Request"; ours says what was wrong with the request."""
    message = exception.args[0] if isinstance(exception, BadRequest) and exception.args else ""
    return render(request, "400.html", {"message": message}, status=400)
