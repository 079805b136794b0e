"""API keys: create (the secret shown once), rotate, revoke, list, and look a presented key up.

A key reads ``mk_<prefix>_<secret>``: the prefix names the key in lists and logs, the secret is
43 url-safe characters from ``secrets`` and is stored only as its SHA-256 digest (a fast hash is
right for a random 256-bit secret; it is no password). Keys belong to the vendor, not to the
person who made them; only owners manage them (seller portal, ``manage_account``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from integrations.models import ApiKey
from integrations.scopes import ALL_SCOPES
from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound

KEY_PREFIX = "mk_"
# last_used_at is written at most this often per key, so a busy client does not write every call.
LAST_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # the whole "mk_..." string; never stored, shown once


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret(prefix: str) -> str:
    return f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def _checked_scopes(scopes) -> list[str]:
    chosen = sorted(set(scopes or []))
    unknown = [s for s in chosen if s not in ALL_SCOPES]
    if unknown:
        raise DomainError(_("Unknown scope: %(scope)s.") % {"scope": ", ".join(unknown)}, field="scopes")
    if not chosen:
        raise DomainError(_("Choose at least one scope."), field="scopes")
    return chosen


def api_key_list(*, vendor) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(vendor=vendor)


def api_key_get(*, vendor, key_id: int) -> ApiKey:
    try:
        return api_key_list(vendor=vendor).get(id=key_id)
    except ApiKey.DoesNotExist:
        raise NotFound(_("No such API key."), field="key") from None


@transaction.atomic
def api_key_create(*, vendor, actor, name: str, scopes) -> IssuedKey:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the key a name."), field="name")
    chosen = _checked_scopes(scopes)
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():  # 2^32 prefixes: a clash is rare, never silent
        prefix = secrets.token_hex(4)
    secret = _new_secret(prefix)
    key = ApiKey.objects.create(
        vendor=vendor, name=name[:100], prefix=prefix, secret_hash=_digest(secret), scopes=chosen, created_by=actor
    )
    audit_record(actor=actor, action="api_key.create", obj=key, data={"scopes": chosen, "prefix": prefix})
    return IssuedKey(key=key, secret=secret)


@transaction.atomic
def api_key_rotate(*, vendor, actor, key_id: int) -> IssuedKey:
    """A new secret for the key; the old one works for ``API_KEY_ROTATION_GRACE_HOURS`` more."""
    key = api_key_list(vendor=vendor).select_for_update().filter(id=key_id).first()
    if key is None:
        raise NotFound(_("No such API key."), field="key")
    if not key.is_active:
        raise DomainError(_("A revoked key cannot be rotated; create a new one."), field="key", code="revoked")
    now = timezone.now()
    secret = _new_secret(key.prefix)
    key.previous_secret_hash = key.secret_hash
    key.previous_valid_until = now + timedelta(hours=settings.API_KEY_ROTATION_GRACE_HOURS)
    key.secret_hash = _digest(secret)
    key.rotated_at = now
    key.save(update_fields=["previous_secret_hash", "previous_valid_until", "secret_hash", "rotated_at"])
    audit_record(actor=actor, action="api_key.rotate", obj=key)
    return IssuedKey(key=key, secret=secret)


@transaction.atomic
def api_key_revoke(*, vendor, actor, key_id: int) -> ApiKey:
    key = api_key_list(vendor=vendor).select_for_update().filter(id=key_id).first()
    if key is None:
        raise NotFound(_("No such API key."), field="key")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.previous_valid_until = None
        key.save(update_fields=["revoked_at", "previous_valid_until"])
        audit_record(actor=actor, action="api_key.revoke", obj=key)
    return key


def api_key_authenticate(presented: str) -> ApiKey | None:
    """The active key ``presented`` names, or None (unknown, wrong secret, revoked, vendor gone)."""
    if not presented.startswith(KEY_PREFIX):
        return None
    prefix, _sep, rest = presented[len(KEY_PREFIX) :].partition("_")
    if not prefix or not rest:
        return None
    key = ApiKey.objects.select_related("vendor", "created_by").filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None:
        return None
    digest = _digest(presented)
    now = timezone.now()
    current = hmac.compare_digest(digest, key.secret_hash)
    previous = (
        bool(key.previous_secret_hash)
        and key.previous_valid_until is not None
        and key.previous_valid_until > now
        and hmac.compare_digest(digest, key.previous_secret_hash)
    )
    if not (current or previous):
        return None
    if key.last_used_at is None or now - key.last_used_at >= LAST_USE_PRECISION:
        ApiKey.objects.filter(id=key.id).update(last_used_at=now)
        key.last_used_at = now
    return key
