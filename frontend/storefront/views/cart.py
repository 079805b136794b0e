"""Cart extras: discount codes. The cart page itself is in views.py."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buyers import coupons
from marketplace.errors import DomainError


@login_required
@require_POST
def cart_coupon(request):
    try:
        if request.POST.get("remove"):
            coupons.cart_coupon_remove(buyer=request.user)
            messages.success(request, _("Code removed."))
        else:
            coupon = coupons.cart_coupon_apply(buyer=request.user, code=request.POST.get("code", ""))
            messages.success(request, _("Code %(code)s applied.") % {"code": coupon.code})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("frontend:cart")
