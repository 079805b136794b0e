"""Loyalty writes: the points journal, redemption at checkout, referrals and the sync that
turns deliveries and refunds into entries.

Every write locks the buyer's ``LoyaltyAccount`` row first, then reads the balance from the
journal and appends one entry under a unique key: a retry or a second worker finds the key and
changes nothing, and two redemptions of the same points cannot both pass.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.loyalty.models import LoyaltyAccount, PointsEntry, Referral
from buyers.loyalty.rules import points_for_paid, points_reversal, points_value
from marketplace.errors import Conflict, DomainError
from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from payouts.models import Refund, RefundLine

Kind = PointsEntry.Kind
# Letters and digits that cannot be mistaken for each other when read aloud or typed.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def loyalty_account_ensure(*, user) -> LoyaltyAccount:
    account = LoyaltyAccount.objects.filter(user=user).first()
    if account is not None:
        return account
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return LoyaltyAccount.objects.create(user=user, referral_code=_new_code())
        except IntegrityError:
            # Another request created it, or the random code was taken: look again.
            account = LoyaltyAccount.objects.filter(user=user).first()
            if account is not None:
                return account
    raise RuntimeError("could not allocate a referral code")


def _locked(user) -> LoyaltyAccount:
    account = loyalty_account_ensure(user=user)
    return LoyaltyAccount.objects.select_for_update().get(id=account.id)


def _balance(account: LoyaltyAccount) -> int:
    return account.entries.aggregate(total=Sum("points"))["total"] or 0


def _append(
    *, account: LoyaltyAccount, kind: str, points: int, key: str, order=None, vendor_order=None
) -> PointsEntry | None:
    """Append one entry to a locked account; the same key twice is the first entry."""
    existing = PointsEntry.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if points == 0:
        return None
    balance = _balance(account)
    if balance + points < 0:
        raise DomainError(
            _("You have %(balance)s points; %(points)s cannot be used.") % {"balance": balance, "points": -points},
            field="points",
            code="insufficient_points",
        )
    return PointsEntry.objects.create(
        account=account,
        kind=kind,
        points=points,
        balance_after=balance + points,
        key=key,
        order=order,
        vendor_order=vendor_order,
    )


# --- checkout ---------------------------------------------------------------------------


def points_redemption_check(*, buyer, points: int, currency: str, coupon, redeemable: Money) -> Money:
    """May the buyer use ``points`` on this order? Returns the discount they buy.

    ``redeemable`` is what the goods cost after any coupon (points never pay for shipping or
    add-ons). A seller's coupon and points do not combine: refunds treat a seller's discount on
    its lines as one kind, either the seller's or the platform's.
    """
    if points < 0:
        raise DomainError(_("Points must be 0 or more."), field="points")
    if currency != settings.LOYALTY_CURRENCY:
        raise DomainError(
            _("Points can be used on orders in %(currency)s only.") % {"currency": settings.LOYALTY_CURRENCY},
            field="points",
        )
    if coupon is not None and coupon.funded_by_vendor_id is not None:
        raise DomainError(
            _("Points cannot be combined with a seller's coupon; remove the coupon or the points."), field="points"
        )
    account = LoyaltyAccount.objects.filter(user=buyer).first()
    balance = _balance(account) if account else 0
    if points > balance:
        raise DomainError(
            _("You have %(balance)s points; %(points)s cannot be used.") % {"balance": balance, "points": points},
            field="points",
            code="insufficient_points",
        )
    value = points_value(points)
    if value > redeemable.amount:
        most = redeemable.amount // settings.LOYALTY_POINT_VALUE_MINOR
        raise DomainError(
            _("At most %(most)s points can be used on this order (its goods cost %(amount)s).")
            % {"most": most, "amount": redeemable},
            field="points",
            code="too_many_points",
        )
    return Money(value, currency)


def points_redeem(*, buyer, points: int, order: Order) -> PointsEntry | None:
    """Inside the checkout transaction: take the points (the lock makes the balance check final)."""
    return _append(
        account=_locked(buyer), kind=Kind.REDEEMED, points=-points, key=f"redeemed:order:{order.id}", order=order
    )


# --- referrals --------------------------------------------------------------------------


@transaction.atomic
def referral_claim(*, user, code: str) -> Referral:
    """The buyer names a referral code before their first order."""
    code = (code or "").strip().upper()
    referrer = LoyaltyAccount.objects.filter(referral_code=code).select_related("user").first()
    if referrer is None:
        raise DomainError(_("Unknown referral code."), field="code", code="unknown_referral_code")
    account = _locked(user)
    if referrer.id == account.id:
        raise DomainError(_("You cannot use your own referral code."), field="code")
    if Referral.objects.filter(referred=account).exists():
        raise Conflict(_("You have already used a referral code."), field="code")
    if Order.objects.filter(buyer=user).exclude(status=Order.Status.CANCELLED).exists():
        raise DomainError(_("A referral code can be used only before your first order."), field="code")
    return Referral.objects.create(referrer=referrer, referred=account)


def _reward_referral(referral_id: int, now) -> None:
    referral = (
        Referral.objects.select_for_update().select_related("referrer__user", "referred__user").get(id=referral_id)
    )
    if referral.rewarded_at is not None:
        return
    # Lock both accounts in id order (any two writers agree on the order: no deadlock).
    for account in sorted([referral.referrer, referral.referred], key=lambda a: a.id):
        locked = LoyaltyAccount.objects.select_for_update().get(id=account.id)
        side = "referrer" if account.id == referral.referrer_id else "referred"
        bonus = settings.LOYALTY_REFERRAL_BONUS if side == "referrer" else settings.LOYALTY_REFERRED_BONUS
        _append(account=locked, kind=Kind.REFERRAL_BONUS, points=bonus, key=f"referral:{referral.id}:{side}")
    referral.rewarded_at = now
    referral.save(update_fields=["rewarded_at"])


# --- sync: deliveries, refunds, cancellations -------------------------------------------


def loyalty_sync() -> dict[str, int]:
    """Turn what happened to orders into journal entries; safe to run any number of times.

    Earned points for each delivered seller part (paid goods, not shipping), the bundle bonus
    once per order, the referral bonus after the referred buyer's first delivery, reversals for
    refunded lines and returned redemptions for cancelled orders. Each step is one short
    transaction per buyer, keyed so a crash in between loses nothing and doubles nothing.
    """
    counts = {"earned": 0, "reversed": 0, "returned": 0}
    earned_vo_ids = PointsEntry.objects.filter(kind=Kind.EARNED).values("vendor_order_id")
    delivered = (
        VendorOrder.objects.filter(status=VendorOrder.Status.DELIVERED, order__buyer__is_active=True)
        .exclude(id__in=earned_vo_ids)
        .select_related("order", "order__buyer")
        .order_by("id")
    )
    for vo in delivered.iterator(chunk_size=500):
        with transaction.atomic():
            counts["earned"] += _earn(vo)
    refunded_vo_ids = (
        Refund.objects.exclude(status=Refund.Status.FAILED)
        .filter(vendor_order_id__in=earned_vo_ids)
        .values_list("vendor_order_id", flat=True)
        .distinct()
    )
    for vo in VendorOrder.objects.filter(id__in=list(refunded_vo_ids)).select_related("order__buyer").order_by("id"):
        with transaction.atomic():
            counts["reversed"] += _reverse(vo)
    returned = PointsEntry.objects.filter(kind=Kind.REDEMPTION_RETURNED).values("order_id")
    cancelled = (
        PointsEntry.objects.filter(kind=Kind.REDEEMED, order__status=Order.Status.CANCELLED)
        .exclude(order_id__in=returned)
        .select_related("order__buyer")
    )
    for entry in cancelled:
        with transaction.atomic():
            account = _locked(entry.order.buyer)
            _append(
                account=account,
                kind=Kind.REDEMPTION_RETURNED,
                points=-entry.points,
                key=f"redemption_returned:order:{entry.order_id}",
                order=entry.order,
            )
            counts["returned"] += 1
    return counts


def _earn(vo: VendorOrder) -> int:
    buyer = vo.order.buyer
    account = _locked(buyer)
    earned = points_for_paid(vo.items_amount - vo.discount_amount)
    entry = _append(
        account=account, kind=Kind.EARNED, points=earned, key=f"earned:vo:{vo.id}", order=vo.order, vendor_order=vo
    )
    if vo.order.bundle_shipments:
        _append(
            account=account,
            kind=Kind.BUNDLE_BONUS,
            points=settings.LOYALTY_BUNDLE_BONUS,
            key=f"bundle:order:{vo.order_id}",
            order=vo.order,
        )
    referral = Referral.objects.filter(referred=account, rewarded_at__isnull=True).first()
    if referral is not None:
        _reward_referral(referral.id, timezone.now())
    return 1 if entry is not None else 0


def _reverse(vo: VendorOrder) -> int:
    account = _locked(vo.order.buyer)
    entries = PointsEntry.objects.filter(vendor_order=vo)
    earned = entries.filter(kind=Kind.EARNED).aggregate(t=Sum("points"))["t"] or 0
    reversed_so_far = -(entries.filter(kind=Kind.REVERSED).aggregate(t=Sum("points"))["t"] or 0)
    refunded = (
        RefundLine.objects.filter(order_line__vendor_order=vo)
        .exclude(refund__status=Refund.Status.FAILED)
        .aggregate(t=Sum("amount"))["t"]
        or 0
    )
    due = points_reversal(
        earned=earned, paid=vo.items_amount - vo.discount_amount, refunded=refunded, reversed_so_far=reversed_so_far
    )
    # Points already spent cannot be taken back: the balance never goes below zero (README).
    take = min(due, _balance(account))
    if take <= 0:
        return 0
    _append(
        account=account,
        kind=Kind.REVERSED,
        points=-take,
        key=f"reversed:vo:{vo.id}:{refunded}",
        order=vo.order,
        vendor_order=vo,
    )
    return 1
