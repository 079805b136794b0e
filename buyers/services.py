"""Buyer writes: cart changes and placing an order."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.addons.models import CartService
from buyers.addons.service_offers import service_order_lines, service_price_line, services_for_checkout
from buyers.addons.services import co2_contribution_quote
from buyers.coupons import coupon_check, coupon_terms
from buyers.loyalty.services import points_redeem, points_redemption_check
from buyers.models import BuyerProfile, Cart, CartItem, CouponRedemption
from buyers.pricing import VendorTotal, cart_totals, totals_with_extra_discount
from buyers.selectors import cart_item_get, order_get, price_line
from buyers.shipping import cart_shipping, pickup_choice_check, pickup_snapshot
from buyers.withdrawal import order_terms_record
from marketplace.errors import Conflict, DomainError, NotFound, Unprocessable
from marketplace.events import ORDER_CONFIRMED, ORDER_REACHED_SELLERS
from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.money import Money
from marketplace.outbox import outbox_publish_many
from payouts.selectors.commissions import commission_quote, commission_rules_current
from payouts.services import ledger_record_order_placed
from payouts.services.orders import card_payment_check_available, order_payment_intent_ensure
from vendors.models import Offer
from vendors.selectors import LIVE_OFFER, PickupPoint, live_offer_get
from vendors.services import catalog_product_changed_events
from vendors.services.fulfilment import vendor_order_cancel
from vendors.shipping import ShippingUnavailable
from vendors.variant_choice import offer_variant_labels

MAX_QUANTITY = 999


def _check_quantity(offer: Offer, quantity: int) -> None:
    if quantity > offer.stock:
        raise DomainError(
            _("Only %(stock)s of this offer in stock; you asked for %(quantity)s.")
            % {"stock": offer.stock, "quantity": quantity},
            field="quantity",
            code="insufficient_stock",
        )


@transaction.atomic
def cart_item_add(*, buyer, offer_id: int, quantity: int) -> CartItem:
    offer = live_offer_get(offer_id=offer_id)
    cart, _created = Cart.objects.select_for_update().get_or_create(buyer=buyer)
    other_currency = (
        cart.items.exclude(offer__currency=offer.currency).values_list("offer__currency", flat=True).first()
    )
    if other_currency:
        raise DomainError(
            _(
                "Your cart holds items priced in %(cart)s; this offer is in %(offer)s. One order is paid in one currency."
            )
            % {"cart": other_currency, "offer": offer.currency},
            field="offer",
            code="currency_mismatch",
        )
    item = cart.items.filter(offer=offer).first()
    total = quantity + (item.quantity if item else 0)
    if total > MAX_QUANTITY:
        raise DomainError(_("At most %(max)s of one offer per order.") % {"max": MAX_QUANTITY}, field="quantity")
    _check_quantity(offer, total)
    if item:
        item.quantity, item.price_seen_amount = total, offer.price_amount
        item.save(update_fields=["quantity", "price_seen_amount"])
        return item
    return CartItem.objects.create(cart=cart, offer=offer, quantity=quantity, price_seen_amount=offer.price_amount)


@transaction.atomic
def cart_item_update(*, buyer, item_id: int, quantity: int) -> CartItem:
    item = cart_item_get(buyer=buyer, item_id=item_id)
    _check_quantity(item.offer, quantity)
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    return item


def cart_item_remove(*, buyer, item_id: int) -> None:
    cart_item_get(buyer=buyer, item_id=item_id).delete()


def _order_number() -> str:
    return f"{timezone.now():%y%m%d}-{secrets.token_hex(4).upper()}"


def checkout_place(
    *,
    buyer,
    idempotency_key: str,
    payment_method: str,
    shipping_address: dict,
    pickup_locations: dict[int, int] | None = None,
    email: str | None = None,
    points: int = 0,
    bundle_shipments: bool = False,
    co2_compensation: bool = False,
) -> Order:
    """Place the cart as one Order with one VendorOrder per vendor; idempotent per key.

    Stock is checked and decremented under row locks (offers locked in id order), the ledger
    entry is written in the same transaction, and search learns of the new stock via the outbox.
    ``pickup_locations`` (vendor id -> pickup location id) collects those sellers' parts at their
    shop instead of shipping them (no shipping charge). ``email`` overrides the buyer's address
    for the confirmation (guests, buyers.guests). ``points`` are redeemed as a platform-funded
    discount, ``bundle_shipments`` earns the bundle bonus, ``co2_compensation`` adds the CO2
    contribution per shipment (buyers.loyalty, buyers.addons).
    """
    if payment_method not in settings.MARKETPLACE_PAYMENT_METHODS:
        allowed = ", ".join(settings.MARKETPLACE_PAYMENT_METHODS)
        raise DomainError(
            _("Unknown payment method %(method)r; allowed: %(allowed)s.")
            % {"method": payment_method, "allowed": allowed},
            field="payment_method",
        )
    if payment_method == Order.PaymentMethod.CARD:
        card_payment_check_available()
    request_fingerprint = _fingerprint(
        {
            "payment_method": payment_method,
            "shipping_address": shipping_address,
            "pickup_locations": {str(k): v for k, v in (pickup_locations or {}).items()},
            "email": email,
            "points": points,
            "bundle_shipments": bundle_shipments,
            "co2_compensation": co2_compensation,
        }
    )
    try:
        with transaction.atomic():
            # One checkout per buyer at a time: a second request with the same key waits here for
            # the first to commit, then finds its order below instead of racing it for the stock.
            # This lock is the buyer's own cart row; other buyers never wait for it. The coupon and
            # the buyer's profile come with it (the order's terms need the profile).
            cart = (
                Cart.objects.select_for_update(of=("self",))
                .select_related("coupon", "buyer__buyer_profile")
                .filter(buyer=buyer)
                .first()
            )
            order = _place(
                buyer=buyer,
                cart=cart,
                idempotency_key=idempotency_key,
                payment_method=payment_method,
                shipping_address=shipping_address,
                pickup_locations=pickup_locations or {},
                email=email or buyer.email,
                points=points,
                bundle_shipments=bundle_shipments,
                co2_compensation=co2_compensation,
                request_fingerprint=request_fingerprint,
            )
    except IntegrityError:
        # A buyer without a cart row yet raced itself to the key: answer with the order that won.
        existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        _idempotent_repeat_check(order=existing, buyer=buyer, request_fingerprint=request_fingerprint)
        order = existing
    return _with_payment(order)


def _fingerprint(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def _cart_fingerprint(buyer) -> str | None:
    """The cart's content (offers, quantities, chosen services, coupon); None when it is empty."""
    items = list(
        CartItem.objects.filter(cart__buyer=buyer).order_by("offer_id").values_list("id", "offer_id", "quantity")
    )
    if not items:
        return None
    services = sorted(
        CartService.objects.filter(item_id__in=[i for i, _o, _q in items]).values_list(
            "item__offer_id", "service_offer_id"
        )
    )
    coupon = Cart.objects.filter(buyer=buyer).values_list("coupon_id", flat=True).first()
    return _fingerprint(
        {"items": [[offer, quantity] for _i, offer, quantity in items], "services": services, "coupon": coupon}
    )


def _idempotent_repeat_check(*, order: Order, buyer, request_fingerprint: str) -> None:
    """A repeat under a used key must be the same request: the same parameters, and the cart it
    placed (a retry after success finds the cart empty, which is the same request too)."""
    changed = bool(order.request_fingerprint) and order.request_fingerprint != request_fingerprint
    cart = _cart_fingerprint(buyer)
    changed = changed or (bool(order.cart_fingerprint) and cart is not None and cart != order.cart_fingerprint)
    if changed:
        raise Unprocessable(
            _(
                "This Idempotency-Key was used for order %(number)s with a different cart or different details; "
                "send a new key for a new order."
            )
            % {"number": order.number},
            field="idempotency_key",
            code="idempotency_key_reused",
        )


def _with_payment(order: Order) -> Order:
    """Card orders: create the PaymentIntent once the order is committed (idempotency key from
    the order, so a retried checkout gets the same intent) and hand its client_secret to the
    client as ``order.payment_client_secret`` for Stripe.js. If Stripe is down the order stays
    pending_payment and GET /api/payouts/orders/<number>/payment/ creates the intent later."""
    order.payment_client_secret = ""
    if order.payment_method != Order.PaymentMethod.CARD or order.payment_status == Order.PaymentStatus.PAID:
        return order

    def create_intent():
        order.payment_client_secret = order_payment_intent_ensure(order_id=order.pk).client_secret

    # Runs at once when no transaction is open, else after the caller's commit.
    transaction.on_commit(create_intent)
    return order


def _cart_read(*, buyer, idempotency_key: str) -> list[CartItem]:
    """The cart's items with their offers (seller, product, category) in one query; each row also
    says whether its offer is live, whether services were chosen for it, and the order already
    placed under this key (if any)."""
    return list(
        CartItem.objects.filter(cart__buyer=buyer)
        .select_related("offer__vendor", "offer__product__category", "offer__variant")
        .annotate(
            offer_live=Exists(Offer.objects.filter(LIVE_OFFER, pk=OuterRef("offer_id"))),
            has_services=Exists(CartService.objects.filter(item_id=OuterRef("pk"))),
            existing_order_id=Subquery(
                Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).values("id")[:1]
            ),
        )
        .order_by("id")
    )


def _place(
    *,
    buyer,
    cart: Cart | None,
    idempotency_key: str,
    payment_method: str,
    shipping_address: dict,
    pickup_locations: dict[int, int],
    email: str,
    points: int = 0,
    bundle_shipments: bool = False,
    co2_compensation: bool = False,
    request_fingerprint: str = "",
) -> Order:
    """The order, in three steps: read and price everything (no lock but the buyer's own cart
    row), write the order, its lines and its ledger entry in bulk, and take the stock last with one
    conditional UPDATE per offer, so the offers' rows are locked only from there to the commit."""
    cart_items = _cart_read(buyer=buyer, idempotency_key=idempotency_key)
    existing_id = cart_items[0].existing_order_id if cart_items else None
    if existing_id is None and not cart_items:  # a retry after success finds the cart empty
        existing_id = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).values("id").first()
        existing_id = existing_id and existing_id["id"]
    if existing_id is not None:
        existing = Order.objects.get(id=existing_id)
        _idempotent_repeat_check(order=existing, buyer=buyer, request_fingerprint=request_fingerprint)
        return existing
    if not cart_items:
        raise DomainError(_("Your cart is empty."), field="cart", code="cart_empty")
    items = {item.offer_id: item for item in cart_items}
    offers = sorted((item.offer for item in cart_items), key=lambda offer: offer.id)  # the UPDATEs lock in id order
    missing = {item.offer_id for item in cart_items if not item.offer_live}
    if missing:
        raise DomainError(
            _("Offers %(ids)s are no longer for sale; remove them from your cart.") % {"ids": sorted(missing)},
            field="cart",
            code="offer_unavailable",
        )
    for offer in offers:
        if items[offer.id].quantity > offer.stock:
            raise DomainError(
                _("Only %(stock)s of %(title)s left; lower the quantity in your cart.")
                % {"stock": offer.stock, "title": offer.product.title},
                field="cart",
                code="insufficient_stock",
            )
    currencies = {offer.currency for offer in offers}
    if len(currencies) != 1:
        raise DomainError(
            _("Your cart mixes currencies; one order is paid in one currency."), field="cart", code="currency_mismatch"
        )
    currency = currencies.pop()

    # Price the cart: current prices (the stock UPDATE below checks they still hold), VAT of the
    # destination, the coupon checked again under a lock on its usage count.
    country = shipping_address.get("country") or settings.MARKETPLACE_HOME_COUNTRY
    lines = [price_line(item, country) for item in items.values()]
    # Services chosen for items (warranty, protection, assembly): their provider's own lines.
    with_services = {offer_id: item for offer_id, item in items.items() if item.has_services}
    chosen_services = services_for_checkout(items=with_services, currency=currency) if with_services else []
    lines += [service_price_line(entry, country) for entry in chosen_services]
    cart_fingerprint = _fingerprint(
        {
            "items": sorted([item.offer_id, item.quantity] for item in cart_items),
            "services": sorted((entry.item.offer_id, entry.service.id) for entry in chosen_services),
            "coupon": cart.coupon_id if cart else None,
        }
    )
    coupon, terms = (cart.coupon if cart else None), None
    if coupon is not None:
        coupon_check(coupon=coupon, buyer=buyer, lines=lines, currency=currency, lock=True)
        terms = coupon_terms(coupon)
    pickups = (
        pickup_choice_check(choices=pickup_locations, vendor_ids={offer.vendor_id for offer in offers})
        if pickup_locations
        else {}
    )
    shipping = cart_shipping(
        lines=[(item.offer, item.quantity) for item in items.values()],
        country=country,
        currency=currency,
        pickups=pickups,
    )
    for group in shipping.values():
        if group.unavailable:
            raise ShippingUnavailable(group.unavailable, field="shipping_address.country")
    totals = cart_totals(
        lines=lines, shipping={v: group.cost for v, group in shipping.items()}, currency=currency, discount=terms
    )
    coupon_discount = totals.discount
    points_discount = Money.zero(currency)
    if points:
        # Loyalty points: a platform-funded discount on top of the coupon (buyers.loyalty).
        points_discount = points_redemption_check(
            buyer=buyer, points=points, currency=currency, coupon=coupon, redeemable=totals.items - totals.discount
        )
        totals = totals_with_extra_discount(totals, points_discount)
    co2 = (
        co2_contribution_quote(currency=currency, shipments=len(shipping) - len(pickups))
        if co2_compensation
        else Money.zero(currency)
    )
    line_totals = {lt.line.key: lt for vendor in totals.vendors for lt in vendor.lines}
    vendor_totals = {vendor.vendor_id: vendor for vendor in totals.vendors}
    # Points are platform-funded too; a seller's coupon never combines with them (loyalty check).
    platform_funded = (coupon is not None and coupon.funded_by_vendor_id is None) or bool(points_discount.amount)
    rules = commission_rules_current(currency=currency)  # from the cache
    by_vendor: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        by_vendor[offer.vendor_id].append(offer)
    services_by_vendor: dict[int, list] = defaultdict(list)
    for entry in chosen_services:
        services_by_vendor[entry.service.provider_id].append(entry)
    parts = [
        _vendor_order_priced(
            offers=vendor_offers,
            items=items,
            currency=currency,
            line_totals=line_totals,
            platform_funded=platform_funded,
            vendor_total=vendor_totals[vendor_id],
            pickup=pickups.get(vendor_id),
            services=services_by_vendor.pop(vendor_id, []),
            rules=rules,
        )
        for vendor_id, vendor_offers in by_vendor.items()
    ]
    parts += [  # partners selling only services in this order
        _vendor_order_priced(
            offers=[],
            items=items,
            currency=currency,
            line_totals=line_totals,
            platform_funded=platform_funded,
            vendor_total=vendor_totals[vendor_id],
            pickup=None,
            services=entries,
            rules=rules,
        )
        for vendor_id, entries in services_by_vendor.items()
    ]

    # Write: the order, its terms, the seller parts and all lines in bulk, the ledger entry.
    order = Order.objects.create(
        number=_order_number(),
        buyer=buyer,
        email=email,
        # A card order is placed once Stripe confirms the payment (payouts webhook).
        status=Order.Status.PENDING_PAYMENT if payment_method == Order.PaymentMethod.CARD else Order.Status.PLACED,
        payment_method=payment_method,
        currency=currency,
        items_total_amount=totals.items.amount,
        discount_amount=totals.discount.amount,
        coupon_code=totals.discount_code or "",
        vat_amount=totals.vat.amount,
        shipping_amount=totals.shipping.amount,
        total_amount=totals.total.amount + co2.amount,
        points_redeemed=points if points_discount.amount else 0,
        points_discount_amount=points_discount.amount,
        bundle_shipments=bundle_shipments,
        co2_amount=co2.amount,
        shipping_address=shipping_address,
        payment_due_date=timezone.localdate() + timedelta(days=settings.MARKETPLACE_INVOICE_DUE_DAYS)
        if payment_method == Order.PaymentMethod.INVOICE
        else None,
        early_payment_discount_bps=settings.MARKETPLACE_INVOICE_DISCOUNT_BPS
        if payment_method == Order.PaymentMethod.INVOICE
        else 0,
        # Dates in the shop's time zone: after 23:00 UTC it is already tomorrow in Berlin.
        early_payment_discount_until=timezone.localdate() + timedelta(days=settings.MARKETPLACE_INVOICE_DISCOUNT_DAYS)
        if payment_method == Order.PaymentMethod.INVOICE and settings.MARKETPLACE_INVOICE_DISCOUNT_BPS
        else None,
        idempotency_key=idempotency_key,
        request_fingerprint=request_fingerprint,
        cart_fingerprint=cart_fingerprint,
    )
    # Consumer or business: rights and VAT (buyers.withdrawal); the profile came with the cart.
    order_terms_record(order=order, buyer=buyer, profile=_profile_of(cart.buyer if cart else buyer))
    for vendor_order, _lines in parts:
        vendor_order.order = order
    vendor_orders = VendorOrder.objects.bulk_create([vendor_order for vendor_order, _lines in parts])
    order_lines = []
    for vendor_order, part_lines in parts:
        for line in part_lines:
            line.vendor_order = vendor_order
            order_lines.append(line)
    OrderLine.objects.bulk_create(order_lines)
    if coupon is not None and coupon_discount.amount:
        CouponRedemption.objects.create(
            coupon=coupon, buyer=buyer, order=order, discount_amount=coupon_discount.amount, currency=currency
        )
    if points_discount.amount:
        points_redeem(buyer=buyer, points=points, order=order)
    if payment_method == Order.PaymentMethod.INVOICE:
        # Card orders book the sale when the payment succeeds (payouts.services.orders).
        ledger_record_order_placed(order=order, vendor_orders=vendor_orders, new=True)
    # Search learns the new stock, and the confirmation (mail, documents) goes out, after commit
    # in the worker: one INSERT for all outbox rows.
    events = catalog_product_changed_events(product_ids=[offer.product_id for offer in offers])
    if payment_method == Order.PaymentMethod.INVOICE:  # card orders are confirmed once paid (payouts)
        events.append((ORDER_CONFIRMED, f"order:{order.id}", {"order_id": order.id}))
        events.append((ORDER_REACHED_SELLERS, f"order:{order.id}", {"order_id": order.id}))
    outbox_publish_many(events)
    if chosen_services:
        CartService.objects.filter(item_id__in=[item.id for item in cart_items]).delete()
    CartItem.objects.filter(id__in=[item.id for item in cart_items])._raw_delete(CartItem.objects.db)
    if cart is not None and cart.coupon_id is not None:
        Cart.objects.filter(id=cart.id).update(coupon=None)
    _stock_take(offers=offers, items=items)
    return order


def _profile_of(user):
    try:
        return user.buyer_profile
    except BuyerProfile.DoesNotExist:
        return None


def _stock_take(*, offers: list[Offer], items: dict) -> None:
    """One conditional UPDATE per offer (in id order, so two checkouts never deadlock): the stock
    goes down only if enough is left and the price is still the one charged. The row stays locked
    from here to the commit, a moment. A checkout that lost the race is refused with 409 naming
    the offer, and its whole transaction (order, lines, ledger entry) is rolled back."""
    for offer in offers:
        quantity = items[offer.id].quantity
        taken = Offer.objects.filter(
            pk=offer.pk,
            stock__gte=quantity,
            price_amount=offer.price_amount,
            currency=offer.currency,
            status=Offer.Status.LIVE,
        ).update(stock=F("stock") - quantity)
        if taken:
            offer.stock -= quantity
            continue
        now = Offer.objects.filter(pk=offer.pk).values("stock", "price_amount", "status").first() or {}
        if now.get("status") == Offer.Status.LIVE and now.get("stock", 0) >= quantity:
            raise Conflict(
                _("The price of %(title)s (offer %(offer)s) changed while you checked out; review your cart.")
                % {"title": offer.product.title, "offer": offer.pk},
                field="cart",
                code="price_changed",
            )
        raise Conflict(
            _("%(title)s (offer %(offer)s) sold out while you checked out: %(left)s left, you asked for %(quantity)s.")
            % {
                "title": offer.product.title,
                "offer": offer.pk,
                "left": max(now.get("stock", 0), 0) if now.get("status") == Offer.Status.LIVE else 0,
                "quantity": quantity,
            },
            field="cart",
            code="sold_out",
        )


def _vendor_order_priced(
    *,
    offers: list[Offer],
    items: dict,
    currency: str,
    line_totals: dict,
    platform_funded: bool,
    vendor_total: VendorTotal,
    pickup: PickupPoint | None,
    services: list | tuple = (),
    rules: list,
) -> tuple[VendorOrder, list[OrderLine]]:
    """One seller's part and its lines, unsaved. Commission is charged on what the seller sells
    for: a discount the seller funds lowers it, one the platform funds does not (the platform bears
    that cost). Shipping is passed on to the seller whole and carries no commission: the seller
    pays the carrier, and commission on postage would tax a cost, not a sale (README, Decisions)."""
    vendor = offers[0].vendor if offers else services[0].service.provider
    variant_labels = offer_variant_labels(offers)  # the size or colour bought, named on the order
    lines = []
    for offer in offers:
        item = items[offer.id]
        priced = line_totals[item.id]
        quantity = item.quantity
        line_total = offer.price * quantity
        commission_base = line_total if platform_funded else line_total - priced.discount
        quote = commission_quote(
            vendor=vendor,
            category_path=offer.product.category.path,
            line_total=commission_base,
            quantity=quantity,
            rules=rules,
        )
        lines.append(
            OrderLine(
                offer=offer,
                product_title=offer.product.title,
                variant_label=variant_labels.get(offer.id, "")[:200],
                currency=currency,
                unit_price_amount=offer.price_amount,
                quantity=quantity,
                line_total_amount=line_total.amount,
                discount_amount=priced.discount.amount,
                vat_rate_bps=priced.line.vat_rate_bps,
                vat_amount=priced.vat.amount,
                commission_bps=quote.rate_bps,
                commission_fixed_amount=quote.fixed_per_item,
                commission_rule_id=quote.rule_id,
                commission_amount=quote.commission.amount,
                commission_vat_amount=quote.vat.amount,
            )
        )
    lines += service_order_lines(
        chosen=list(services), line_totals=line_totals, platform_funded=platform_funded, rules=rules, currency=currency
    )
    items_amount = sum(line.line_total_amount for line in lines)
    discount = sum(line.discount_amount for line in lines)
    platform_discount = discount if platform_funded else 0
    commission = sum(line.commission_amount for line in lines)
    commission_vat = sum(line.commission_vat_amount for line in lines)
    vendor_order = VendorOrder(
        vendor=vendor,
        currency=currency,
        items_amount=items_amount,
        discount_amount=discount,
        platform_discount_amount=platform_discount,
        vat_amount=vendor_total.vat.amount,  # lines' VAT plus the VAT in shipping
        shipping_amount=vendor_total.shipping.amount,
        shipping_vat_amount=vendor_total.shipping_vat.amount,
        pickup_location_id=pickup.id if pickup else None,
        pickup_address=pickup_snapshot(pickup) if pickup else {},
        commission_amount=commission,
        commission_vat_amount=commission_vat,
        payable_amount=items_amount
        - (discount - platform_discount)
        + vendor_total.shipping.amount
        - commission
        - commission_vat,
    )
    return vendor_order, lines


def vendor_order_cancel_by_buyer(*, buyer, number: str, vendor_order_id: int, reason: str = ""):
    """The buyer cancels one seller's part before it ships (their own orders only)."""
    order = order_get(buyer=buyer, number=number)
    if not order.vendor_orders.filter(id=vendor_order_id).exists():
        raise NotFound(_("No such order."), field="vendor_order")
    return vendor_order_cancel(actor=buyer, vendor_order_id=vendor_order_id, reason=reason, by="buyer")
