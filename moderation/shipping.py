"""Shipping rules read from orders: the ship-by date of a VendorOrder and its rule violations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.carriers import CARRIERS
from marketplace.models import OrderLine, VendorOrder
from moderation.conf import setting
from moderation.holidays import add_business_days


@dataclass(frozen=True)
class Violation:
    code: str
    message: str


def vendor_order_handling_days(vendor_order: VendorOrder) -> int:
    """The longest handling time among the order's offers (a part ships when all of it can)."""
    return OrderLine.objects.filter(vendor_order=vendor_order).aggregate(days=Max("offer__handling_days"))["days"] or 0


def vendor_order_ship_by(vendor_order: VendorOrder, *, handling_days: int | None = None) -> date:
    """Placed on day D (shop time zone): ship by D + handling days in German business days."""
    placed = timezone.localdate(vendor_order.order.created_at)
    days = vendor_order_handling_days(vendor_order) if handling_days is None else handling_days
    return add_business_days(placed, days)


def is_late(vendor_order: VendorOrder, ship_by: date, *, today: date | None = None) -> bool:
    if vendor_order.status == VendorOrder.Status.CANCELLED:
        return False
    if vendor_order.shipped_at is not None:
        return timezone.localdate(vendor_order.shipped_at) > ship_by
    return (today or timezone.localdate()) > ship_by


def has_valid_tracking(vendor_order: VendorOrder) -> bool:
    shipments = list(vendor_order.shipments.all())
    return bool(shipments) and all(
        s.carrier in CARRIERS and CARRIERS[s.carrier].valid(s.tracking_number) for s in shipments
    )


def shipping_rule_violations(vendor_order: VendorOrder, *, today: date | None = None) -> list[Violation]:
    ship_by = vendor_order_ship_by(vendor_order)
    found = []
    if is_late(vendor_order, ship_by, today=today):
        found.append(Violation("late_shipment", _("Ship-by date %(date)s was missed.") % {"date": ship_by.isoformat()}))
    threshold = setting("MODERATION_TRACKING_REQUIRED_ABOVE")
    if (
        vendor_order.shipped_at is not None
        and vendor_order.items_amount > threshold
        and not has_valid_tracking(vendor_order)
    ):
        found.append(
            Violation(
                "tracking_required",
                _("Orders above %(amount)s minor units need valid tracking.") % {"amount": threshold},
            )
        )
    return found
