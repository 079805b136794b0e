"""The buyer's conversations with sellers: list, thread, contact a seller about an offer or an order part,
attachments. The conversation is found among the buyer's own, so a foreign id is the same 404 as a
missing one; the messaging services do the writing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buyers.messaging import selectors, services
from buyers.messaging.api import attachment_response
from buyers.messaging.models import Party
from frontend.common.conversations import message_send, thread_context
from frontend.common.errors import add_domain_error
from frontend.common.forms import MessageForm
from marketplace.errors import DomainError, NotFound
from marketplace.models import VendorOrder

# --- buyer -----------------------------------------------------------------------------------


@login_required
@require_GET
def conversations(request):
    found = selectors.conversation_list_for_buyer(buyer=request.user)
    return render(request, "storefront/messages/list.html", {"conversations": found})


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request, conversation_id: int):
    try:
        found = selectors.conversation_get_for_buyer(buyer=request.user, conversation_id=conversation_id)
    except NotFound:
        raise Http404 from None
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if message_send(request, form, conversation=found, party=Party.BUYER):
            return redirect("frontend:conversation", conversation_id=found.id)
    else:
        services.conversation_mark_read(conversation=found, party=Party.BUYER)
    context = thread_context(found, Party.BUYER) | {"form": form}
    return render(request, "storefront/messages/conversation.html", context, status=400 if form.errors else 200)


def _start(request, *, template: str, context: dict, start_kwargs: dict):
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.conversation_start(
                buyer=request.user,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data.get("attachment"),
                **start_kwargs,
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Message sent. The seller will answer here."))
            return redirect("frontend:conversation", conversation_id=message.conversation_id)
    return render(request, template, context | {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def order_contact(request, number: str, vendor_order_id: int):
    """Contact the seller of one part of an order (an existing thread about it is continued)."""
    from buyers.selectors import order_get

    try:
        order = order_get(buyer=request.user, number=number)
        part = order.vendor_orders.select_related("vendor").get(id=vendor_order_id)
    except (NotFound, VendorOrder.DoesNotExist):
        raise Http404 from None
    existing = selectors.conversation_for_vendor_order(vendor_order_id=part.id)
    if existing is not None and request.method == "GET":
        return redirect("frontend:conversation", conversation_id=existing.id)
    return _start(
        request,
        template="storefront/messages/start.html",
        context={"order": order, "part": part, "vendor": part.vendor},
        start_kwargs={"number": number, "vendor_order_id": part.id},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_contact(request, offer_id: int):
    """Ask the seller of an offer a question before buying."""
    from vendors.selectors import live_offer_get

    try:
        offer = live_offer_get(offer_id=offer_id)
    except NotFound:
        raise Http404 from None
    return _start(
        request,
        template="storefront/messages/start.html",
        context={"offer": offer, "vendor": offer.vendor},
        start_kwargs={"offer_id": offer.id},
    )


@login_required
@require_GET
def attachment(request, attachment_id: int):
    """An attachment for any participant (buyer, seller staff handling orders, operators)."""
    try:
        found = selectors.attachment_get_for_user(user=request.user, attachment_id=attachment_id)
    except NotFound:
        raise Http404 from None
    return attachment_response(found)


# --- seller portal ---------------------------------------------------------------------------


# --- console ---------------------------------------------------------------------------------
