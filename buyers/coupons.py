"""Coupons: creating them (operators for the platform, vendors for themselves), applying them to
a cart, and checking every rule again when the order is placed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.models import Cart, Coupon, CouponRedemption
from buyers.pricing import DiscountTerms, PriceLine
from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import Category
from marketplace.money import Money, money_sum


def coupon_terms(coupon: Coupon) -> DiscountTerms:
    category_ids = frozenset(coupon.categories.values_list("id", flat=True)) or None
    return DiscountTerms(
        code=coupon.code,
        percent_bps=coupon.percent_bps,
        amount=Money(coupon.amount, coupon.currency) if coupon.amount is not None else None,
        vendor_id=coupon.funded_by_vendor_id,
        category_ids=category_ids,
    )


@transaction.atomic
def coupon_create(
    *,
    code: str,
    kind: str,
    currency: str,
    percent_bps: int | None = None,
    amount: int | None = None,
    funded_by_vendor=None,
    category_ids: list[int] | None = None,
    min_order_amount: int = 0,
    valid_from=None,
    valid_until=None,
    max_uses: int | None = None,
    max_uses_per_buyer: int = 1,
) -> Coupon:
    code = code.strip().upper()
    if Coupon.objects.filter(code=code).exists():
        raise DomainError(_("This code exists already."), field="code", code="duplicate")
    if kind == Coupon.Kind.PERCENT and not (percent_bps and 1 <= percent_bps <= 10_000):
        raise DomainError(_("A percentage coupon needs percent_bps between 1 and 10000."), field="percent_bps")
    if kind == Coupon.Kind.FIXED and not (amount and amount > 0):
        raise DomainError(_("A fixed coupon needs a positive amount in minor units."), field="amount")
    if valid_from and valid_until and valid_until <= valid_from:
        raise DomainError(_("The end must be after the start."), field="valid_until")
    categories = list(Category.objects.filter(id__in=category_ids or []))
    if len(categories) != len(set(category_ids or [])):
        raise DomainError(_("Unknown category in the scope."), field="category_ids")
    coupon = Coupon.objects.create(
        code=code,
        kind=kind,
        currency=currency,
        percent_bps=percent_bps if kind == Coupon.Kind.PERCENT else None,
        amount=amount if kind == Coupon.Kind.FIXED else None,
        funded_by_vendor=funded_by_vendor,
        min_order_amount=min_order_amount,
        valid_from=valid_from,
        valid_until=valid_until,
        max_uses=max_uses,
        max_uses_per_buyer=max_uses_per_buyer,
    )
    coupon.categories.set(categories)
    return coupon


def coupon_list_for_vendor(*, vendor) -> QuerySet[Coupon]:
    return Coupon.objects.filter(funded_by_vendor=vendor)


def coupon_usage_for_vendor(*, vendor) -> QuerySet[Coupon]:
    """The vendor's coupons with ``uses`` (orders that redeemed it) and ``discount_total`` (minor units)."""
    return coupon_list_for_vendor(vendor=vendor).annotate(
        uses=Count("redemptions"), discount_total=Coalesce(Sum("redemptions__discount_amount"), 0)
    )


@transaction.atomic
def coupon_end_for_vendor(*, vendor, actor, coupon_id: int) -> Coupon:
    """End one of the vendor's own coupons now: it no longer applies to carts (orders that used it
    keep their discount). Another vendor's coupon is NotFound."""
    coupon = coupon_list_for_vendor(vendor=vendor).select_for_update().filter(id=coupon_id).first()
    if coupon is None:
        raise NotFound(_("No such coupon."), field="coupon")
    if not coupon.is_active:
        raise Conflict(_("This coupon has already ended."), field="coupon", code="ended")
    coupon.is_active = False
    coupon.save(update_fields=["is_active"])
    audit_record(actor=actor, action="coupon.ended", obj=coupon, data={"code": coupon.code})
    return coupon


def coupon_check(*, coupon: Coupon, buyer, lines: list[PriceLine], currency: str, lock: bool = False) -> None:
    """Raise a DomainError on the `code` field naming the rule the cart breaks."""
    now = timezone.now()
    if not coupon.is_active or (coupon.valid_until and now > coupon.valid_until):
        raise DomainError(_("This code has expired."), field="code", code="coupon_expired")
    if coupon.valid_from and now < coupon.valid_from:
        raise DomainError(_("This code is not valid yet."), field="code", code="coupon_not_started")
    if coupon.currency != currency:
        raise DomainError(_("This code is for orders in %(currency)s.") % {"currency": coupon.currency}, field="code")
    terms = coupon_terms(coupon)
    eligible = money_sum((line.gross for line in lines if terms.applies_to(line)), currency)
    if not eligible.amount:
        raise DomainError(
            _("None of the items in your cart qualify for this code."), field="code", code="coupon_not_applicable"
        )
    if eligible.amount < coupon.min_order_amount:
        minimum = Money(coupon.min_order_amount, currency)
        raise DomainError(
            _("This code needs qualifying items worth at least %(minimum)s.") % {"minimum": minimum},
            field="code",
            code="coupon_min_order",
        )
    redemptions = CouponRedemption.objects.filter(coupon=coupon)
    if lock:  # at checkout: serialise the usage count per coupon
        Coupon.objects.select_for_update().filter(pk=coupon.pk).first()
    if coupon.max_uses is not None and redemptions.count() >= coupon.max_uses:
        raise DomainError(_("This code has been used up."), field="code", code="coupon_used_up")
    if redemptions.filter(buyer_id=buyer.pk).count() >= coupon.max_uses_per_buyer:
        raise DomainError(_("You have already used this code."), field="code", code="coupon_used_by_buyer")


def coupon_find(*, code: str) -> Coupon:
    coupon = Coupon.objects.filter(code=code.strip().upper()).first()
    if coupon is None:
        raise DomainError(_("This code does not exist."), field="code", code="coupon_unknown")
    return coupon


@transaction.atomic
def cart_coupon_apply(*, buyer, code: str) -> Coupon:
    from buyers.selectors import cart_price_lines  # the cart as priced now

    coupon = coupon_find(code=code)
    lines, currency = cart_price_lines(buyer=buyer)
    if not lines:
        raise DomainError(_("Your cart is empty."), field="cart", code="cart_empty")
    coupon_check(coupon=coupon, buyer=buyer, lines=lines, currency=currency)
    # One code per order: a second code never replaces the first silently (a platform code and a
    # seller's code do not combine); the buyer removes the first to use another.
    if not Cart.objects.filter(buyer=buyer).filter(Q(coupon__isnull=True) | Q(coupon=coupon)).update(coupon=coupon):
        applied = Cart.objects.filter(buyer=buyer).values_list("coupon__code", flat=True).first()
        raise Conflict(
            _("Code %(applied)s is already applied and codes do not combine; remove it first to use %(code)s instead.")
            % {"applied": applied, "code": coupon.code},
            field="code",
            code="coupon_already_applied",
        )
    return coupon


def cart_coupon_remove(*, buyer) -> None:
    if not Cart.objects.filter(buyer=buyer).update(coupon=None):
        raise NotFound(_("Your cart is empty."), field="cart")


@transaction.atomic
def platform_coupon_create(*, actor, **terms) -> Coupon:
    """An operator's coupon the platform pays for (no vendor funds it), audited."""
    coupon = coupon_create(funded_by_vendor=None, **terms)
    audit_record(
        actor=actor,
        action="coupon.created",
        obj=coupon,
        data={"code": coupon.code, "kind": coupon.kind, "percent_bps": coupon.percent_bps, "amount": coupon.amount},
    )
    return coupon


def platform_coupon_list():
    return Coupon.objects.filter(funded_by_vendor__isnull=True).order_by("-created_at", "-id")
