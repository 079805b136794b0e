"""Guarantee claims on the pages: the buyer opens one from the order page, the seller answers
with evidence or refunds (seller portal), operators list claims, turn a conversation into a
claim and decide contested ones (console). The claims services do the work."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buyers.messaging import claims, selectors
from buyers.messaging.models import Claim
from frontend.forms_messages import ClaimOpenForm, DecideForm, EscalateForm, MessageForm
from frontend.seller_access import owned_with_role, portal_url, seller_page
from frontend.views import _add_domain_error, staff_required
from marketplace.errors import DomainError, NotFound
from marketplace.models import VendorOrder
from marketplace.money import Money

ROLE = "fulfil_orders"
PAGE_SIZE = 50


def _minor(value, currency: str) -> int | None:
    return None if value is None else Money.from_decimal(value, currency).amount


@login_required
@require_http_methods(["GET", "POST"])
def claim_open(request, number: str, vendor_order_id: int):
    from buyers.selectors import order_get

    try:
        order = order_get(buyer=request.user, number=number)
        part = order.vendor_orders.select_related("vendor").get(id=vendor_order_id)
    except (NotFound, VendorOrder.DoesNotExist):
        raise Http404 from None
    form = ClaimOpenForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = claims.claim_open(buyer=request.user, number=number, vendor_order_id=part.id, reason=data["reason"],
                                      body=data["body"], amount=_minor(data.get("amount"), part.currency),
                                      upload=data.get("attachment"))
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Claim opened. The seller has until %(date)s to answer.") % {
                "date": claim.respond_by.date().isoformat()})
            return redirect("frontend:conversation", conversation_id=claim.conversation_id)
    context = {"order": order, "part": part, "form": form, "open_from": claims.claim_open_from(vendor_order=part)}
    return render(request, "frontend/claims/open.html", context, status=400 if form.errors else 200)


# --- seller portal ---------------------------------------------------------------------------


def _seller_claim(request, vendor, claim_id: int):
    return owned_with_role(request, vendor, lookup=lambda v: selectors.claim_get_for_vendor(vendor=v, claim_id=claim_id), permission=ROLE)


@require_POST
@seller_page
def seller_claim_respond(request, vendor, claim_id: int):
    vendor, claim = _seller_claim(request, vendor, claim_id)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            claims.claim_respond(vendor=vendor, actor=request.user, claim_id=claim.id, body=form.cleaned_data["body"],
                                 upload=form.cleaned_data.get("attachment"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your answer is with the marketplace, which decides the claim."))
    else:
        messages.error(request, _("Write your answer to the claim."))
    return redirect(portal_url("frontend:seller_conversation", vendor, claim.conversation_id))


@require_POST
@seller_page
def seller_claim_refund(request, vendor, claim_id: int):
    vendor, claim = _seller_claim(request, vendor, claim_id)
    try:
        claims.claim_refund_by_seller(vendor=vendor, actor=request.user, claim_id=claim.id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Refunded; the claim is closed."))
    return redirect(portal_url("frontend:seller_conversation", vendor, claim.conversation_id))


# --- console ---------------------------------------------------------------------------------


@staff_required
@require_GET
def console_claims(request):
    status = request.GET.get("status", "")
    if status not in Claim.Status.values:
        status = ""
    page = Paginator(selectors.claim_list_for_operator(status=status or None), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/claims/console_list.html",
                  {"page": page, "status": status, "statuses": Claim.Status.choices, "section": "claims", "base_query": f"status={status}"})


def _operator_claim(claim_id: int) -> Claim:
    try:
        return selectors.claim_get_for_operator(claim_id=claim_id)
    except NotFound:
        raise Http404 from None


@staff_required
@require_POST
def console_claim_decide(request, claim_id: int):
    claim = _operator_claim(claim_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claims.claim_decide(operator=request.user, claim_id=claim.id, decision=data["decision"], reason=data["reason"],
                                amount=_minor(data.get("amount"), claim.currency))
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Claim C-%(id)s decided.") % {"id": claim.id})
            return redirect("frontend:console_conversation", conversation_id=claim.conversation_id)
    return _console_page(request, claim.conversation_id, decide_form=form)


@staff_required
@require_POST
def console_conversation_claim(request, conversation_id: int):
    try:
        conversation = selectors.conversation_get_for_operator(conversation_id=conversation_id)
    except NotFound:
        raise Http404 from None
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            claim = claims.claim_from_conversation(operator=request.user, conversation=conversation, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Claim C-%(id)s opened; the seller has until %(date)s to answer.") % {
                "id": claim.id, "date": claim.respond_by.date().isoformat()})
            return redirect("frontend:console_conversation", conversation_id=conversation.id)
    return _console_page(request, conversation_id, escalate_form=form)


def _console_page(request, conversation_id: int, **forms):
    from frontend.views_messages import _thread_context

    conversation = selectors.conversation_get_for_operator(conversation_id=conversation_id)
    context = _thread_context(conversation, "operator") | {
        "form": MessageForm(), "escalate_form": EscalateForm(), "decide_form": DecideForm(), "section": "claims"} | forms
    return render(request, "frontend/messages/console_conversation.html", context, status=400)
