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
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, SessionAuthentication

from marketplace.security.two_factor import (
    ENABLED_ATTR,
    SESSION_STATE_KEY,
    session_verified,
    two_factor_enabled,
    two_factor_required,
    two_factor_stamp,
)


class SessionOTPMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.otp_device``, ``is_verified()``) with its answers
    kept in the session: while the user's two-factor stamp is unchanged (two_factor.py) a signed-in
    request reads "is two-factor on" and "which device verified this session" from there, and the
    device row is loaded only if somebody uses it."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        session = request.session
        persistent_id = session.get(DEVICE_ID_SESSION_KEY)
        stamp = two_factor_stamp(user.pk)
        state = session.get(SESSION_STATE_KEY)
        if not (
            isinstance(state, dict)
            and state.get("stamp") == stamp
            and state.get("user") == user.pk
            and state.get("device") == persistent_id
        ):
            device = self._device_from_persistent_id(persistent_id) if persistent_id else None
            device = self._finalize_device(request, user, device)
            state = {
                "stamp": stamp,
                "user": user.pk,
                "device": device.persistent_id if device is not None else None,
                "enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            }
            session[SESSION_STATE_KEY] = state
            user.otp_device = device
        elif state["device"] is not None:
            device_id = state["device"]
            user.otp_device = SimpleLazyObject(lambda: self._device_from_persistent_id(device_id))
        setattr(user, ENABLED_ATTR, state["enabled"])
        return user


OPEN_PREFIXES = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/api/")  # the API guards itself


class TwoFactorMiddleware:
    """Install after SessionOTPMiddleware (or django_otp.middleware.OTPMiddleware)."""

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
