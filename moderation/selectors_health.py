"""A vendor's account health as the seller sees it: the scorecard against the thresholds with its
trend, the open orders past their ship-by date, the enforcement standing and what to do next.

The numbers are ``moderation.scorecards``' (the same as the seller API's scorecard and the
operator console's); the trend compares each metric's own window now with the same window
ending one window earlier (a 30-day rate with the 30 days before them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from marketplace.models import VendorOrder
from moderation.models import ScorecardThreshold, VendorStanding
from moderation.scorecards import (
    BOUND_OF,
    WINDOWS,
    Rate,
    Scorecard,
    Threshold,
    scorecard_breaches,
    thresholds_effective,
    vendor_scorecard,
)
from moderation.selectors import vendor_standing_get
from moderation.selectors_notices import statement_list_for_vendor
from moderation.shipping import vendor_order_ship_by

UP, DOWN, SAME, NONE = "up", "down", "same", "none"
OPEN_STATUSES = (VendorOrder.Status.OPEN, VendorOrder.Status.ACCEPTED)


@dataclass
class MetricHealth:
    metric: str
    days: int  # the window the threshold judges (30 without a threshold)
    rate: Rate
    previous: Rate  # the same window, one window earlier
    threshold: Threshold | None
    breached: bool
    trend: str  # up / down / same / none (no figures to compare)
    better: bool | None  # did the trend move the right way (None: no change or nothing to compare)

    @property
    def limit_percent(self) -> Decimal | None:
        return Decimal(self.threshold.limit_bps).scaleb(-2) if self.threshold else None

    @property
    def bound(self) -> str:
        return self.threshold.bound if self.threshold else BOUND_OF.get(self.metric, ScorecardThreshold.Bound.MAX)


@dataclass
class LateOrder:
    vendor_order: VendorOrder
    ship_by: date
    days_late: int


@dataclass
class AccountHealth:
    today: date
    scorecard: Scorecard
    metrics: list[MetricHealth]
    standing: VendorStanding
    late_orders: list[LateOrder]
    statements: list  # the latest statements of reasons (the appeal is on their page)
    advice: list[str]  # metric codes that need action, worst first (the page words them)


def _trend(now: Rate, before: Rate, bound: str) -> tuple[str, bool | None]:
    if now.fraction is None or before.fraction is None:
        return NONE, None
    if now.fraction == before.fraction:
        return SAME, None
    direction = UP if now.fraction > before.fraction else DOWN
    return direction, (direction == DOWN) == (bound == ScorecardThreshold.Bound.MAX)


def late_open_orders(*, vendor_id: int, today: date | None = None, limit: int = 50) -> list[LateOrder]:
    """The vendor's unshipped order parts whose ship-by date has passed, most overdue first."""
    today = today or timezone.localdate()
    parts = (
        VendorOrder.objects.filter(vendor_id=vendor_id, status__in=OPEN_STATUSES, shipped_at__isnull=True)
        .select_related("order")
        .annotate(handling_days=Max("lines__offer__handling_days"))
        .order_by("order__created_at", "id")
    )
    late = []
    for part in parts:
        ship_by = vendor_order_ship_by(part, handling_days=part.handling_days or 0)
        if today > ship_by:
            late.append(LateOrder(part, ship_by, (today - ship_by).days))
    late.sort(key=lambda item: (-item.days_late, item.vendor_order.id))
    return late[:limit]


def vendor_account_health(*, vendor, today: date | None = None) -> AccountHealth:
    today = today or timezone.localdate()
    thresholds = thresholds_effective()
    card = vendor_scorecard(vendor_id=vendor.id, today=today, thresholds=thresholds)
    earlier = {
        days: vendor_scorecard(vendor_id=vendor.id, today=today - timedelta(days=days), thresholds=thresholds).windows[
            days
        ]
        for days in WINDOWS
    }
    broken = {breach.metric for breach in scorecard_breaches(scorecard=card, thresholds=thresholds)}
    metrics = []
    for metric in ScorecardThreshold.Metric.values:
        threshold = thresholds.get(metric)
        days = threshold.window_days if threshold and threshold.window_days in card.windows else min(WINDOWS)
        rate, previous = card.windows[days].rates[metric], earlier[days].rates[metric]
        bound = threshold.bound if threshold else BOUND_OF.get(metric, ScorecardThreshold.Bound.MAX)
        trend, better = _trend(rate, previous, bound)
        metrics.append(MetricHealth(metric, days, rate, previous, threshold, metric in broken, trend, better))
    late = late_open_orders(vendor_id=vendor.id, today=today)
    advice = [m.metric for m in metrics if m.breached]
    advice += [m.metric for m in metrics if not m.breached and m.better is False and m.threshold is not None]
    if late and ScorecardThreshold.Metric.LATE_SHIPMENT_RATE not in advice:
        advice.insert(0, ScorecardThreshold.Metric.LATE_SHIPMENT_RATE)
    return AccountHealth(
        today=today,
        scorecard=card,
        metrics=metrics,
        standing=vendor_standing_get(vendor=vendor),
        late_orders=late,
        statements=list(statement_list_for_vendor(vendor=vendor)[:5]),
        advice=advice,
    )
