"""Vendor staff: members, their roles (django-guardian object permissions) and invitations.

Staff changes of one vendor are serialised by locking the vendor row, so two owners demoting
each other at once cannot leave the vendor without an owner.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound, PermissionDenied
from vendors.models import Vendor, VendorInvitation, VendorMember
from vendors.roles import ALL_PERMISSIONS, ROLE_PERMISSIONS

INVITATION_TTL = timedelta(days=7)
Role = VendorMember.Role


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise DomainError(
            _("Unknown role %(role)r; allowed: %(values)s.") % {"role": role, "values": ", ".join(Role.values)},
            field="role",
        )
    return role


def _grant(*, vendor: Vendor, user, role: str) -> None:
    for codename in ALL_PERMISSIONS - ROLE_PERMISSIONS[role]:
        remove_perm(f"vendors.{codename}", user, vendor)
    for codename in ROLE_PERMISSIONS[role]:
        assign_perm(f"vendors.{codename}", user, vendor)


def vendor_member_add(*, vendor: Vendor, user, role: str) -> VendorMember:
    member = VendorMember.objects.create(vendor=vendor, user=user, role=_check_role(role))
    _grant(vendor=vendor, user=user, role=role)
    return member


def _lock(vendor: Vendor) -> Vendor:
    return Vendor.objects.select_for_update().get(id=vendor.id)


def _member(*, vendor: Vendor, member_id: int) -> VendorMember:
    member = VendorMember.objects.select_related("user").filter(vendor=vendor, id=member_id).first()
    if member is None:
        raise NotFound(_("No such member."), field="member")
    return member


def _check_keeps_an_owner(*, vendor: Vendor, member: VendorMember) -> None:
    if member.role != Role.OWNER:
        return
    if not VendorMember.objects.filter(vendor=vendor, role=Role.OWNER).exclude(id=member.id).exists():
        raise Conflict(
            _("This is the vendor's last owner; make another member owner first."), field="member", code="last_owner"
        )


@transaction.atomic
def vendor_member_role_change(*, vendor: Vendor, actor, member_id: int, role: str) -> VendorMember:
    vendor = _lock(vendor)
    member = _member(vendor=vendor, member_id=member_id)
    role = _check_role(role)
    if member.role == role:
        return member
    if role != Role.OWNER:
        _check_keeps_an_owner(vendor=vendor, member=member)
    old = member.role
    member.role = role
    member.save(update_fields=["role"])
    _grant(vendor=vendor, user=member.user, role=role)
    audit_record(
        actor=actor,
        action="vendor.member_role_changed",
        obj=vendor,
        data={"member_id": member.id, "from": old, "to": role},
    )
    return member


@transaction.atomic
def vendor_member_remove(*, vendor: Vendor, actor, member_id: int) -> None:
    vendor = _lock(vendor)
    member = _member(vendor=vendor, member_id=member_id)
    _check_keeps_an_owner(vendor=vendor, member=member)
    for codename in ALL_PERMISSIONS:
        remove_perm(f"vendors.{codename}", member.user, vendor)
    audit_record(
        actor=actor,
        action="vendor.member_removed",
        obj=vendor,
        data={"member_id": member.id, "user_id": member.user_id, "role": member.role},
    )
    member.delete()


def _normalise_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            _("%(email)r is not an e-mail address; give the address of the person to invite.") % {"email": email},
            field="email",
        ) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


@transaction.atomic
def vendor_invitation_create(*, vendor: Vendor, actor, email: str, role: str) -> tuple[VendorInvitation, str]:
    """Invite ``email`` with ``role``; returns the invitation and its one-time token (mailed, not stored).

    Inviting an address again revokes its open invitation, so only the newest token works.
    """
    from vendors.emails import invitation_mail_on_commit

    vendor = _lock(vendor)
    email = _normalise_email(email)
    role = _check_role(role)
    if VendorMember.objects.filter(vendor=vendor, user__email__iexact=email).exists():
        raise Conflict(
            _("%(email)s is already a member of this vendor.") % {"email": email}, field="email", code="already_member"
        )
    now = timezone.now()
    VendorInvitation.objects.filter(
        vendor=vendor, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = VendorInvitation.objects.create(
        vendor=vendor,
        email=email,
        role=role,
        token_hash=invitation_token_hash(token),
        invited_by=actor,
        expires_at=now + INVITATION_TTL,
    )
    audit_record(
        actor=actor,
        action="vendor.member_invited",
        obj=vendor,
        data={"invitation_id": invitation.id, "email": email, "role": role},
    )
    invitation_mail_on_commit(
        vendor=vendor, email=email, role_label=Role(role).label, token=token, expires_at=invitation.expires_at
    )
    return invitation, token


@transaction.atomic
def vendor_invitation_revoke(*, vendor: Vendor, actor, invitation_id: int) -> VendorInvitation:
    invitation = (
        VendorInvitation.objects.select_for_update()
        .filter(vendor=vendor, id=invitation_id, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise NotFound(_("No such open invitation."), field="invitation")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="vendor.invitation_revoked", obj=vendor, data={"invitation_id": invitation.id})
    return invitation


@transaction.atomic
def vendor_invitation_accept(*, user, token: str) -> VendorMember:
    """The signed-in invitee joins the vendor. The token works once, before it expires, and only
    for the account with the invited e-mail address."""
    invitation = (
        VendorInvitation.objects.select_for_update()
        .select_related("vendor")
        .filter(token_hash=invitation_token_hash((token or "").strip()))
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation code is not valid."), field="token")
    if invitation.accepted_at or invitation.revoked_at:
        raise Conflict(
            _("This invitation was already used or withdrawn; ask for a new one."),
            field="token",
            code="invitation_used",
        )
    if invitation.expires_at <= timezone.now():
        raise Conflict(_("This invitation has expired; ask for a new one."), field="token", code="invitation_expired")
    if (user.email or "").lower() != invitation.email.lower():
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address; sign in with that address to accept it."),
            code="wrong_account",
        )
    vendor = _lock(invitation.vendor)
    if VendorMember.objects.filter(vendor=vendor, user=user).exists():
        raise Conflict(_("You are already a member of this vendor."), field="token", code="already_member")
    member = vendor_member_add(vendor=vendor, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action="vendor.invitation_accepted",
        obj=vendor,
        data={"invitation_id": invitation.id, "role": invitation.role},
    )
    return member
