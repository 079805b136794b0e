"""Where two-factor login is enforced: pages (middleware) and the API (authentication classes).

Pages: a signed-in user who needs a second factor (operators always, others once they turned it
on) and whose session is not verified is sent to set one up or to enter a code; only the
two-factor pages, logout, static files and the language switch stay open. That covers the
console and Django's admin.

API: a session-authenticated request of such a user is refused (403 naming what to do) except
on the two-factor API itself; HTTP Basic cannot carry a second factor, so it is refused for
them altogether. DRF's ``force_authenticate`` (the tests' ``client_for``) skips authentication
classes: it stands for a client that has already been verified; tests that prove the guard use
real sessions.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, SessionAuthentication

from marketplace.security.two_factor import session_verified, two_factor_enabled, two_factor_required

OPEN_PREFIXES = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/api/")  # the API guards itself


class TwoFactorMiddleware:
    """Install after django_otp.middleware.OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(OPEN_PREFIXES)
            and two_factor_required(user)
            and not session_verified(user)
        ):
            target = "/account/2fa/verify/" if two_factor_enabled(user) else "/account/2fa/setup/"
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _refuse_unverified(request, user) -> None:
    if two_factor_required(user) and not session_verified(user):
        view = (request.parser_context or {}).get("view")
        if getattr(view, "two_factor_pending_allowed", False):
            return
        raise exceptions.PermissionDenied(
            _("Confirm your second factor first (POST /api/auth/2fa/verify/ or the page /account/2fa/verify/).")
        )


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            _refuse_unverified(request, result[0])
        return result


class SecondFactorBasicAuthentication(BasicAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and two_factor_required(result[0]):
            raise exceptions.AuthenticationFailed(
                _("Accounts with two-factor login sign in with a session, not HTTP Basic.")
            )
        return result


# The OpenAPI schema describes these as the session cookie and HTTP Basic they extend.
from drf_spectacular.authentication import BasicScheme, SessionScheme  # noqa: E402


class VerifiedSessionScheme(SessionScheme):
    target_class = VerifiedSessionAuthentication
    priority = 0


class SecondFactorBasicScheme(BasicScheme):
    target_class = SecondFactorBasicAuthentication
    priority = 0
