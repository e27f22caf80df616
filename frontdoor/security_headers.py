"""Security headers on every response: a Content-Security-Policy and a Permissions-Policy.

The policy (CONTENT_SECURITY_POLICY in settings) is enforced on the site and the API. Wagtail's
admin needs inline scripts and styles, so there the same policy is only reported, which shows
what enforcing it would break without breaking it.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with its report-only policy kept to the admin."""

    def process_response(self, request, response):
        if not request.path_info.startswith(ADMIN_PREFIX):
            response._csp_exempt_ro = True
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Nothing here needs the reader's camera, microphone or location: say so, so that no
    embedded frame or injected script may ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.NEWSDESK_FEATURES_OFF)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
