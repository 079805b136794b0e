"""Loyalty reads: the balance is the sum of the journal, never a stored figure."""

from __future__ import annotations

from django.db.models import QuerySet, Sum

from buyers.loyalty.models import LoyaltyAccount, PointsEntry, Referral


def points_balance(*, user) -> int:
    return PointsEntry.objects.filter(account__user=user).aggregate(total=Sum("points"))["total"] or 0


def points_journal(*, user) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(account__user=user).select_related("order").order_by("-id")


def loyalty_account_find(*, user) -> LoyaltyAccount | None:
    return LoyaltyAccount.objects.filter(user=user).first()


def referral_of(*, user) -> Referral | None:
    return Referral.objects.filter(referred__user=user).select_related("referrer__user").first()


def referrals_made_count(*, user) -> int:
    return Referral.objects.filter(referrer__user=user).count()
