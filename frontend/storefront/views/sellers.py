"""Public seller page (``/sellers/<id>/``): who the trader is (DSA Art. 31) and what it offers.

Other features add their own blocks to the template (an include each), not to this view's logic.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.errors import NotFound
from vendors.selectors_trader import public_seller_get, public_seller_offers


@require_GET
def seller(request, vendor_id: int):
    try:
        vendor = public_seller_get(vendor_id=vendor_id)
    except NotFound:
        raise Http404 from None
    return render(
        request, "storefront/sellers/seller.html", {"vendor": vendor, "offers": public_seller_offers(vendor=vendor)}
    )
