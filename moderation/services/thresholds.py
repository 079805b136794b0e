"""Operators set the scorecard thresholds that drive enforcement (audited)."""

from __future__ import annotations

from django.db import transaction

from marketplace.audit import audit_record
from marketplace.errors import DomainError
from moderation.models import ScorecardThreshold
from moderation.scorecards import BOUND_OF, WINDOWS, thresholds_effective

MAX_MIN_ORDERS = 100_000


@transaction.atomic
def scorecard_threshold_set(
    *,
    actor,
    metric: str,
    limit_bps: int | None = None,
    window_days: int | None = None,
    min_orders: int | None = None,
    active: bool | None = None,
) -> ScorecardThreshold:
    """Create or change one metric's threshold; unspecified fields keep their current (or default) value."""
    if metric not in BOUND_OF:
        raise DomainError(f"Unknown metric {metric!r}; allowed: {', '.join(BOUND_OF)}.", field="metric")
    current = thresholds_effective().get(metric)
    limit_bps = limit_bps if limit_bps is not None else (current.limit_bps if current else None)
    if limit_bps is None:
        raise DomainError(
            "This metric has no threshold yet; give limit_bps (0 to 10000, 100 = 1 %).", field="limit_bps"
        )
    if not 0 <= limit_bps <= 10_000:
        raise DomainError("limit_bps must be from 0 to 10000 (basis points: 100 = 1 %).", field="limit_bps")
    window_days = window_days if window_days is not None else (current.window_days if current else WINDOWS[0])
    if window_days not in WINDOWS:
        raise DomainError(f"window_days must be one of {', '.join(map(str, WINDOWS))}.", field="window_days")
    min_orders = min_orders if min_orders is not None else (current.min_orders if current else 10)
    if not 1 <= min_orders <= MAX_MIN_ORDERS:
        raise DomainError(f"min_orders must be from 1 to {MAX_MIN_ORDERS}.", field="min_orders")
    active = active if active is not None else (current.active if current else True)
    row, _ = ScorecardThreshold.objects.update_or_create(
        metric=metric,
        defaults={
            "bound": BOUND_OF[metric],
            "limit_bps": limit_bps,
            "window_days": window_days,
            "min_orders": min_orders,
            "active": active,
            "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    audit_record(
        actor=actor,
        action="scorecard_threshold.set",
        obj=row,
        data={
            "metric": metric,
            "limit_bps": limit_bps,
            "window_days": window_days,
            "min_orders": min_orders,
            "active": active,
        },
    )
    return row
