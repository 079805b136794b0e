"""Cart and checkout: add, change, remove, discount codes, place the order."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers import coupons
from buyers import selectors as buyer_selectors
from buyers import services as buyer_services
from frontend.common.access import safe_next
from frontend.common.errors import add_domain_error
from frontend.storefront import selectors as storefront_selectors
from frontend.storefront.forms.cart import CartAddForm, CartItemUpdateForm, CheckoutForm
from frontend.storefront.forms.loyalty import CheckoutExtrasForm
from marketplace.errors import DomainError, NotFound


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


@require_POST
def cart_add(request):
    back = safe_next(request, reverse("frontend:home"))
    if not request.user.is_authenticated:
        messages.info(request, _("Please log in to fill your cart."))
        return redirect_to_login(back)
    form = CartAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        buyer_services.cart_item_add(
            buyer=request.user, offer_id=form.cleaned_data["offer"], quantity=form.cleaned_data["quantity"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Added to your cart."))
    return redirect("frontend:cart")


def _render_cart(request, checkout_form: CheckoutForm | None = None, status: int = 200):
    summary = buyer_selectors.cart_summary(buyer=request.user)
    if checkout_form is None:
        checkout_form = CheckoutForm(
            initial={"idempotency_key": uuid.uuid4().hex, "country": "DE", "payment_method": "invoice"}
        )
    # The delivery promise per seller: to the country the buyer typed at checkout, else the cart's.
    typed = (checkout_form.data.get("country") or "").strip().upper() if checkout_form.is_bound else ""
    country = typed if len(typed) == 2 and typed.isalpha() else (summary.country or "DE")
    deliveries = storefront_selectors.cart_delivery_dates(summary=summary, country=country) if summary.groups else {}
    for group in summary.groups:
        group.delivery_date = deliveries.get(group.vendor_id)
    return render(request, "storefront/cart.html", {"cart": summary, "checkout_form": checkout_form}, status=status)


@login_required
@require_GET
def cart(request):
    return _render_cart(request)


@login_required
@require_POST
def cart_item_update(request, item_id: int):
    form = CartItemUpdateForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("quantity", []):
            messages.error(request, error)
        return redirect("frontend:cart")
    try:
        buyer_services.cart_item_update(buyer=request.user, item_id=item_id, quantity=form.cleaned_data["quantity"])
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Quantity updated."))
    return redirect("frontend:cart")


@login_required
@require_POST
def cart_item_remove(request, item_id: int):
    try:
        buyer_services.cart_item_remove(buyer=request.user, item_id=item_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Removed from your cart."))
    return redirect("frontend:cart")


@login_required
@require_POST
def checkout(request):
    form = CheckoutForm(request.POST)
    extras = CheckoutExtrasForm(request.POST)  # points, fewer shipments, CO2 (frontend/storefront/forms/loyalty.py)
    if not (form.is_valid() & extras.is_valid()):
        extras.errors_to(form)
        return _render_cart(request, form, status=400)
    try:
        order = buyer_services.checkout_place(
            buyer=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
            payment_method=form.cleaned_data["payment_method"],
            shipping_address=form.shipping_address(),
            **extras.options(),
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _render_cart(request, form, status=400)
    messages.success(request, _("Thank you! Your order %(number)s has been placed.") % {"number": order.number})
    return redirect("frontend:order", number=order.number)
