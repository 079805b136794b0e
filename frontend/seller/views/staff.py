"""Seller central: staff members, invitations and roles (owners only, by the services)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import (
    owned_with_role,
    portal_url,
    require_step,
    seller_page,
)
from frontend.seller.forms.staff import InvitationForm, MemberRoleForm
from frontend.seller.portal import one_click_step, portal_context
from marketplace.errors import DomainError
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services


def _render_staff(
    request, vendor, invitation_form=None, failed: tuple[int, MemberRoleForm] | None = None, status: int = 200
):
    members = [
        (
            member,
            failed[1]
            if failed and failed[0] == member.id
            else MemberRoleForm(initial={"role": member.role}, prefix=f"member-{member.id}"),
        )
        for member in vendor_selectors.vendor_member_list(vendor=vendor)
    ]
    context = portal_context(request, vendor, "staff") | {
        "members": members,
        "invitations": vendor_selectors.vendor_invitation_list(vendor=vendor),
        "invitation_form": invitation_form or InvitationForm(),
        "now": timezone.now(),
    }
    return render(request, "seller/staff.html", context, status=status)


@require_GET
@seller_page
def staff(request, vendor):
    return _render_staff(request, require_step(request, vendor, "staff"))


@require_POST
@seller_page
def staff_invite(request, vendor):
    vendor = require_step(request, vendor, "staff")
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            vendor_services.vendor_invitation_create(
                vendor=vendor, actor=request.user, email=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect(portal_url("frontend:seller_staff", vendor))
    return _render_staff(request, vendor, invitation_form=form, status=400)


@require_POST
@seller_page
def staff_invitation_revoke(request, vendor, invitation_id: int):
    vendor, _invitation = owned_with_role(
        request,
        vendor,
        step="staff",
        lookup=lambda v: vendor_selectors.vendor_invitation_get(vendor=v, invitation_id=invitation_id),
    )
    vendor_services.vendor_invitation_revoke(vendor=vendor, actor=request.user, invitation_id=invitation_id)
    messages.success(request, _("Invitation withdrawn."))
    return redirect(portal_url("frontend:seller_staff", vendor))


def _member_for_owner(request, vendor, member_id: int):
    return owned_with_role(
        request,
        vendor,
        step="staff",
        lookup=lambda v: vendor_selectors.vendor_member_get(vendor=v, member_id=member_id),
    )


@require_POST
@seller_page
def staff_member_role(request, vendor, member_id: int):
    vendor, member = _member_for_owner(request, vendor, member_id)
    form = MemberRoleForm(request.POST, prefix=f"member-{member.id}")
    if form.is_valid():
        try:
            vendor_services.vendor_member_role_change(
                vendor=vendor, actor=request.user, member_id=member.id, role=form.cleaned_data["role"]
            )
        except DomainError as exc:
            form.add_error("role", exc.message)  # e.g. the last owner cannot step down
        else:
            messages.success(
                request, _("Role of %(member)s changed.") % {"member": member.user.email or member.user.get_username()}
            )
            return redirect(portal_url("frontend:seller_staff", vendor))
    return _render_staff(request, vendor, failed=(member.id, form), status=400)


@require_POST
@seller_page
def staff_member_remove(request, vendor, member_id: int):
    vendor, member = _member_for_owner(request, vendor, member_id)
    name = member.user.email or member.user.get_username()
    return one_click_step(
        request,
        lambda: vendor_services.vendor_member_remove(vendor=vendor, actor=request.user, member_id=member.id),
        done=_("%(member)s no longer belongs to this seller.") % {"member": name},
        back=portal_url("frontend:seller_staff", vendor),
    )
