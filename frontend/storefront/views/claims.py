"""The buyer opens a guarantee claim from the order page (buyers.messaging.claims does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buyers.messaging import claims
from frontend.common.conversations import minor_units
from frontend.common.errors import add_domain_error
from frontend.storefront.forms.claims import ClaimOpenForm
from marketplace.errors import DomainError, NotFound
from marketplace.models import VendorOrder


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
            claim = claims.claim_open(
                buyer=request.user,
                number=number,
                vendor_order_id=part.id,
                reason=data["reason"],
                body=data["body"],
                amount=minor_units(data.get("amount"), part.currency),
                upload=data.get("attachment"),
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Claim opened. The seller has until %(date)s to answer.")
                % {"date": claim.respond_by.date().isoformat()},
            )
            return redirect("frontend:conversation", conversation_id=claim.conversation_id)
    context = {"order": order, "part": part, "form": form, "open_from": claims.claim_open_from(vendor_order=part)}
    return render(request, "storefront/claims/open.html", context, status=400 if form.errors else 200)


# --- seller portal ---------------------------------------------------------------------------


# --- console ---------------------------------------------------------------------------------
