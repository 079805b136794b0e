"""Seller central: the vendor's conversations with buyers and open claims."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from buyers.messaging import selectors, services
from buyers.messaging.models import Party
from frontend.common.conversations import message_send, thread_context
from frontend.common.forms import MessageForm
from frontend.seller.access import (
    owned_with_role,
    portal_url,
    require_step,
    seller_page,
)
from frontend.seller.portal import portal_context


@require_GET
@seller_page
def seller_conversations(request, vendor):
    vendor = require_step(request, vendor, "messages")
    context = portal_context(request, vendor, "messages") | {
        "conversations": selectors.conversation_list_for_vendor(vendor=vendor),
        "claims": selectors.claim_list_for_vendor(vendor=vendor).filter(status__in=["open", "contested"]),
    }
    return render(request, "seller/messages/list.html", context)


@require_http_methods(["GET", "POST"])
@seller_page
def seller_conversation(request, vendor, conversation_id: int):
    vendor, found = owned_with_role(
        request,
        vendor,
        lookup=lambda v: selectors.conversation_get_for_vendor(vendor=v, conversation_id=conversation_id),
        step="messages",
    )
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if message_send(request, form, conversation=found, party=Party.SELLER):
            return redirect(portal_url("frontend:seller_conversation", vendor, found.id))
    else:
        services.conversation_mark_read(conversation=found, party=Party.SELLER)
    context = portal_context(request, vendor, "messages") | thread_context(found, Party.SELLER) | {"form": form}
    return render(request, "seller/messages/conversation.html", context, status=400 if form.errors else 200)
