"""Security headers on every response: a Content-Security-Policy and a Permissions-Policy.

The policy (CONTENT_SECURITY_POLICY in settings) is enforced on the site and the API. Wagtail's
admin needs inline scripts and styles, so there the same policy is only reported, which shows
what enforcing it would break without breaking it.

Outside the admin the enforced header is the same on every response that no view tailored
(django-csp's decorators) and that used no nonce, so each worker builds it once from settings
(and again when a setting changes, as tests do) rather than on every request; django-csp
builds the admin's and any tailored one as usual.
"""

import http.client
from functools import cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

ADMIN_PREFIX = "/admin/"
# What a view's django-csp decorator leaves on its response to change the policy.
TAILORED = ("_csp_config", "_csp_update", "_csp_replace")
# django-csp leaves Django's own debug pages without a policy, so that they still work.
DEBUG_PAGES = (http.client.NOT_FOUND, http.client.INTERNAL_SERVER_ERROR)


@cache
def enforced_policy():
    """The site's policy header, as django-csp builds it, and the paths it is not sent on."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return build_policy(), tuple(policy.get("EXCLUDE_URL_PREFIXES") or ())


@receiver(setting_changed)
def _policy_changed(setting, **kwargs):
    if setting == "CONTENT_SECURITY_POLICY":
        enforced_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with its report-only policy kept to the admin."""

    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIX):
            return super().process_response(request, response)
        response._csp_exempt_ro = True
        nonce_used = getattr(request, "_csp_nonce", None) is not None
        if nonce_used or any(getattr(response, name, None) is not None for name in TAILORED):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in DEBUG_PAGES:
            return response
        policy, excluded = enforced_policy()
        if (
            policy
            and HEADER not in response
            and not getattr(response, "_csp_exempt", False)
            and not request.path_info.startswith(excluded)
        ):
            response[HEADER] = policy
        # As django-csp does: a nonce asked for once the header is written would be in no header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


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
