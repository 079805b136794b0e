"""Operator console: the vendor list, applications through the verification machine, documents and payout holds.
Staff only; everybody else gets a 404 (common.access.staff_required)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.console import selectors
from frontend.console.forms.vendors import VENDOR_ACTIONS, HoldForm, VendorActionForm
from marketplace.errors import DomainError, NotFound
from payouts.selectors import balances
from payouts.services import payout_runs
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services
from vendors.api_onboarding import document_response
from vendors.services.onboarding import TRANSITIONS
from vendors.services.risk import vendor_approve_reviewed, vendor_risk_signals

DONE = {
    "review_start": gettext_lazy("Review of %(name)s started."),
    "approve": gettext_lazy("Vendor %(name)s is approved."),
    "reject": gettext_lazy("Application of %(name)s rejected."),
    "info_request": gettext_lazy("Question sent to %(name)s."),
    "suspend": gettext_lazy("Vendor %(name)s is suspended."),
    "reinstate": gettext_lazy("Vendor %(name)s is reinstated."),
}


def _vendor_or_404(vendor_id: int):
    try:
        return vendor_selectors.operator_vendor_get(vendor_id=vendor_id)
    except NotFound:
        raise Http404 from None


def _render_vendor(
    request, vendor, *, failed: VendorActionForm | None = None, hold_form: HoldForm | None = None, status: int = 200
):
    actions = [name for name in VENDOR_ACTIONS if vendor.status in TRANSITIONS[name].sources]
    context = {
        "vendor": vendor,
        "actions": actions,
        "explained": {name: VENDOR_ACTIONS[name] for name in actions},
        "failed": failed,
        "documents": vendor_selectors.vendor_document_list(vendor=vendor),
        "members": vendor_selectors.vendor_member_list(vendor=vendor),
        "balance": balances.vendor_balance_get(vendor=vendor),
        "hold_form": hold_form or HoldForm(),
        "risks": vendor_risk_signals(vendor=vendor),
    }
    return render(request, "console/vendor.html", context, status=status)


@staff_required
@require_GET
def vendor_detail(request, vendor_id: int):
    return _render_vendor(request, _vendor_or_404(vendor_id))


@staff_required
@require_POST
def vendor_action(request, vendor_id: int):
    vendor = _vendor_or_404(vendor_id)
    form = VendorActionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            if action == "approve":
                vendor = vendor_approve_reviewed(
                    actor=request.user, vendor_id=vendor.id, risks_confirmed=form.cleaned_data["confirm_risks"]
                )
            else:
                vendor = vendor_services.vendor_transition(
                    actor=request.user,
                    vendor_id=vendor.id,
                    transition=action,
                    explanation=form.cleaned_data["explanation"],
                )
        except DomainError as exc:
            # The services name "reason"/"message"/"status"; the page has one text field per step.
            target = {"reason": "explanation", "message": "explanation", "confirm_risks": "confirm_risks"}
            form.add_error(target.get(exc.field), exc.message)
        else:
            messages.success(request, DONE[action] % {"name": vendor.name})
            return redirect("frontend:console_vendor", vendor_id=vendor.id)
    return _render_vendor(request, _vendor_or_404(vendor_id), failed=form, status=400)


@staff_required
@require_GET
def vendor_document(request, vendor_id: int, document_id: int):
    vendor = _vendor_or_404(vendor_id)
    try:
        document = vendor_selectors.vendor_document_get(vendor=vendor, document_id=document_id)
    except NotFound:
        raise Http404 from None
    return document_response(document)


@staff_required
@require_POST
def vendor_hold(request, vendor_id: int):
    vendor = _vendor_or_404(vendor_id)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            payout_runs.payout_hold_set(actor=request.user, vendor_id=vendor.id, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(request, _("Payouts to %(name)s are on hold.") % {"name": vendor.name})
            return redirect("frontend:console_vendor", vendor_id=vendor.id)
    return _render_vendor(request, vendor, hold_form=form, status=400)


@staff_required
@require_POST
def vendor_hold_release(request, vendor_id: int):
    vendor = _vendor_or_404(vendor_id)
    try:
        payout_runs.payout_hold_release(
            actor=request.user, vendor_id=vendor.id, reason=request.POST.get("reason", "")[:500]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Payouts to %(name)s are released.") % {"name": vendor.name})
    return redirect("frontend:console_vendor", vendor_id=vendor.id)


@staff_required
@require_GET
def console_vendors(request):
    groups = selectors.vendor_list_by_status()
    return render(
        request, "console/vendors.html", {"groups": groups, "any_vendor": any(group.vendors for group in groups)}
    )


@staff_required
@require_POST
def console_vendor_approve(request, vendor_id: int):
    # The list's quick approval confirms nothing: with open warnings it sends the operator to the
    # application, where they are shown and confirmed.
    try:
        vendor = vendor_approve_reviewed(actor=request.user, vendor_id=vendor_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.code == "risk_confirmation_required":
            return redirect("frontend:console_vendor", vendor_id=vendor_id)
    else:
        messages.success(request, _("Vendor %(name)s is approved.") % {"name": vendor.name})
    return redirect("frontend:console_vendors")
