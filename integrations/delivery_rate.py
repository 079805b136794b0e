"""The on-time delivery rate of the seller scorecard, from the carriers' tracking events.

A part counts when a carrier reported on it (at least one tracking event; parts the seller
shipped without a tracked carrier, picked-up and cancelled parts do not) and it is due: the
carrier delivered it, or its promised delivery date (``vendors.selectors
.vendor_orders_delivery_promise``) has passed. It is on time when the carrier delivered every
parcel by the promised date: the day of the last parcel's first "delivered" scan, in the shop's
time zone. What the seller clicked plays no part: a part the carrier never reported delivered
is late once its promise has passed.

Registered with ``moderation.scorecards.rate_source_register`` (integrations/apps.py).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from integrations.models import TrackingEvent
from marketplace.models import Shipment, VendorOrder
from vendors.selectors import vendor_orders_delivery_promise


def carrier_delivered_on(vendor_order_ids) -> dict[int, date]:
    """VendorOrder id -> the day the carrier delivered its last parcel, for parts of which the
    carrier reported every parcel delivered."""
    rows = (
        Shipment.objects.filter(vendor_order_id__in=vendor_order_ids)
        .annotate(
            delivered=Min("tracking_events__occurred_at", filter=Q(tracking_events__code=TrackingEvent.Code.DELIVERED))
        )
        .values("vendor_order_id", "delivered")
    )
    by_part: dict[int, list] = {}
    for row in rows:
        by_part.setdefault(row["vendor_order_id"], []).append(row["delivered"])
    return {
        part_id: timezone.localdate(max(moments))
        for part_id, moments in by_part.items()
        if moments and all(moment is not None for moment in moments)
    }


def on_time_delivery_counts(vendor_orders: QuerySet, today: date) -> tuple[int, int]:
    """(parts delivered on time, carrier-tracked parts due) among ``vendor_orders``."""
    tracked = (
        vendor_orders.exclude(status=VendorOrder.Status.CANCELLED)
        .filter(shipped_at__isnull=False, pickup_location_id__isnull=True)
        .filter(Exists(TrackingEvent.objects.filter(shipment__vendor_order=OuterRef("pk"))))
        .select_related("order")
        .prefetch_related("lines")
    )
    parts = list(tracked)
    if not parts:
        return 0, 0
    promises = vendor_orders_delivery_promise(parts=parts)
    delivered = carrier_delivered_on([part.id for part in parts])
    on_time = due = 0
    for part in parts:
        promise = promises.get(part.id)
        if promise is None:
            continue
        day = delivered.get(part.id)
        if day is not None:
            due += 1
            on_time += day <= promise
        elif today > promise:
            due += 1
    return on_time, due
