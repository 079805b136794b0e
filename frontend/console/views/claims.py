"""Console: the guarantee claims list, turning a conversation into a claim, deciding contested claims.
The claims services (buyers.messaging.claims) do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers.messaging import claims, selectors
from buyers.messaging.models import Claim
from frontend.common.access import staff_required
from frontend.common.conversations import minor_units
from frontend.common.errors import add_domain_error
from frontend.common.forms import MessageForm
from frontend.console.forms.claims import DecideForm, EscalateForm
from marketplace.errors import DomainError, NotFound

PAGE_SIZE = 50


@staff_required
@require_GET
def console_claims(request):
    status = request.GET.get("status", "")
    if status not in Claim.Status.values:
        status = ""
    page = Paginator(selectors.claim_list_for_operator(status=status or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "console/claims.html",
        {
            "page": page,
            "status": status,
            "statuses": Claim.Status.choices,
            "section": "claims",
            "base_query": f"status={status}",
        },
    )


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
            claims.claim_decide(
                operator=request.user,
                claim_id=claim.id,
                decision=data["decision"],
                reason=data["reason"],
                amount=minor_units(data.get("amount"), claim.currency),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
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
            claim = claims.claim_from_conversation(
                operator=request.user, conversation=conversation, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Claim C-%(id)s opened; the seller has until %(date)s to answer.")
                % {"id": claim.id, "date": claim.respond_by.date().isoformat()},
            )
            return redirect("frontend:console_conversation", conversation_id=conversation.id)
    return _console_page(request, conversation_id, escalate_form=form)


def _console_page(request, conversation_id: int, **forms):
    from frontend.common.conversations import thread_context

    conversation = selectors.conversation_get_for_operator(conversation_id=conversation_id)
    context = (
        thread_context(conversation, "operator")
        | {"form": MessageForm(), "escalate_form": EscalateForm(), "decide_form": DecideForm(), "section": "claims"}
        | forms
    )
    return render(request, "console/conversation.html", context, status=400)
