"""Late shipments: flag VendorOrders shipped after their ship-by date or unshipped past it."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from marketplace.models import VendorOrder
from moderation.models import LateShipment
from moderation.shipping import is_late, vendor_order_ship_by


def late_shipments_flag(*, today: date | None = None, lookback_days: int = 120) -> int:
    """Record every late VendorOrder placed in the last ``lookback_days`` once (idempotent; a
    flagged order that ships later gets its shipping time filled in). Returns new flags."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=lookback_days)
    created = 0
    orders = (
        VendorOrder.objects.filter(order__created_at__gte=since)
        .exclude(status=VendorOrder.Status.CANCELLED)
        .select_related("order")
        .order_by("id")
    )
    for vo in orders.iterator():
        ship_by = vendor_order_ship_by(vo)
        if not is_late(vo, ship_by, today=today):
            continue
        with transaction.atomic():
            flag, new = LateShipment.objects.get_or_create(
                vendor_order=vo, defaults={"vendor_id": vo.vendor_id, "ship_by": ship_by, "shipped_at": vo.shipped_at}
            )
            if not new and flag.shipped_at != vo.shipped_at:
                LateShipment.objects.filter(id=flag.id).update(shipped_at=vo.shipped_at)
        created += new
    return created
