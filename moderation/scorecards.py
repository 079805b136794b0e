"""Vendor scorecards: exact rates over rolling 30- and 90-day windows, read from the orders.

An order belongs to a window when it was placed at most ``days`` days ago, in whole days of the
shop's time zone (placed today - 30 counts for 30 days, today - 31 does not). Orders that never
reached the seller (card orders still unpaid, or cancelled unpaid by the system) are left out.

Rates are fractions of integers; ``percent`` rounds only for display, and thresholds compare
exactly in integers (numerator * 10000 against limit_bps * denominator). A rate with fewer
orders behind it than the metric's minimum is shown but does not count for enforcement.

- late shipment rate: shipped after the ship-by date, or unshipped past it / orders shipped or due
- cancellation rate: cancelled by the seller (always before shipping) / all orders
- valid tracking rate: shipped orders whose every parcel has a tracking number valid for its
  carrier (marketplace/carriers.py) / shipped orders
- return rate: delivered orders with a return request / delivered orders
- order defect rate: orders with at least one defect of any registered source / all orders.
  Sources now: chargebacks (payouts disputes, except those the seller won). Claims and negative
  seller ratings register through ``defect_source_register`` when they exist.
- on-time delivery rate: parts a carrier delivered by the promised delivery date / carrier-tracked
  parts that are delivered or past that date. Computed by the app that receives the carriers'
  events (integrations.delivery_rate), registered through ``rate_source_register``; without a
  source the rate has no orders behind it.
- average rating, response time: measures other apps register through ``measure_register``
  (reviews: sum of stars / ratings; messaging: sum of first-answer seconds / answered
  conversations), over the longest window. Shown only (no threshold enforces them); a measure
  nobody registered is "not yet measured", one with nothing in the window has no value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Max, QuerySet
from django.utils import timezone

from marketplace.models import Order, VendorOrder
from moderation.conf import setting
from moderation.models import ScorecardThreshold
from moderation.shipping import has_valid_tracking, is_late, vendor_order_ship_by

WINDOWS = (30, 90)
NOT_YET_MEASURED = "not yet measured"
NO_DATA = "no data in the window"
M = ScorecardThreshold.Metric


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    min_orders: int

    @property
    def counts(self) -> bool:
        return self.denominator > 0 and self.denominator >= self.min_orders

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> Decimal | None:
        """For display: percent with two decimals, half up."""
        if not self.denominator:
            return None
        return (Decimal(self.numerator * 100) / Decimal(self.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def breaches(self, *, bound: str, limit_bps: int) -> bool:
        if not self.counts:
            return False
        if bound == ScorecardThreshold.Bound.MAX:
            return self.numerator * 10_000 > limit_bps * self.denominator
        return self.numerator * 10_000 < limit_bps * self.denominator


@dataclass(frozen=True)
class Threshold:
    metric: str
    bound: str
    limit_bps: int
    window_days: int
    min_orders: int
    active: bool = True
    is_default: bool = False


@dataclass
class WindowScore:
    days: int
    since: date
    orders: int
    rates: dict[str, Rate]
    # Order defects per source (vendor orders counted once per source).
    defects_by_source: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    """A shown-only measure: a registered source's (numerator, denominator), or why there is none."""

    numerator: int | None = None
    denominator: int | None = None
    registered: bool = False

    @property
    def note(self) -> str:
        if not self.registered:
            return NOT_YET_MEASURED
        return "" if self.denominator else NO_DATA


@dataclass
class Scorecard:
    vendor_id: int
    today: date
    windows: dict[int, WindowScore]
    average_rating: Decimal | None = None
    response_time_hours: Decimal | None = None
    measures: dict[str, Measure] = field(default_factory=dict)

    @property
    def not_measured(self) -> tuple[str, ...]:
        return tuple(name for name, m in self.measures.items() if not m.registered)


# ------------------------------------------------------------------------- thresholds

BOUND_OF = {
    M.ORDER_DEFECT_RATE: ScorecardThreshold.Bound.MAX,
    M.LATE_SHIPMENT_RATE: ScorecardThreshold.Bound.MAX,
    M.CANCELLATION_RATE: ScorecardThreshold.Bound.MAX,
    M.VALID_TRACKING_RATE: ScorecardThreshold.Bound.MIN,
    M.RETURN_RATE: ScorecardThreshold.Bound.MAX,
    M.ON_TIME_DELIVERY_RATE: ScorecardThreshold.Bound.MIN,
}


def thresholds_effective() -> dict[str, Threshold]:
    """Each metric's threshold: the operator's row, else the configured default. A metric with
    neither (return rate by default) has no threshold and is only shown."""
    found: dict[str, Threshold] = {}
    defaults = setting("MODERATION_THRESHOLDS_BPS")
    min_orders = setting("MODERATION_SCORECARD_MIN_ORDERS")
    for metric, spec in defaults.items():
        bound = "max" if "max" in spec else "min"
        found[metric] = Threshold(
            metric=metric,
            bound=bound,
            limit_bps=spec[bound],
            window_days=spec.get("window_days", 30),
            min_orders=spec.get("min_orders", min_orders),
            is_default=True,
        )
    for row in ScorecardThreshold.objects.all():
        found[row.metric] = Threshold(
            metric=row.metric,
            bound=row.bound,
            limit_bps=row.limit_bps,
            window_days=row.window_days,
            min_orders=row.min_orders,
            active=row.active,
        )
    return {metric: found[metric] for metric in M.values if metric in found}


# ------------------------------------------------------------------------- defect sources

# name -> function(vendor orders) -> ids of those with at least one defect of that kind.
DefectSource = Callable[[QuerySet], Iterable[int]]
_defect_sources: dict[str, DefectSource] = {}


def defect_source_register(name: str, source: DefectSource) -> None:
    """Another app (claims, seller ratings) adds its defects to the order defect rate."""
    _defect_sources[name] = source


def _chargebacks(vendor_orders: QuerySet) -> Iterable[int]:
    from payouts.models import Dispute, DisputeShare

    return (
        DisputeShare.objects.filter(vendor_order__in=vendor_orders)
        .exclude(dispute__status=Dispute.Status.WON)
        .values_list("vendor_order_id", flat=True)
    )


defect_source_register("chargeback", _chargebacks)


# ------------------------------------------------------------------------- rates of other apps

# metric -> function(the window's counted vendor orders, today) -> (numerator, denominator).
RateSource = Callable[[QuerySet, date], "tuple[int, int]"]
_rate_sources: dict[str, RateSource] = {}


def rate_source_register(metric: str, source: RateSource) -> None:
    """Another app supplies a scorecard rate from its own data (the carriers' events: on-time
    delivery rate)."""
    if metric not in M.values:
        raise ValueError(f"unknown metric {metric!r}")
    _rate_sources[metric] = source


# ------------------------------------------------------------------------- shown-only measures

# name -> function(vendor_id, since) -> (numerator, denominator) or None. Names: "average_rating"
# (sum of stars, number of ratings) and "response_time" (sum of first-answer seconds, answered
# conversations).
MeasureSource = Callable[[int, datetime], "tuple[int, int] | None"]
MEASURES = ("average_rating", "response_time")
_measures: dict[str, MeasureSource] = {}


def measure_register(name: str, fn: MeasureSource) -> None:
    """Another app (reviews, messaging) supplies a measure the scorecard shows."""
    if name not in MEASURES:
        raise ValueError(f"unknown measure {name!r}; one of {MEASURES}")
    _measures[name] = fn


def measure_read(*, name: str, vendor_id: int, since: datetime) -> Measure:
    fn = _measures.get(name)
    if fn is None:
        return Measure()
    found = fn(vendor_id, since)
    if not found:
        return Measure(registered=True)
    numerator, denominator = (int(x) for x in found)
    return Measure(numerator=numerator, denominator=denominator, registered=True)


def _quotient(measure: Measure, *, divisor: int = 1) -> Decimal | None:
    if not measure.denominator:
        return None
    return (Decimal(measure.numerator) / Decimal(measure.denominator * divisor)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


# ------------------------------------------------------------------------- the scorecard


def window_start(*, today: date, days: int) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))


def counted_orders(*, vendor_id: int, since: datetime) -> QuerySet[VendorOrder]:
    return (
        VendorOrder.objects.filter(vendor_id=vendor_id, order__created_at__gte=since)
        .exclude(order__status=Order.Status.PENDING_PAYMENT)
        .exclude(cancelled_by="system")
    )


def _min_orders(thresholds: dict[str, Threshold], metric: str) -> int:
    threshold = thresholds.get(metric)
    return threshold.min_orders if threshold else setting("MODERATION_SCORECARD_MIN_ORDERS")


def window_score(*, vendor_id: int, days: int, today: date, thresholds: dict[str, Threshold]) -> WindowScore:
    from buyers.models import ReturnRequest

    since = window_start(today=today, days=days)
    base = counted_orders(vendor_id=vendor_id, since=since)
    orders = list(
        base.select_related("order")
        .prefetch_related("shipments")
        .annotate(handling_days=Max("lines__offer__handling_days"))
        .order_by("id")
    )
    cancelled = VendorOrder.Status.CANCELLED
    due = late = shipped = valid = delivered = by_vendor = 0
    for vo in orders:
        if vo.status == cancelled:
            by_vendor += vo.cancelled_by == "vendor"
            continue
        ship_by = vendor_order_ship_by(vo, handling_days=vo.handling_days or 0)
        if vo.shipped_at is not None or today > ship_by:
            due += 1
            late += is_late(vo, ship_by, today=today)
        if vo.shipped_at is not None:
            shipped += 1
            valid += has_valid_tracking(vo)
        if vo.delivered_at is not None:
            delivered += 1
    returned = (
        ReturnRequest.objects.filter(vendor_order__in=base, vendor_order__delivered_at__isnull=False)
        .values("vendor_order_id")
        .distinct()
        .count()
    )
    defects_by_source, defective = {}, set()
    for name, source in _defect_sources.items():
        ids = set(source(base))
        defects_by_source[name] = len(ids)
        defective |= ids
    total = len(orders)

    def rate(metric: str, numerator: int, denominator: int) -> Rate:
        return Rate(numerator, denominator, _min_orders(thresholds, metric))

    rates = {
        M.ORDER_DEFECT_RATE: rate(M.ORDER_DEFECT_RATE, len(defective), total),
        M.LATE_SHIPMENT_RATE: rate(M.LATE_SHIPMENT_RATE, late, due),
        M.CANCELLATION_RATE: rate(M.CANCELLATION_RATE, by_vendor, total),
        M.VALID_TRACKING_RATE: rate(M.VALID_TRACKING_RATE, valid, shipped),
        M.RETURN_RATE: rate(M.RETURN_RATE, returned, delivered),
    }
    for metric in M.values:
        if metric not in rates:
            source = _rate_sources.get(metric)
            rates[metric] = rate(metric, *(source(base, today) if source else (0, 0)))
    return WindowScore(
        days=days,
        since=since.date(),
        orders=total,
        rates=rates,
        defects_by_source=defects_by_source,
    )


def vendor_scorecard(
    *, vendor_id: int, today: date | None = None, thresholds: dict[str, Threshold] | None = None
) -> Scorecard:
    today = today or timezone.localdate()
    thresholds = thresholds_effective() if thresholds is None else thresholds
    windows = {
        days: window_score(vendor_id=vendor_id, days=days, today=today, thresholds=thresholds) for days in WINDOWS
    }
    # Ratings and answers are few per vendor: judged over the longest window.
    since = window_start(today=today, days=max(WINDOWS))
    measures = {name: measure_read(name=name, vendor_id=vendor_id, since=since) for name in MEASURES}
    return Scorecard(
        vendor_id=vendor_id,
        today=today,
        windows=windows,
        measures=measures,
        average_rating=_quotient(measures["average_rating"]),
        response_time_hours=_quotient(measures["response_time"], divisor=3600),
    )


@dataclass(frozen=True)
class Breach:
    metric: str
    days: int
    rate: Rate
    threshold: Threshold


def scorecard_breaches(*, scorecard: Scorecard, thresholds: dict[str, Threshold]) -> list[Breach]:
    """Active thresholds the scorecard breaks, each judged on its own window."""
    found = []
    for metric, threshold in thresholds.items():
        if not threshold.active or threshold.window_days not in scorecard.windows:
            continue
        rate = scorecard.windows[threshold.window_days].rates[metric]
        if rate.breaches(bound=threshold.bound, limit_bps=threshold.limit_bps):
            found.append(Breach(metric=metric, days=threshold.window_days, rate=rate, threshold=threshold))
    return found


def rate_as_dict(rate: Rate) -> dict:
    return {
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "percent": None if rate.percent is None else str(rate.percent),
        "min_orders": rate.min_orders,
        "counts": rate.counts,
    }


def scorecard_as_dict(scorecard: Scorecard) -> dict:
    """Plain numbers (JSON-safe) for the API, the standing's snapshot and the vendor's mail."""
    return {
        "today": scorecard.today.isoformat(),
        "windows": {
            str(days): {
                "days": days,
                "since": w.since.isoformat(),
                "orders": w.orders,
                "rates": {metric: rate_as_dict(rate) for metric, rate in w.rates.items()},
                "defects_by_source": w.defects_by_source,
            }
            for days, w in scorecard.windows.items()
        },
        "average_rating": _measure_dict(scorecard.average_rating, scorecard.measures.get("average_rating")),
        "response_time_hours": _measure_dict(scorecard.response_time_hours, scorecard.measures.get("response_time")),
    }


def _measure_dict(value: Decimal | None, measure: Measure | None) -> dict:
    measure = measure or Measure()
    body = {"value": None if value is None else str(value), "note": measure.note}
    if measure.registered:
        body.update({"numerator": measure.numerator or 0, "denominator": measure.denominator or 0})
    return body
