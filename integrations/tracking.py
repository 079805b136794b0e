"""Tracking events from carriers, and delivery that follows them.

``tracking_events_record`` stores the events of one push (a repeated scan is stored once) and,
for a "delivered" scan, marks the shipment delivered and, once every parcel of the seller's part
is, the part itself through ``vendors.services.fulfilment.vendor_order_mark_delivered``: the same
service the seller's "delivered" click uses, so the payout hold starts. Events arriving later or
twice change nothing more (the part is delivered once). Scans of numbers we do not know are
counted and dropped (carriers push whole accounts).

``parts_auto_deliver`` (a daily task) delivers shipped parts of which no carrier said anything
``DELIVERY_AUTO_CONFIRM_BUSINESS_DAYS`` business days after shipping (moderation.holidays), unless
the buyer reported the parcel missing (a "not received" claim).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from buyers.messaging.models import Claim
from integrations.carriers import ParsedEvent
from integrations.models import TrackingEvent
from marketplace.models import Shipment, VendorOrder
from moderation.holidays import add_business_days
from vendors.services.fulfilment import vendor_order_mark_delivered

logger = logging.getLogger(__name__)


@dataclass
class RecordReport:
    stored: int = 0
    repeated: int = 0
    unknown: int = 0
    delivered_parts: int = 0


def tracking_events_for_vendor_order(vendor_order) -> QuerySet[TrackingEvent]:
    return TrackingEvent.objects.filter(shipment__vendor_order=vendor_order).select_related("shipment")


def tracking_events_record(events: list[ParsedEvent]) -> RecordReport:
    report = RecordReport()
    for event in events:
        with transaction.atomic():
            shipment = (
                Shipment.objects.select_related("vendor_order__vendor")
                .filter(carrier=event.carrier, tracking_number=event.tracking_number)
                .first()
            )
            if shipment is None:
                report.unknown += 1
                continue
            try:
                with transaction.atomic():
                    TrackingEvent.objects.create(
                        shipment=shipment,
                        code=event.code,
                        carrier_status=event.carrier_status,
                        description=event.description,
                        location=event.location,
                        occurred_at=event.occurred_at,
                    )
            except IntegrityError:
                report.repeated += 1
            else:
                report.stored += 1
            if event.code == TrackingEvent.Code.DELIVERED and _shipment_delivered(shipment, event):
                report.delivered_parts += 1
    return report


def _shipment_delivered(shipment: Shipment, event: ParsedEvent) -> bool:
    """Mark the parcel delivered (once); deliver the part when all its parcels are. True if the
    part became delivered now."""
    Shipment.objects.filter(id=shipment.id, delivered_at__isnull=True).update(delivered_at=event.occurred_at)
    vendor_order = shipment.vendor_order
    if vendor_order.status != VendorOrder.Status.SHIPPED:
        return False  # delivered already, or more to ship
    if vendor_order.shipments.filter(delivered_at__isnull=True).exists():
        return False
    before = vendor_order.status
    delivered = vendor_order_mark_delivered(vendor=vendor_order.vendor, actor=None, vendor_order_id=vendor_order.id)
    return before != delivered.status


def _reported_missing():
    return Claim.objects.filter(vendor_order_id=OuterRef("pk"), reason=Claim.Reason.NOT_RECEIVED)


def parts_auto_deliver(*, today=None) -> list[int]:
    """Deliver shipped parts that heard nothing from a carrier N business days after shipping."""
    today = today or timezone.localdate()
    days = settings.DELIVERY_AUTO_CONFIRM_BUSINESS_DAYS
    candidates = (
        VendorOrder.objects.filter(status=VendorOrder.Status.SHIPPED, shipped_at__isnull=False)
        .exclude(Exists(TrackingEvent.objects.filter(shipment__vendor_order_id=OuterRef("pk"))))
        .exclude(Exists(_reported_missing()))
        .select_related("vendor")
        .order_by("id")
    )
    delivered = []
    for vendor_order in candidates.iterator():
        shipped_on = timezone.localdate(vendor_order.shipped_at)
        if add_business_days(shipped_on, days) > today:
            continue
        vendor_order_mark_delivered(vendor=vendor_order.vendor, actor=None, vendor_order_id=vendor_order.id)
        delivered.append(vendor_order.id)
    if delivered:
        logger.info("delivered %d parts without carrier events", len(delivered))
    return delivered
