"""Seller central: coupons the seller funds (create, end, usage), through ``buyers.coupons`` (the
seller API's service; a seller's coupon only ever discounts its own items)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers import coupons
from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.promotions import CouponForm
from frontend.seller.portal import one_click_step, portal_context
from marketplace.errors import DomainError, NotFound

NAMES = {"percent_bps": "percent", "min_order_amount": "min_order"}


def _render(request, vendor, form=None, status=200):
    context = portal_context(request, vendor, "promotions") | {
        "coupons": [
            (c, Decimal(c.percent_bps).scaleb(-2) if c.percent_bps is not None else None)
            for c in coupons.coupon_usage_for_vendor(vendor=vendor)[:200]
        ],
        "form": form or CouponForm(),
        "now": timezone.now(),
    }
    return render(request, "seller/promotions.html", context, status=status)


@require_GET
@seller_page
def promotions(request, vendor):
    return _render(request, require_step(request, vendor, "promotions"))


@require_POST
@seller_page
def coupon_create(request, vendor):
    vendor = require_step(request, vendor, "promotions")
    form = CouponForm(request.POST)
    if form.is_valid():
        try:
            coupon = coupons.coupon_create(
                funded_by_vendor=vendor, **form.service_arguments(settings.MARKETPLACE_CURRENCY)
            )
        except DomainError as exc:
            add_domain_error(form, exc, NAMES)
        else:
            messages.success(request, _("Coupon %(code)s created.") % {"code": coupon.code})
            return redirect(portal_url("frontend:seller_promotions", vendor))
    return _render(request, vendor, form, status=400)


@require_POST
@seller_page
def coupon_end(request, vendor, coupon_id: int):
    def lookup(v):
        found = coupons.coupon_list_for_vendor(vendor=v).filter(id=coupon_id).first()
        if found is None:
            raise NotFound(_("No such coupon."), field="coupon")
        return found

    vendor, coupon = owned_with_role(request, vendor, step="promotions", lookup=lookup)
    return one_click_step(
        request,
        lambda: coupons.coupon_end_for_vendor(vendor=vendor, actor=request.user, coupon_id=coupon.id),
        done=_("Coupon %(code)s ended.") % {"code": coupon.code},
        back=portal_url("frontend:seller_promotions", vendor),
    )
