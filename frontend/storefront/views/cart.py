"""Cart and checkout: add, change, remove, discount codes, place the order."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers import coupons, guests
from buyers import selectors as buyer_selectors
from buyers import services as buyer_services
from buyers.addons import service_offers
from buyers.addresses import address_list
from buyers.selectors import CartSummary
from frontend.common.access import safe_next
from frontend.common.errors import add_domain_error
from frontend.storefront import selectors as storefront_selectors
from frontend.storefront.forms.cart import CartAddForm, CartItemUpdateForm, CartServiceForm, CheckoutForm
from frontend.storefront.forms.loyalty import CheckoutExtrasForm
from marketplace.errors import DomainError, NotFound


def _buyer(request):
    """Whose cart this is: the signed-in buyer, else the session's guest (None before the first item)."""
    if request.user.is_authenticated:
        return request.user
    return guests.guest_get(session=request.session)


def _buyer_or_404(request):
    buyer = _buyer(request)
    if buyer is None:
        raise Http404
    return buyer


@require_POST
def cart_coupon(request):
    buyer = _buyer(request)
    if buyer is None:
        messages.error(request, _("Your cart is empty."))
        return redirect("frontend:cart")
    try:
        if request.POST.get("remove"):
            coupons.cart_coupon_remove(buyer=buyer)
            messages.success(request, _("Code removed."))
        else:
            coupon = coupons.cart_coupon_apply(buyer=buyer, code=request.POST.get("code", ""))
            messages.success(request, _("Code %(code)s applied.") % {"code": coupon.code})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("frontend:cart")


@require_POST
def cart_add(request):
    back = safe_next(request, reverse("frontend:home"))
    form = CartAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    offer_id, quantity = form.cleaned_data["offer"], form.cleaned_data["quantity"]
    try:
        with transaction.atomic():  # the item and its add-on services, or nothing
            if request.user.is_authenticated:
                item = buyer_services.cart_item_add(buyer=request.user, offer_id=offer_id, quantity=quantity)
            else:  # a guest: the cart lives with the session (buyers.guests); an account is optional
                item = guests.guest_cart_item_add(session=request.session, offer_id=offer_id, quantity=quantity)
            if form.cleaned_data["service_offer"]:
                service_offers.cart_services_choose(
                    buyer=item.cart.buyer, item_id=item.id, service_offer_ids=form.cleaned_data["service_offer"]
                )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Added to your cart."))
    return redirect("frontend:cart")


@require_POST
def cart_service_add(request, item_id: int):
    """Choose an add-on service (warranty, protection, assembly) for a cart item."""
    form = CartServiceForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("service_offer", []):
            messages.error(request, error)
        return redirect("frontend:cart")
    try:
        service_offers.cart_service_add(
            buyer=_buyer_or_404(request), item_id=item_id, service_offer_id=form.cleaned_data["service_offer"]
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Add-on service added."))
    return redirect("frontend:cart")


@require_POST
def cart_service_remove(request, item_id: int, service_offer_id: int):
    try:
        service_offers.cart_service_remove(
            buyer=_buyer_or_404(request), item_id=item_id, service_offer_id=service_offer_id
        )
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Add-on service removed."))
    return redirect("frontend:cart")


def _checkout_form(request, data=None) -> CheckoutForm:
    addresses = address_list(buyer=request.user).filter(kind="shipping") if request.user.is_authenticated else ()
    return CheckoutForm(data, guest=not request.user.is_authenticated, addresses=list(addresses))


def _render_cart(request, checkout_form: CheckoutForm | None = None, status: int = 200):
    buyer = _buyer(request)
    summary = buyer_selectors.cart_summary(buyer=buyer) if buyer else CartSummary(groups=[], currency=None)
    if checkout_form is None:
        checkout_form = _checkout_form(request)
        checkout_form.initial = {
            "idempotency_key": uuid.uuid4().hex,
            "country": storefront_selectors.buyer_country(request.user),
            "payment_method": "invoice",
        }
        if checkout_form.addresses:
            checkout_form.initial["saved_address"] = next(iter(checkout_form.addresses))
    # The delivery promise per seller: to the country the buyer chose at checkout, else the cart's.
    typed = (checkout_form.data.get("country") or "").strip().upper() if checkout_form.is_bound else ""
    country = typed if typed in settings.MARKETPLACE_SHIPPING_COUNTRIES else (summary.country or "DE")
    deliveries = storefront_selectors.cart_delivery_dates(summary=summary, country=country) if summary.groups else {}
    for group in summary.groups:
        group.delivery_date = deliveries.get(group.vendor_id)
        # Click & collect as chosen on a refused submit (a fresh page ships everything).
        group.pickup_selected = request.POST.get(f"pickup-{group.vendor_id}", "") if request.method == "POST" else ""
    return render(
        request,
        "storefront/cart.html",
        {"cart": summary, "checkout_form": checkout_form, "checkout_step": "address" if status == 200 else "fix"},
        status=status,
    )


@require_GET
def cart(request):
    return _render_cart(request)


@require_POST
def cart_item_update(request, item_id: int):
    form = CartItemUpdateForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("quantity", []):
            messages.error(request, error)
        return redirect("frontend:cart")
    try:
        buyer_services.cart_item_update(
            buyer=_buyer_or_404(request), item_id=item_id, quantity=form.cleaned_data["quantity"]
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Quantity updated."))
    return redirect("frontend:cart")


@require_POST
def cart_item_remove(request, item_id: int):
    try:
        buyer_services.cart_item_remove(buyer=_buyer_or_404(request), item_id=item_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Removed from your cart."))
    return redirect("frontend:cart")


def _pickup_choices(post) -> dict[int, int]:
    """Click & collect per seller from the cart page: ``pickup-<vendor id>`` = a pickup location id
    (empty: ship). Whether the location is that seller's is the service's check."""
    choices = {}
    for key, value in post.items():
        if key.startswith("pickup-") and value.strip():
            vendor, location = key.removeprefix("pickup-"), value.strip()
            if vendor.isdigit() and location.isdigit():
                choices[int(vendor)] = int(location)
    return choices


@require_POST
def checkout(request):
    form = _checkout_form(request, request.POST)
    extras = CheckoutExtrasForm(request.POST)  # points, fewer shipments, CO2 (frontend/storefront/forms/loyalty.py)
    if not (form.is_valid() & extras.is_valid()):
        extras.errors_to(form)
        return _render_cart(request, form, status=400)
    try:
        if request.user.is_authenticated:
            order = buyer_services.checkout_place(
                buyer=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
                payment_method=form.cleaned_data["payment_method"],
                shipping_address=form.shipping_address(),
                pickup_locations=_pickup_choices(request.POST),
                **extras.options(),
            )
        else:
            order = guests.guest_checkout_place(
                guest=guests.guest_get(session=request.session),
                email=form.cleaned_data["email"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                payment_method=form.cleaned_data["payment_method"],
                shipping_address=form.shipping_address(),
                pickup_locations=_pickup_choices(request.POST),
            )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _render_cart(request, form, status=400)
    messages.success(request, _("Thank you! Your order %(number)s has been placed.") % {"number": order.number})
    if not request.user.is_authenticated:
        token = guests.guest_order_token(order=order)
        if order.payment_method == "card" and order.payment_status != "paid":
            return redirect("frontend:guest_order_pay", token=token)
        return redirect("frontend:guest_order", token=token)
    if order.payment_method == "card" and order.payment_status != "paid":
        return redirect("frontend:order_pay", number=order.number)
    return redirect("frontend:order", number=order.number)
