"""Login throttling: django-axes counts failed passwords per account and per address.

Axes sees every password that goes through `authenticate()` (the Wagtail admin's login). Two
forms check a password without it: the old password on Account → Password, and the password
of a private section. `PasswordFormThrottle` makes them count, and refuse, the same way.
Whoever is locked out gets a page that says why and when to try again, never a bare status.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render
from django.utils import timezone
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429, with the reason, the time to retry and Retry-After."""
    cool_off = get_cool_off(request)
    response = render(
        request,
        "login_locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": round(cool_off.total_seconds() / 60),
            # A failure during the lock-out starts the cool-off again (Axes' default).
            "retry_at": timezone.now() + cool_off,
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def _account_password(request, view_kwargs):
    old_password = request.POST.get("password-old_password")
    if not old_password or not request.user.is_authenticated:
        return None, None
    user = request.user
    return {"username": user.get_username()}, lambda: user.check_password(old_password)


def _private_section_password(request, view_kwargs):
    restriction = PageViewRestriction.objects.filter(
        pk=view_kwargs.get("page_view_restriction_id"),
        restriction_type=PageViewRestriction.PASSWORD,
    ).first()
    if restriction is None or "password" not in request.POST:
        return None, None
    form = PasswordViewRestrictionForm(request.POST, instance=restriction)
    # Counted per restriction too, so guessing one section's password from many addresses
    # locks that password, as guessing one reporter's does.
    return {"username": f"private-section-{restriction.pk}"}, form.is_valid


# URL name → how to read the credentials a POST carries, and check its password.
PASSWORD_FORMS = {
    "wagtailadmin_account": _account_password,
    "wagtailcore_authenticate_with_password": _private_section_password,
}


class PasswordFormThrottle:
    """Refuse a password form while its account or the client's address is locked out, and
    count a wrong password there as a failed login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        read = PASSWORD_FORMS.get(getattr(request.resolver_match, "url_name", None))
        if request.method != "POST" or read is None or not settings.AXES_ENABLED:
            return None
        credentials, password_is_right = read(request, view_kwargs)
        if credentials is None:
            return None
        if not AxesProxyHandler.is_allowed(request, credentials):
            return locked_out(request, credentials=credentials)
        if not password_is_right():
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return None
