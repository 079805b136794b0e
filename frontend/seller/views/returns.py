"""Seller central: returns (approve, reject, received, refund, return label)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers import returns
from frontend.common.errors import add_domain_error
from frontend.seller.access import (
    owned_with_role,
    portal_url,
    require_step,
    seller_page,
)
from frontend.seller.forms.orders import ReasonForm
from frontend.seller.forms.returns import RefundForm, ReturnApproveForm
from frontend.seller.portal import one_click_step, portal_context
from marketplace.errors import DomainError


def _render_returns(request, vendor, *, failed: tuple[int, str, object] | None = None, status: int = 200):
    """The returns list; ``failed`` = (return id, form name, bound form) re-shows a rejected form."""
    rows = []
    for item in returns.return_list_for_vendor(vendor=vendor).prefetch_related("lines__order_line"):
        forms = {
            "approve": ReturnApproveForm(prefix=f"approve-{item.id}"),
            "reject": ReasonForm(prefix=f"reject-{item.id}"),
            "refund": RefundForm(return_request=item, currency=item.vendor_order.currency, prefix=f"refund-{item.id}"),
        }
        if failed and failed[0] == item.id:
            forms[failed[1]] = failed[2]
        rows.append((item, forms))
    context = portal_context(request, vendor, "returns") | {"returns": rows}
    return render(request, "seller/returns.html", context, status=status)


def _return_for_role(request, vendor, return_id: int):
    return owned_with_role(
        request, vendor, step="returns", lookup=lambda v: returns.return_get_for_vendor(vendor=v, return_id=return_id)
    )


@require_GET
@seller_page
def return_list(request, vendor):
    return _render_returns(request, require_step(request, vendor, "returns"))


def _return_decide(request, vendor, return_id: int, *, name: str, form_class, decide, done: str):
    """Approve or reject: one text field, the service call, the list again (with the error if any)."""
    vendor, item = _return_for_role(request, vendor, return_id)
    form = form_class(request.POST, prefix=f"{name}-{item.id}")
    if form.is_valid():
        try:
            decide(vendor=vendor, actor=request.user, return_id=item.id, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, done % {"id": item.id})
            return redirect(portal_url("frontend:seller_returns", vendor))
    return _render_returns(request, vendor, failed=(item.id, name, form), status=400)


@require_POST
@seller_page
def return_approve(request, vendor, return_id: int):
    return _return_decide(
        request,
        vendor,
        return_id,
        name="approve",
        form_class=ReturnApproveForm,
        decide=returns.return_approve,
        done=_("Return R-%(id)s approved; the buyer can print the label."),
    )


@require_POST
@seller_page
def return_reject(request, vendor, return_id: int):
    return _return_decide(
        request,
        vendor,
        return_id,
        name="reject",
        form_class=ReasonForm,
        decide=returns.return_reject,
        done=_("Return R-%(id)s rejected."),
    )


@require_POST
@seller_page
def return_received(request, vendor, return_id: int):
    vendor, item = _return_for_role(request, vendor, return_id)
    return one_click_step(
        request,
        lambda: returns.return_mark_received(vendor=vendor, actor=request.user, return_id=item.id),
        done=_("Return R-%(id)s marked as received.") % {"id": item.id},
        back=portal_url("frontend:seller_returns", vendor),
    )


@require_POST
@seller_page
def return_refund(request, vendor, return_id: int):
    vendor, item = _return_for_role(request, vendor, return_id)
    form = RefundForm(
        request.POST, return_request=item, currency=item.vendor_order.currency, prefix=f"refund-{item.id}"
    )
    if form.is_valid():
        try:
            # Amounts per line (a partial refund when lowered); the service checks the limits again.
            returns.return_refund(vendor=vendor, actor=request.user, return_id=item.id, amounts=form.amounts())
        except DomainError as exc:
            add_domain_error(form, exc)
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
