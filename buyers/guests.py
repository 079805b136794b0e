"""Guests: a cart bound to the browser session, checkout with an e-mail address, the order page
behind a signed link, and the guest cart merged into the account's cart on login or registration.

A guest is an inactive user flagged ``BuyerProfile.is_guest`` (no password, no e-mail), created
on the first item added and remembered by id in the server-side session. The session, not the
client, holds the id, so a guest reaches only its own cart and orders, and all cart and checkout
code (row locks, idempotency, reservations) is the buyers' code unchanged.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buyers.models import BuyerProfile, Cart, CartItem
from buyers.services import MAX_QUANTITY, cart_item_add, checkout_place
from marketplace.errors import DomainError, NotFound
from marketplace.models import Order

User = get_user_model()
SESSION_KEY = "buyers.guest_id"
ORDER_LINK_SALT = "buyers.guest-order"
GUEST_ORDER_LINK_REQUESTED = "buyers.guest_order_link_requested"


class GuestLinkExpired(DomainError):
    """A genuine guest order link past ``MARKETPLACE_GUEST_LINK_DAYS``: 410, with where to ask
    for a new one (the order's e-mail address and number are enough)."""

    status_code = 410


def guest_get(*, session) -> User | None:
    """The guest of this session, if it has one."""
    guest_id = session.get(SESSION_KEY)
    if not guest_id:
        return None
    return User.objects.filter(id=guest_id, buyer_profile__is_guest=True).first()


@transaction.atomic
def guest_ensure(*, session) -> User:
    """The session's guest, created on first use."""
    guest = guest_get(session=session)
    if guest is not None:
        return guest
    guest = User(username=f"guest-{secrets.token_hex(16)}", email="", is_active=False)
    guest.set_unusable_password()
    guest.save()
    BuyerProfile.objects.create(user=guest, is_guest=True, language=(get_language() or "de")[:2])
    session[SESSION_KEY] = guest.id
    return guest


def guest_cart_item_add(*, session, offer_id: int, quantity: int) -> CartItem:
    """Add to the session's cart, creating its guest on first use. One transaction: a refused
    item (unknown offer, no stock) leaves no guest behind, and the session forgets the id."""
    had_guest = SESSION_KEY in session
    try:
        with transaction.atomic():
            guest = guest_ensure(session=session)
            return cart_item_add(buyer=guest, offer_id=offer_id, quantity=quantity)
    except Exception:
        if not had_guest:
            session.pop(SESSION_KEY, None)
        raise


def guest_checkout_place(
    *,
    guest: User | None,
    email: str,
    idempotency_key: str,
    payment_method: str,
    shipping_address: dict,
    pickup_locations: dict[int, int] | None = None,
) -> Order:
    """Place the guest's cart; the order carries ``email`` for the confirmation and the link."""
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address for the order confirmation."), field="email") from None
    if guest is None:
        raise DomainError(_("Your cart is empty."), field="cart", code="cart_empty")
    return checkout_place(
        buyer=guest,
        idempotency_key=idempotency_key,
        payment_method=payment_method,
        shipping_address=shipping_address,
        pickup_locations=pickup_locations,
        email=email.lower(),
    )


def guest_order_token(*, order: Order) -> str:
    """A signed token for the guest's order page (sent in the confirmation mail)."""
    return signing.dumps({"order": order.number}, salt=ORDER_LINK_SALT)


def guest_order_get(*, token: str) -> Order:
    """The order a signed token names; a forged or altered token is a plain 404, an expired one
    (older than ``MARKETPLACE_GUEST_LINK_DAYS``) a ``GuestLinkExpired`` that says how to get a new one."""
    from buyers.selectors import order_list  # the same prefetches as the buyer's order page

    try:
        number = signing.loads(
            token, salt=ORDER_LINK_SALT, max_age=timedelta(days=settings.MARKETPLACE_GUEST_LINK_DAYS)
        )["order"]
    except signing.SignatureExpired:
        raise GuestLinkExpired(
            _(
                "This order link has expired (links are valid for %(days)s days). Request a new one with your "
                "e-mail address and order number: %(url)s"
            )
            % {"days": settings.MARKETPLACE_GUEST_LINK_DAYS, "url": guest_order_link_page_url()},
            field="token",
            code="guest_link_expired",
        ) from None
    except (signing.BadSignature, KeyError, TypeError):
        raise NotFound(_("No such order."), field="token") from None
    order = Order.objects.filter(number=number, buyer__buyer_profile__is_guest=True).first()
    if order is None:
        raise NotFound(_("No such order."), field="token")
    return order_list(buyer=order.buyer).get(id=order.id)


def guest_order_link_page_url() -> str:
    """The storefront page where a guest asks for a new order link."""
    return f"{settings.SITE_URL}{reverse('frontend:guest_order_link')}"


@transaction.atomic
def guest_order_link_request(*, email: str, number: str) -> None:
    """Send a fresh order link to the address a guest order was placed with. The caller answers
    the same whether or not the pair matches, so nobody learns which orders exist."""
    order = Order.objects.filter(
        number=number.strip().upper(), email=email.strip().lower(), buyer__buyer_profile__is_guest=True
    ).first()
    if order is not None:
        from marketplace.outbox import outbox_publish

        outbox_publish(topic=GUEST_ORDER_LINK_REQUESTED, key=f"order:{order.id}", payload={"order_id": order.id})


@transaction.atomic
def cart_merge_guest(*, buyer, guest: User | None) -> None:
    """Move the guest's cart into ``buyer``'s: quantities of the same offer are summed, capped by
    the stock (never below what the account's cart held) and by the per-offer maximum. An item in
    another currency than the account's cart stays behind: one order is paid in one currency."""
    if guest is None or guest.pk == buyer.pk:
        return
    guest_items = list(CartItem.objects.filter(cart__buyer=guest).select_related("offer").order_by("id"))
    if not guest_items:
        return
    cart, _created = Cart.objects.select_for_update().get_or_create(buyer=buyer)
    existing = {item.offer_id: item for item in cart.items.select_related("offer")}
    currency = next(iter(existing.values())).offer.currency if existing else guest_items[0].offer.currency
    for guest_item in guest_items:
        offer = guest_item.offer
        if offer.currency != currency:
            continue
        cap = min(offer.stock, MAX_QUANTITY)
        item = existing.get(offer.id)
        if item is not None:
            merged = max(item.quantity, min(item.quantity + guest_item.quantity, cap))
            CartItem.objects.filter(id=item.id).update(quantity=merged, price_seen_amount=offer.price_amount)
        elif cap > 0:
            CartItem.objects.create(
                cart=cart, offer=offer, quantity=min(guest_item.quantity, cap), price_seen_amount=offer.price_amount
            )
        guest_item.delete()


@transaction.atomic
def guest_orders_adopt(*, buyer, guest: User | None) -> int:
    """An account made right after a guest purchase (same session): the guest's orders, with
    what hangs on them (coupon redemptions, returns, conversations, claims, surveys), become the
    account's, so the buyer finds them under "My orders". Returns the number of orders moved."""
    from buyers.messaging.models import Claim, Conversation
    from buyers.models import CouponRedemption, ReturnRequest
    from buyers.surveys.models import Survey

    if guest is None or guest.pk == buyer.pk:
        return 0
    if not BuyerProfile.objects.filter(user_id=guest.pk, is_guest=True).exists():
        return 0
    moved = Order.objects.filter(buyer_id=guest.pk).update(buyer_id=buyer.pk)
    for model in (CouponRedemption, ReturnRequest, Conversation, Claim, Survey):
        model.objects.filter(buyer_id=guest.pk).update(buyer_id=buyer.pk)
    return moved


def guests_purge_abandoned(*, older_than_days: int = 30) -> int:
    """Delete guests that never ordered and whose cart has not changed for ``older_than_days``
    (cart and profile go with them). Guests with orders stay: their orders point at them."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    cutoff = timezone.now() - timedelta(days=older_than_days)
    recent_cart = Cart.objects.filter(buyer_id=OuterRef("pk"), updated_at__gte=cutoff)
    recent_item = CartItem.objects.filter(cart__buyer_id=OuterRef("pk"), added_at__gte=cutoff)
    abandoned = (
        User.objects.filter(buyer_profile__is_guest=True, date_joined__lt=cutoff)
        .exclude(Exists(Order.objects.filter(buyer_id=OuterRef("pk"))))
        .exclude(Exists(recent_cart))
        .exclude(Exists(recent_item))
    )
    deleted = 0
    for user in abandoned.iterator():
        user.delete()
        deleted += 1
    return deleted
