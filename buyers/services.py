"""Buyer writes: cart changes and placing an order."""
from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from buyers.models import Cart, CartItem
from buyers.selectors import cart_item_get
from marketplace.errors import DomainError
from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.money import Money, money_sum
from payouts.selectors.commissions import commission_quote, commission_rules_active
from payouts.services import ledger_record_order_placed
from payouts.services.orders import card_payment_check_available, order_payment_intent_ensure
from vendors.models import Offer
from vendors.selectors import LIVE_OFFER, live_offer_get
from vendors.services import catalog_product_changed

MAX_QUANTITY = 999


def _check_quantity(offer: Offer, quantity: int) -> None:
    if quantity > offer.stock:
        raise DomainError(
            f"Only {offer.stock} of this offer in stock; you asked for {quantity}.", field="quantity", code="insufficient_stock"
        )


@transaction.atomic
def cart_item_add(*, buyer, offer_id: int, quantity: int) -> CartItem:
    offer = live_offer_get(offer_id=offer_id)
    cart, _ = Cart.objects.select_for_update().get_or_create(buyer=buyer)
    other_currency = cart.items.exclude(offer__currency=offer.currency).values_list("offer__currency", flat=True).first()
    if other_currency:
        raise DomainError(
            f"Your cart holds items priced in {other_currency}; this offer is in {offer.currency}. "
            "One order is paid in one currency.",
            field="offer",
            code="currency_mismatch",
        )
    item = cart.items.filter(offer=offer).first()
    total = quantity + (item.quantity if item else 0)
    if total > MAX_QUANTITY:
        raise DomainError(f"At most {MAX_QUANTITY} of one offer per order.", field="quantity")
    _check_quantity(offer, total)
    if item:
        item.quantity = total
        item.save(update_fields=["quantity"])
        return item
    return CartItem.objects.create(cart=cart, offer=offer, quantity=quantity)


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


def checkout_place(*, buyer, idempotency_key: str, payment_method: str, shipping_address: dict) -> Order:
    """Place the cart as one Order with one VendorOrder per vendor; idempotent per key.

    Stock is checked and decremented under row locks (offers locked in id order), the ledger
    entry is written in the same transaction, and search learns of the new stock via the outbox.
    """
    if payment_method not in settings.MARKETPLACE_PAYMENT_METHODS:
        allowed = ", ".join(settings.MARKETPLACE_PAYMENT_METHODS)
        raise DomainError(f"Unknown payment method {payment_method!r}; allowed: {allowed}.", field="payment_method")
    if payment_method == Order.PaymentMethod.CARD:
        card_payment_check_available()
    existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
    if existing:
        return _with_payment(existing)
    try:
        with transaction.atomic():
            order = _place(buyer=buyer, idempotency_key=idempotency_key, payment_method=payment_method, shipping_address=shipping_address)
    except IntegrityError:
        # A concurrent request with the same key won the race; answer with its order.
        existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
        if existing:
            return _with_payment(existing)
        raise
    return _with_payment(order)


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


def _place(*, buyer, idempotency_key: str, payment_method: str, shipping_address: dict) -> Order:
    items = {item.offer_id: item for item in CartItem.objects.filter(cart__buyer=buyer)}
    if not items:
        raise DomainError("Your cart is empty.", field="cart", code="cart_empty")
    offers = list(
        Offer.objects.select_for_update(of=("self",))
        .select_related("vendor", "product", "product__category")
        .filter(LIVE_OFFER, id__in=items)
        .order_by("id")
    )
    missing = set(items) - {offer.id for offer in offers}
    if missing:
        raise DomainError(f"Offers {sorted(missing)} are no longer for sale; remove them from your cart.", field="cart", code="offer_unavailable")
    for offer in offers:
        if items[offer.id].quantity > offer.stock:
            raise DomainError(
                f"Only {offer.stock} of {offer.product.title} left; lower the quantity in your cart.",
                field="cart",
                code="insufficient_stock",
            )
    currencies = {offer.currency for offer in offers}
    if len(currencies) != 1:
        raise DomainError("Your cart mixes currencies; one order is paid in one currency.", field="cart", code="currency_mismatch")
    currency = currencies.pop()

    by_vendor: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        by_vendor[offer.vendor_id].append(offer)
    items_total = money_sum((offer.price * items[offer.id].quantity for offer in offers), currency)
    order = Order.objects.create(
        number=_order_number(),
        buyer=buyer,
        email=buyer.email,
        # A card order is placed once Stripe confirms the payment (payouts webhook).
        status=Order.Status.PENDING_PAYMENT if payment_method == Order.PaymentMethod.CARD else Order.Status.PLACED,
        payment_method=payment_method,
        currency=currency,
        items_total_amount=items_total.amount,
        total_amount=items_total.amount,
        shipping_address=shipping_address,
        payment_due_date=(timezone.now() + timedelta(days=settings.MARKETPLACE_INVOICE_DUE_DAYS)).date()
        if payment_method == Order.PaymentMethod.INVOICE
        else None,
        early_payment_discount_bps=settings.MARKETPLACE_INVOICE_DISCOUNT_BPS if payment_method == Order.PaymentMethod.INVOICE else 0,
        early_payment_discount_until=(timezone.now() + timedelta(days=settings.MARKETPLACE_INVOICE_DISCOUNT_DAYS)).date()
        if payment_method == Order.PaymentMethod.INVOICE and settings.MARKETPLACE_INVOICE_DISCOUNT_BPS
        else None,
        idempotency_key=idempotency_key,
    )
    for vendor_offers in by_vendor.values():
        _create_vendor_order(order=order, offers=vendor_offers, items=items, currency=currency)
    for offer in offers:
        offer.stock -= items[offer.id].quantity
    Offer.objects.bulk_update(offers, ["stock"])
    if payment_method == Order.PaymentMethod.INVOICE:
        # Card orders book the sale when the payment succeeds (payouts.services.orders).
        ledger_record_order_placed(order=order)
    catalog_product_changed(product_ids=[offer.product_id for offer in offers])
    CartItem.objects.filter(cart__buyer=buyer).delete()
    return order


def _create_vendor_order(*, order: Order, offers: list[Offer], items: dict, currency: str) -> VendorOrder:
    vendor = offers[0].vendor
    rules = commission_rules_active(currency=currency)
    lines = []
    for offer in offers:
        quantity = items[offer.id].quantity
        line_total = offer.price * quantity
        quote = commission_quote(
            vendor=vendor, category_path=offer.product.category.path, line_total=line_total, quantity=quantity, rules=rules
        )
        lines.append(
            OrderLine(
                offer=offer,
                product_title=offer.product.title,
                currency=currency,
                unit_price_amount=offer.price_amount,
                quantity=quantity,
                line_total_amount=line_total.amount,
                commission_bps=quote.rate_bps,
                commission_fixed_amount=quote.fixed_per_item,
                commission_rule_id=quote.rule_id,
                commission_amount=quote.commission.amount,
                commission_vat_amount=quote.vat.amount,
            )
        )
    items_amount = sum(line.line_total_amount for line in lines)
    commission = sum(line.commission_amount for line in lines)
    commission_vat = sum(line.commission_vat_amount for line in lines)
    vendor_order = VendorOrder.objects.create(
        order=order,
        vendor=vendor,
        currency=currency,
        items_amount=items_amount,
        commission_amount=commission,
        commission_vat_amount=commission_vat,
        payable_amount=items_amount - commission - commission_vat,
    )
    for line in lines:
        line.vendor_order = vendor_order
    OrderLine.objects.bulk_create(lines)
    return vendor_order
