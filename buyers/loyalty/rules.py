"""Points arithmetic: pure functions over integers, so Hypothesis can drive them directly."""

from __future__ import annotations

from django.conf import settings


def points_for_paid(amount_minor: int) -> int:
    """Points for what the buyer paid for goods: whole currency units x the rate (cents drop)."""
    if amount_minor <= 0:
        return 0
    return amount_minor // 100 * settings.LOYALTY_POINTS_PER_UNIT


def points_reversal(*, earned: int, paid: int, refunded: int, reversed_so_far: int) -> int:
    """Points still to take back after refunds (a positive number or 0).

    The points a part keeps are those for what is left paid (paid - refunded); the reversal is the
    difference to what was earned, minus what was already taken back. Cumulative, so two partial
    refunds take back exactly what one refund of the sum would.
    """
    keep = min(earned, points_for_paid(paid - refunded))
    return max(0, earned - keep - reversed_so_far)


def points_value(points: int) -> int:
    """Minor units a number of points is worth at checkout."""
    return points * settings.LOYALTY_POINT_VALUE_MINOR
