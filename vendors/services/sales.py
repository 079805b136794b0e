"""Sale prices of offers, and the price history the "statt" price refers to.

Every change of what buyers pay (``Offer.price_amount``) is an OfferPriceChange row. A sale has a
price, a start and an end: while it runs, ``price_amount`` IS the sale price (so the cart,
checkout, search index and buy box need no sale logic of their own) and ``sale_regular_amount``
keeps the regular price; ``offer_sales_apply`` (Celery beat, every few minutes, and at once when
a sale is set) starts and ends sales. The reference price shown struck through ("statt") is the
lowest price of the 30 days before the sale started (EU Omnibus directive, Art. 6a PAngV).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from marketplace.money import Money
from vendors.models import Offer, OfferPriceChange, Vendor
from vendors.selectors import offer_get
from vendors.services.checks import check_price
from vendors.services.events import catalog_product_changed, listing_changed

REFERENCE_DAYS = 30
MAX_SALE_DAYS = 90


def price_history_record(*, offer: Offer, at: datetime | None = None) -> None:
    """Note the offer's current ``price_amount`` as the price from ``at`` (now) on."""
    OfferPriceChange.objects.create(offer=offer, price_amount=offer.price_amount, changed_at=at or timezone.now())


def lowest_price(*, offer: Offer, before: datetime, days: int = REFERENCE_DAYS) -> int:
    """The lowest price buyers paid in the ``days`` days up to ``before`` (minor units); prices
    set after ``before`` do not count, the current one does when ``before`` is still ahead."""
    start = before - timedelta(days=days)
    changes = OfferPriceChange.objects.filter(offer_id=offer.id)
    in_force_at_start = changes.filter(changed_at__lte=start).order_by("-changed_at", "-id").first()
    lowest = changes.filter(changed_at__gt=start, changed_at__lte=before).aggregate(low=Min("price_amount"))["low"]
    candidates = [amount for amount in (lowest, in_force_at_start and in_force_at_start.price_amount) if amount]
    if before >= timezone.now() or not candidates:
        candidates.append(offer.sale_regular_amount if offer.on_sale else offer.price_amount)
    return min(candidates)


def _publish(offer: Offer) -> None:
    catalog_product_changed(product_ids=[offer.product_id])
    listing_changed(offer=offer)


@transaction.atomic
def offer_sale_set(
    *,
    vendor: Vendor,
    actor,
    offer_id: int,
    sale_price: Money,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime | None = None,
) -> Offer:
    """Plan (or replace) the sale of one of ``vendor``'s offers; it starts at once when ``starts_at`` has come."""
    now = now or timezone.now()
    offer = offer_get(vendor=vendor, offer_id=offer_id)
    offer = Offer.objects.select_for_update().get(id=offer.id)
    try:
        check_price(sale_price)
    except DomainError as exc:
        raise DomainError(exc.message, field="sale_price") from None
    if sale_price.currency != offer.currency:
        raise DomainError(
            _("This offer is priced in %(currency)s; the currency cannot change.") % {"currency": offer.currency},
            field="sale_price",
        )
    regular = offer.sale_regular_amount if offer.on_sale else offer.price_amount
    if sale_price.amount >= regular:
        raise DomainError(
            _("A sale price is below the regular price (%(price)s).") % {"price": Money(regular, offer.currency)},
            field="sale_price",
        )
    if ends_at <= starts_at:
        raise DomainError(_("The sale ends after it starts."), field="sale_ends_at")
    if ends_at <= now:
        raise DomainError(_("The end of the sale is in the past."), field="sale_ends_at")
    if ends_at - starts_at > timedelta(days=MAX_SALE_DAYS):
        raise DomainError(
            _("A sale runs at most %(days)s days; a longer one is the regular price.") % {"days": MAX_SALE_DAYS},
            field="sale_ends_at",
        )
    starts_at = max(starts_at, now) if offer.on_sale else starts_at
    offer.sale_price_amount, offer.sale_starts_at, offer.sale_ends_at = sale_price.amount, starts_at, ends_at
    if not offer.on_sale:
        offer.sale_reference_amount = lowest_price(offer=offer, before=starts_at)
    offer.save(
        update_fields=["sale_price_amount", "sale_starts_at", "sale_ends_at", "sale_reference_amount", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="offer.sale_set",
        obj=offer,
        data={"price": sale_price.amount, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    if offer.on_sale and offer.price_amount != sale_price.amount:
        offer.price_amount = sale_price.amount  # a running sale gets its new price at once
        offer.save(update_fields=["price_amount", "updated_at"])
        price_history_record(offer=offer, at=now)
        _publish(offer)
    _apply(offer, now)
    return offer


def _clear(offer: Offer) -> list[str]:
    offer.sale_price_amount = offer.sale_starts_at = offer.sale_ends_at = None
    offer.sale_regular_amount = offer.sale_reference_amount = None
    return ["sale_price_amount", "sale_starts_at", "sale_ends_at", "sale_regular_amount", "sale_reference_amount"]


def _apply(offer: Offer, now: datetime) -> bool:
    """Start or end the offer's sale as the clock says; True when the price buyers pay changed."""
    if offer.sale_price_amount is None:
        return False
    if offer.on_sale and now >= offer.sale_ends_at:
        offer.price_amount = offer.sale_regular_amount
        fields = _clear(offer)
    elif not offer.on_sale and now >= offer.sale_ends_at:
        offer.save(update_fields=[*_clear(offer), "updated_at"])
        return False
    elif not offer.on_sale and offer.sale_starts_at <= now:
        offer.sale_regular_amount, offer.price_amount = offer.price_amount, offer.sale_price_amount
        fields = ["sale_regular_amount"]
    else:
        return False
    offer.save(update_fields=[*fields, "price_amount", "updated_at"])
    price_history_record(offer=offer, at=now)
    _publish(offer)
    return True


@transaction.atomic
def offer_sale_end(*, vendor: Vendor, actor, offer_id: int, now: datetime | None = None) -> Offer:
    """End (or cancel) the offer's sale now: the regular price applies again."""
    offer = offer_get(vendor=vendor, offer_id=offer_id)
    offer = Offer.objects.select_for_update().get(id=offer.id)
    if offer.sale_price_amount is None:
        raise Conflict(_("This offer has no sale."), field="sale_price")
    offer.sale_ends_at = now or timezone.now()
    offer.save(update_fields=["sale_ends_at", "updated_at"])
    audit_record(actor=actor, action="offer.sale_ended", obj=offer)
    _apply(offer, offer.sale_ends_at)
    return offer


def offer_sales_apply(*, now: datetime | None = None) -> int:
    """Start the sales whose time has come and end the ones that are over; how many prices changed."""
    now = now or timezone.now()
    due = Offer.objects.filter(sale_price_amount__isnull=False).filter(
        Q(sale_ends_at__lte=now) | Q(sale_regular_amount__isnull=True, sale_starts_at__lte=now)
    )
    changed = 0
    for offer_id in due.values_list("id", flat=True):
        with transaction.atomic():
            offer = Offer.objects.select_for_update().get(id=offer_id)
            changed += _apply(offer, now)
    return changed
