"""Seller portal: the terms for sellers in force and announced changes (P2B: 15 days' notice),
with the seller's acceptance."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.portal import portal_context
from marketplace import legal
from marketplace.errors import DomainError
from vendors.services.seller_terms import seller_terms_accept, seller_terms_status


@require_GET
@seller_page
def terms(request, vendor):
    rows = [
        row | {"blocks": legal.legal_text_blocks(row["version"].body)} for row in seller_terms_status(vendor=vendor)
    ]
    return render(request, "seller/terms.html", portal_context(request, vendor, "legal_terms") | {"rows": rows})


@require_POST
@seller_page
def terms_accept(request, vendor):
    vendor = require_step(request, vendor, "terms_accept")
    raw = request.POST.get("version", "")
    try:
        seller_terms_accept(vendor=vendor, actor=request.user, version_number=int(raw) if raw.isdigit() else 0)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your acceptance is recorded."))
    return redirect(portal_url("frontend:seller_terms", vendor))
