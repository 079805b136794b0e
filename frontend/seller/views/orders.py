"""Seller portal: orders to fulfil, returns, payouts and statements, staff.

Every page acts for one vendor (frontend.seller_access.seller_page); objects are looked up
inside that vendor before the role is checked, and the services do the work.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers import returns
from frontend import selectors
from frontend.forms_seller import InvitationForm, MemberRoleForm, ReasonForm, ReturnApproveForm, ShipForm, StatementForm
from frontend.forms_seller_returns import RefundForm
from frontend.seller_access import owned_with_role, portal_url, require_role, seller_page
from marketplace.errors import DomainError
from marketplace.models import VendorOrder
from payouts import documents
from payouts.selectors import balances, reports
from payouts.selectors import payouts as payout_selectors
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services
from vendors.services import fulfilment

ORDER_PAGE_SIZE = 25


def _add_domain_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _act(request, action, *, done: str, back: str):
    """A one-click step (no form): run ``action``, flash its result or the service's reason, go ``back``."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


def _base_context(request, vendor, section: str) -> dict:
    return {
        "vendor": vendor,
        "role": vendor_selectors.vendor_role(user=request.user, vendor=vendor),
        "section": section,
        "memberships": selectors.vendor_memberships(user=request.user),
    }


# --- Orders -------------------------------------------------------------------------------


@require_GET
@seller_page
def orders(request, vendor):
    vendor = require_role(request, vendor, "fulfil_orders")
    status = request.GET.get("status", "")
    if status not in VendorOrder.Status.values:
        status = ""
    queryset = fulfilment.vendor_order_list(vendor=vendor)
    if status:
        queryset = queryset.filter(status=status)
    counts = selectors.vendor_order_status_counts(vendor=vendor)
    context = _base_context(request, vendor, "orders") | {
        "page": Paginator(queryset, ORDER_PAGE_SIZE).get_page(request.GET.get("page")),
        "status": status,
        "statuses": [(value, counts.get(value, 0)) for value in VendorOrder.Status.values],
        "total": sum(counts.values()),
    }
    return render(request, "frontend/seller/orders.html", context)


def _render_order(request, vendor, vendor_order, *, ship_form=None, cancel_form=None, status: int = 200):
    left = selectors.vendor_order_left_to_ship(vendor_order)
    context = _base_context(request, vendor, "orders") | {
        "vendor_order": vendor_order,
        "left": left,
        "ship_form": ship_form or ShipForm(lines=left, prefix="ship"),
        "cancel_form": cancel_form or ReasonForm(prefix="cancel"),
        "shippable": vendor_order.status in fulfilment.SHIPPABLE and any(n > 0 for _line, n in left),
        "cancellable": vendor_order.status in fulfilment.CANCELLABLE,
    }
    return render(request, "frontend/seller/order.html", context, status=status)


def _order_for_role(request, vendor, vendor_order_id: int):
    return owned_with_role(request, vendor, permission="fulfil_orders",
                           lookup=lambda v: fulfilment.vendor_order_get(vendor=v, vendor_order_id=vendor_order_id))


@require_GET
@seller_page
def order(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    return _render_order(request, vendor, vendor_order)


@require_POST
@seller_page
def order_accept(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    return _act(request, lambda: fulfilment.vendor_order_accept(vendor=vendor, actor=request.user, vendor_order_id=vendor_order.id),
                done=_("Order accepted."), back=portal_url("frontend:seller_order", vendor, vendor_order.id))


@require_POST
@seller_page
def order_ship(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    form = ShipForm(request.POST, lines=selectors.vendor_order_left_to_ship(vendor_order), prefix="ship")
    if form.is_valid():
        try:
            fulfilment.vendor_order_ship(
                vendor=vendor, actor=request.user, vendor_order_id=vendor_order.id, carrier=form.cleaned_data["carrier"],
                tracking_number=form.cleaned_data["tracking_number"], lines=form.lines(),
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Shipment recorded; the buyer gets the tracking link."))
            return redirect(portal_url("frontend:seller_order", vendor, vendor_order.id))
    return _render_order(request, vendor, vendor_order, ship_form=form, status=400)


@require_POST
@seller_page
def order_delivered(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    return _act(request, lambda: fulfilment.vendor_order_mark_delivered(vendor=vendor, actor=request.user, vendor_order_id=vendor_order.id),
                done=_("Marked as delivered."), back=portal_url("frontend:seller_order", vendor, vendor_order.id))


@require_POST
@seller_page
def order_cancel(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            fulfilment.vendor_order_cancel(
                vendor=vendor, actor=request.user, vendor_order_id=vendor_order.id, reason=form.cleaned_data["reason"], by="vendor"
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Order cancelled; the stock is back and the buyer is refunded."))
            return redirect(portal_url("frontend:seller_order", vendor, vendor_order.id))
    return _render_order(request, vendor, vendor_order, cancel_form=form, status=400)


# --- Returns ------------------------------------------------------------------------------


def _render_returns(request, vendor, *, failed: tuple[int, str, object] | None = None, status: int = 200):
    """The returns list; ``failed`` = (return id, form name, bound form) re-shows a rejected form."""
    rows = []
    for item in returns.return_list_for_vendor(vendor=vendor).prefetch_related("lines__order_line"):
        forms = {"approve": ReturnApproveForm(prefix=f"approve-{item.id}"), "reject": ReasonForm(prefix=f"reject-{item.id}"),
                 "refund": RefundForm(return_request=item, currency=item.vendor_order.currency, prefix=f"refund-{item.id}")}
        if failed and failed[0] == item.id:
            forms[failed[1]] = failed[2]
        rows.append((item, forms))
    context = _base_context(request, vendor, "returns") | {"returns": rows}
    return render(request, "frontend/seller/returns.html", context, status=status)


def _return_for_role(request, vendor, return_id: int):
    return owned_with_role(request, vendor, permission="fulfil_orders",
                           lookup=lambda v: returns.return_get_for_vendor(vendor=v, return_id=return_id))


@require_GET
@seller_page
def return_list(request, vendor):
    return _render_returns(request, require_role(request, vendor, "fulfil_orders"))


def _return_decide(request, vendor, return_id: int, *, name: str, form_class, decide, done: str):
    """Approve or reject: one text field, the service call, the list again (with the error if any)."""
    vendor, item = _return_for_role(request, vendor, return_id)
    form = form_class(request.POST, prefix=f"{name}-{item.id}")
    if form.is_valid():
        try:
            decide(vendor=vendor, actor=request.user, return_id=item.id, **form.cleaned_data)
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, done % {"id": item.id})
            return redirect(portal_url("frontend:seller_returns", vendor))
    return _render_returns(request, vendor, failed=(item.id, name, form), status=400)


@require_POST
@seller_page
def return_approve(request, vendor, return_id: int):
    return _return_decide(request, vendor, return_id, name="approve", form_class=ReturnApproveForm, decide=returns.return_approve,
                          done=_("Return R-%(id)s approved; the buyer can print the label."))


@require_POST
@seller_page
def return_reject(request, vendor, return_id: int):
    return _return_decide(request, vendor, return_id, name="reject", form_class=ReasonForm, decide=returns.return_reject,
                          done=_("Return R-%(id)s rejected."))


@require_POST
@seller_page
def return_received(request, vendor, return_id: int):
    vendor, item = _return_for_role(request, vendor, return_id)
    return _act(request, lambda: returns.return_mark_received(vendor=vendor, actor=request.user, return_id=item.id),
                done=_("Return R-%(id)s marked as received.") % {"id": item.id}, back=portal_url("frontend:seller_returns", vendor))


@require_POST
@seller_page
def return_refund(request, vendor, return_id: int):
    vendor, item = _return_for_role(request, vendor, return_id)
    form = RefundForm(request.POST, return_request=item, currency=item.vendor_order.currency, prefix=f"refund-{item.id}")
    if form.is_valid():
        try:
            # Amounts per line (a partial refund when lowered); the service checks the limits again.
            returns.return_refund(vendor=vendor, actor=request.user, return_id=item.id, amounts=form.amounts())
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Return R-%(id)s refunded.") % {"id": item.id})
            return redirect(portal_url("frontend:seller_returns", vendor))
    return _render_returns(request, vendor, failed=(item.id, "refund", form), status=400)


@require_GET
@seller_page
def return_label(request, vendor, return_id: int):
    vendor, item = _return_for_role(request, vendor, return_id)
    response = HttpResponse(returns.return_label_pdf(request=item), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="return-R-{item.id}.pdf"'
    return response


# --- Payouts and statements -----------------------------------------------------------------


def _render_payouts(request, vendor, statement_form=None, status: int = 200):
    today = timezone.localdate()
    context = _base_context(request, vendor, "payouts") | {
        "balance": balances.vendor_balance_get(vendor=vendor),
        "payouts": Paginator(payout_selectors.payout_list(vendor=vendor), 25).get_page(request.GET.get("page")),
        "statement_form": statement_form
        or StatementForm(initial={"date_from": today.replace(day=1), "date_to": today, "output": "pdf"}),
        "hold_days": settings.MARKETPLACE_PAYOUT_HOLD_DAYS,
    }
    return render(request, "frontend/seller/payouts.html", context, status=status)


@require_GET
@seller_page
def payouts(request, vendor):
    return _render_payouts(request, require_role(request, vendor, "view_finances"))


@require_GET
@seller_page
def statement(request, vendor):
    vendor = require_role(request, vendor, "view_finances")
    form = StatementForm(request.GET)
    if not form.is_valid():
        return _render_payouts(request, vendor, statement_form=form, status=400)
    data = form.cleaned_data
    result = reports.vendor_statement(
        vendor=vendor, period_from=data["date_from"], period_to=data["date_to"], currency=settings.MARKETPLACE_CURRENCY
    )
    name = f"statement-{vendor.slug}-{data['date_from']}-{data['date_to']}"
    if data["output"] == "csv":
        response = HttpResponse(documents.statement_csv(result), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(documents.statement_pdf(result), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# --- Staff --------------------------------------------------------------------------------


def _render_staff(request, vendor, invitation_form=None, failed: tuple[int, MemberRoleForm] | None = None, status: int = 200):
    members = [
        (member, failed[1] if failed and failed[0] == member.id else MemberRoleForm(initial={"role": member.role}, prefix=f"member-{member.id}"))
        for member in vendor_selectors.vendor_member_list(vendor=vendor)
    ]
    context = _base_context(request, vendor, "staff") | {
        "members": members,
        "invitations": vendor_selectors.vendor_invitation_list(vendor=vendor),
        "invitation_form": invitation_form or InvitationForm(),
        "now": timezone.now(),
    }
    return render(request, "frontend/seller/staff.html", context, status=status)


@require_GET
@seller_page
def staff(request, vendor):
    return _render_staff(request, require_role(request, vendor, "manage_staff"))


@require_POST
@seller_page
def staff_invite(request, vendor):
    vendor = require_role(request, vendor, "manage_staff")
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            vendor_services.vendor_invitation_create(
                vendor=vendor, actor=request.user, email=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect(portal_url("frontend:seller_staff", vendor))
    return _render_staff(request, vendor, invitation_form=form, status=400)


@require_POST
@seller_page
def staff_invitation_revoke(request, vendor, invitation_id: int):
    vendor, _invitation = owned_with_role(request, vendor, permission="manage_staff",
                                          lookup=lambda v: vendor_selectors.vendor_invitation_get(vendor=v, invitation_id=invitation_id))
    vendor_services.vendor_invitation_revoke(vendor=vendor, actor=request.user, invitation_id=invitation_id)
    messages.success(request, _("Invitation withdrawn."))
    return redirect(portal_url("frontend:seller_staff", vendor))



def _member_for_owner(request, vendor, member_id: int):
    return owned_with_role(request, vendor, permission="manage_staff",
                           lookup=lambda v: vendor_selectors.vendor_member_get(vendor=v, member_id=member_id))


@require_POST
@seller_page
def staff_member_role(request, vendor, member_id: int):
    vendor, member = _member_for_owner(request, vendor, member_id)
    form = MemberRoleForm(request.POST, prefix=f"member-{member.id}")
    if form.is_valid():
        try:
            vendor_services.vendor_member_role_change(vendor=vendor, actor=request.user, member_id=member.id, role=form.cleaned_data["role"])
        except DomainError as exc:
            form.add_error("role", exc.message)  # e.g. the last owner cannot step down
        else:
            messages.success(request, _("Role of %(member)s changed.") % {"member": member.user.email or member.user.get_username()})
            return redirect(portal_url("frontend:seller_staff", vendor))
    return _render_staff(request, vendor, failed=(member.id, form), status=400)


@require_POST
@seller_page
def staff_member_remove(request, vendor, member_id: int):
    vendor, member = _member_for_owner(request, vendor, member_id)
    name = member.user.email or member.user.get_username()
    return _act(request, lambda: vendor_services.vendor_member_remove(vendor=vendor, actor=request.user, member_id=member.id),
                done=_("%(member)s no longer belongs to this seller.") % {"member": name}, back=portal_url("frontend:seller_staff", vendor))
