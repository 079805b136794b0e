"""Two-factor login (django-otp): TOTP apps as the second factor, recovery codes as the fallback.

Operators (``is_staff``) must have and use one; anybody else (vendor owners from the seller
portal) may turn it on, and from then on their logins need it too. A session counts as verified
once ``django_otp.login`` has stored the device that checked a code; Django's ``login()`` starts a
new session, so every login needs a fresh code.
"""

from __future__ import annotations

import django_otp
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace.audit import audit_record
from marketplace.errors import Conflict, ValidationFailed

RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"


# Per-request answer set by SessionOTPMiddleware from the state kept in the session.
ENABLED_ATTR = "_two_factor_enabled"


def two_factor_enabled(user) -> bool:
    """Whether the user has a confirmed authenticator (a recovery-code set alone does not count).

    A signed-in request answers it from the session (SessionOTPMiddleware), without a query."""
    known = getattr(user, ENABLED_ATTR, None)
    if known is not None:
        return known
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- Two-factor state kept in the session -------------------------------------------------------
# A signed-in request would otherwise pay two queries for it (the verifying device, "is two-factor
# on"). The session keeps both answers together with the user's two-factor stamp, a random value in
# the shared cache that every change of the user's devices replaces (signals below, so the admin
# and any other code path count too); a session whose stamp differs looks again in the database.
SESSION_STATE_KEY = "mp_two_factor"


def _stamp_key(user_id) -> str:
    return f"two_factor_stamp:{user_id}"


def two_factor_stamp(user_id) -> str:
    """The user's current stamp (created on first use). When the cache is unavailable every call
    gives a new one, so sessions fall back to the database instead of trusting old state."""
    from uuid import uuid4

    from django.core.cache import cache

    key = _stamp_key(user_id)
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid4().hex, 30 * 24 * 3600)  # an expired stamp only makes sessions look again
        stamp = cache.get(key) or uuid4().hex
    return stamp


def two_factor_changed(user_id) -> None:
    """Invalidate every session's two-factor state of this user."""
    from django.core.cache import cache

    cache.delete(_stamp_key(user_id))


def _devices_changed(sender, instance, **kwargs) -> None:
    if instance.user_id:
        two_factor_changed(instance.user_id)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in (TOTPDevice, StaticDevice):
        post_save.connect(_devices_changed, sender=model, dispatch_uid=f"two_factor_state_{model.__name__}")
        post_delete.connect(_devices_changed, sender=model, dispatch_uid=f"two_factor_state_{model.__name__}_del")


def two_factor_required(user) -> bool:
    """Whether this user's sessions must be verified before they may do anything."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or two_factor_enabled(user)


def session_verified(user) -> bool:
    """Set by django_otp's OTPMiddleware on request.user; False for users without it."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (created once, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _clean_code(code: str) -> str:
    return "".join(str(code or "").split())


def two_factor_enable(*, request, user, code: str) -> list[str]:
    """Confirm the pending authenticator with a code from the app; returns new recovery codes
    (shown once) and marks this session verified."""
    if two_factor_enabled(user):
        raise Conflict(_("Two-factor login is already on."), field="code")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    # Checked outside the transaction below: a wrong code's throttle count must stay written.
    if device is None or not device.verify_token(_clean_code(code)):
        raise ValidationFailed(_("This code is not correct. Enter the 6 digits your app shows now."), field="code")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = recovery_codes_renew(user=user)
        audit_record(actor=user, action="security.two_factor_enabled", obj=user, data={"device_id": device.id})
    django_otp.login(request, device)
    setattr(user, ENABLED_ATTR, True)
    return codes


def recovery_codes_renew(*, user) -> list[str]:
    """A new set of single-use recovery codes; the old set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_verify(*, request, user, code: str) -> None:
    """Check a code from the authenticator or a recovery code; on success the session is verified."""
    token = _clean_code(code)
    device = None
    if token:
        device = django_otp.match_token(user, token)
    if device is None:
        raise ValidationFailed(
            _("This code is not correct. Enter the 6 digits your app shows now, or a recovery code."), field="code"
        )
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        audit_record(
            actor=user, action="security.recovery_code_used", obj=user, data={"left": device.token_set.count()}
        )


def two_factor_disable(*, user, code: str) -> None:
    """Vendors and buyers may turn it off again with a current code; operators may not."""
    if user.is_staff:
        raise Conflict(_("Operators must keep two-factor login."), field="code")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise Conflict(_("Two-factor login is not on."), field="code")
    if not device.verify_token(_clean_code(code)):
        raise ValidationFailed(_("This code is not correct. Enter the 6 digits your app shows now."), field="code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=user, action="security.two_factor_disabled", obj=user)
    setattr(user, ENABLED_ATTR, False)
