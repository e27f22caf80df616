"""Site-wide views that belong to no app."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from cms.sites import needs_no_site


@needs_no_site
@require_safe
def healthz(request):
    """Liveness probe: the process answers. Touches no database, so it stays cheap and honest.

    Also the benchmark's baseline (bench/run.py): the cost of Django's request cycle alone.
    """
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response
