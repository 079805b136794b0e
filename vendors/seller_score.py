"""The seller score the buy box weighs (0..100, higher is better), from what buyers and the
scorecard say about a seller, read in two queries for any number of sellers:

    rating points  = average visible seller rating x 20 (5 stars: 100, 4.5: 90, 1: 20), rounded
                     down; a seller nobody rated yet: NEUTRAL_RATING_POINTS (as 4 stars)
    scorecard      = from the standing's last evaluation (moderation.VendorStanding.metrics, the
                     90-day window): minus the whole percent of order defects and of late
                     shipments, each only when its rate counts (enough orders behind it);
                     minus STANDING_PENALTY per enforcement level (warning 1 .. suspended 4)
    score          = rating points - scorecard penalties, kept within 0..100
"""

from __future__ import annotations

from collections.abc import Iterable

NEUTRAL_RATING_POINTS = 80
STANDING_PENALTY = 10
SCORECARD_WINDOW = "90"
SCORECARD_METRICS = ("order_defect_rate", "late_shipment_rate")


def rating_points(stars_sum: int, count: int) -> int:
    return stars_sum * 20 // count if count else NEUTRAL_RATING_POINTS


def scorecard_penalty(metrics: dict | None, level: int = 0) -> int:
    penalty = STANDING_PENALTY * max(0, level or 0)
    rates = ((metrics or {}).get("windows", {}).get(SCORECARD_WINDOW) or {}).get("rates", {})
    for metric in SCORECARD_METRICS:
        rate = rates.get(metric) or {}
        if rate.get("counts") and rate.get("denominator"):
            penalty += rate["numerator"] * 100 // rate["denominator"]
    return penalty


def seller_score(stars_sum: int, count: int, metrics: dict | None = None, level: int = 0) -> int:
    return max(0, min(100, rating_points(stars_sum, count) - scorecard_penalty(metrics, level)))


def seller_scores(vendor_ids: Iterable[int]) -> dict[int, int]:
    """Vendor id -> seller score, for every id asked (two queries)."""
    from buyers.reviews.selectors import seller_rating_sums
    from moderation.models import VendorStanding

    ids = set(vendor_ids)
    if not ids:
        return {}
    ratings = seller_rating_sums(ids)
    standings = {
        row[0]: (row[1], row[2])
        for row in VendorStanding.objects.filter(vendor_id__in=ids).values_list("vendor_id", "metrics", "level")
    }
    return {vid: seller_score(*ratings.get(vid, (0, 0)), *standings.get(vid, (None, 0))) for vid in ids}
