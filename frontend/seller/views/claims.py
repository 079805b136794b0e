"""Seller central: answer a guarantee claim with evidence, or refund it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buyers.messaging import claims, selectors
from frontend.common.forms import MessageForm
from frontend.seller.access import owned_with_role, portal_url, seller_page
from marketplace.errors import DomainError


def _seller_claim(request, vendor, claim_id: int):
    return owned_with_role(
        request,
        vendor,
        lookup=lambda v: selectors.claim_get_for_vendor(vendor=v, claim_id=claim_id),
        step="claim_answer",
    )


@require_POST
@seller_page
def seller_claim_respond(request, vendor, claim_id: int):
    vendor, claim = _seller_claim(request, vendor, claim_id)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            claims.claim_respond(
                vendor=vendor,
                actor=request.user,
                claim_id=claim.id,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data.get("attachment"),
            )
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
