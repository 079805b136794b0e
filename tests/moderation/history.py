"""Order histories for scorecard tests, built through the real checkout and fulfilment services;
only the timestamps are moved into the past (what the services stamp as 'now')."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order, Shipment, VendorOrder
from tests.factories import UserFactory
from vendors.services.fulfilment import vendor_order_cancel, vendor_order_mark_delivered, vendor_order_ship

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class History:
    """One vendor's orders of one offer, placed ``days_ago`` before ``today``."""

    def __init__(self, *, vendor, owner, offer, today: date):
        self.vendor, self.owner, self.offer, self.today = vendor, owner, offer, today
        self._tracking = 100000000000

    def place(self, *, days_ago: int, buyer=None) -> VendorOrder:
        buyer = buyer or UserFactory()
        cart_item_add(buyer=buyer, offer_id=self.offer.id, quantity=1)
        order = checkout_place(
            buyer=buyer, idempotency_key=uuid.uuid4().hex, payment_method="invoice", shipping_address=ADDRESS
        )
        Order.objects.filter(id=order.id).update(created_at=at(self.today - timedelta(days=days_ago)))
        vo = VendorOrder.objects.get(order=order, vendor=self.vendor)
        vo.buyer = buyer
        return vo

    def ship(self, vo: VendorOrder, *, days_after: int = 0, valid_tracking: bool = True) -> VendorOrder:
        self._tracking += 1
        shipment = vendor_order_ship(
            vendor=self.vendor,
            actor=self.owner,
            vendor_order_id=vo.id,
            carrier="dhl",
            tracking_number=str(self._tracking),
        )
        placed = Order.objects.values_list("created_at", flat=True).get(id=vo.order_id)
        shipped = placed + timedelta(days=days_after)
        VendorOrder.objects.filter(id=vo.id).update(shipped_at=shipped)
        Shipment.objects.filter(id=shipment.id).update(shipped_at=shipped)
        if not valid_tracking:  # a number that passed once but is no DHL number (e.g. imported data)
            Shipment.objects.filter(id=shipment.id).update(tracking_number=f"NOPE{self._tracking}")
        return vo

    def deliver(self, vo: VendorOrder) -> VendorOrder:
        vendor_order_mark_delivered(vendor=self.vendor, actor=self.owner, vendor_order_id=vo.id)
        return vo

    def cancel(self, vo: VendorOrder, *, by: str) -> VendorOrder:
        vendor_order_cancel(
            actor=self.owner if by == "vendor" else None,
            vendor_order_id=vo.id,
            reason="Test",
            by=by,
            vendor=self.vendor if by == "vendor" else None,
        )
        return vo
