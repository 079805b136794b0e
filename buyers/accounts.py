"""Buyer accounts: registration with e-mail verification, password reset, GDPR export and deletion.

Tokens are Django's signed, expiring, single-use tokens (they embed the password hash and last
login, so using one invalidates it); nothing secret is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from buyers.models import BuyerProfile
from marketplace.errors import Conflict, DomainError

User = get_user_model()


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Separate salt, and the verification state in the hash: a used link stops working."""

    key_salt = "buyers.accounts.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        profile = BuyerProfile.objects.filter(user=user).first()
        verified = profile.email_verified_at if profile else None
        return f"{user.pk}{user.email}{verified}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _user_from_uid(uid: str):
    try:
        return User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None


def _mail(*, user, subject: str, body: str, language: str) -> None:
    # After commit: a rolled-back registration sends nothing.
    def send():
        with override(language):
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

    transaction.on_commit(send)


@transaction.atomic
def account_register(*, email: str, password: str, language: str = "de"):
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise Conflict(
            _("An account with this e-mail address exists already. Log in or reset your password."), field="email"
        )
    user = User(username=email, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password", code="weak_password") from None
    user.set_password(password)
    user.save()
    BuyerProfile.objects.create(user=user, language=language)
    account_verification_send(user=user)
    return user


def account_verification_send(*, user) -> None:
    profile = BuyerProfile.objects.get(user=user)
    if profile.email_verified:
        return
    uid, token = _uid(user), email_verification_token.make_token(user)
    link = f"{settings.SITE_URL}{reverse('frontend:verify_email', args=[uid, token])}"
    with override(profile.language):
        subject = _("Confirm your e-mail address")
        body = _("Please confirm your e-mail address: %(link)s\n\n(For apps: uid: %(uid)s token: %(token)s)\n") % {
            "link": link,
            "uid": uid,
            "token": token,
        }
    _mail(user=user, subject=subject, body=body, language=profile.language)


@transaction.atomic
def account_verify_email(*, uid: str, token: str):
    user = _user_from_uid(uid)
    if user is None or not email_verification_token.check_token(user, token):
        raise DomainError(_("This confirmation link is invalid or has expired."), field="token", code="invalid_token")
    profile = BuyerProfile.objects.select_for_update().get(user=user)
    profile.email_verified_at = timezone.now()
    profile.save(update_fields=["email_verified_at"])
    return user


def password_reset_request(*, email: str) -> None:
    """Always looks the same to the caller, so it cannot be used to find out who has an account."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    language = getattr(getattr(user, "buyer_profile", None), "language", settings.LANGUAGE_CODE)
    uid, token = _uid(user), default_token_generator.make_token(user)
    link = f"{settings.SITE_URL}{reverse('frontend:password_reset_confirm', args=[uid, token])}"
    with override(language):
        subject = _("Reset your password")
        body = _("Choose a new password here: %(link)s\n\n(For apps: uid: %(uid)s token: %(token)s)\n") % {
            "link": link,
            "uid": uid,
            "token": token,
        }
    with transaction.atomic():
        _mail(user=user, subject=subject, body=body, language=language)


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str):
    user = _user_from_uid(uid)
    if user is None or not default_token_generator.check_token(user, token):
        raise DomainError(_("This reset link is invalid or has expired."), field="token", code="invalid_token")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="new_password", code="weak_password") from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def account_export(*, user) -> dict:
    """Everything we hold about the buyer, as one JSON document (GDPR Art. 15 and 20; buyers.gdpr)."""
    from buyers.gdpr import person_export

    return person_export(user=user)


def account_delete(*, user, password: str) -> None:
    """Erase the account (GDPR Art. 17) while keeping what tax law makes us keep (buyers.gdpr)."""
    from buyers.gdpr import person_erase, person_erase_check

    person_erase_check(user=user, password=password)
    person_erase(user=user)
