"""Shipping many order parts at once from a list of (order number, carrier, tracking number), as
uploaded in seller central: all rows or none.

Each row ships everything left of the vendor's part of that order through ``vendor_order_ship``
(the same checks: carrier, tracking number for that carrier, status, paid). Every row is tried,
so the seller learns of all bad rows at once; if any fails, nothing is shipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.errors import DomainError, NotFound
from marketplace.models import VendorOrder
from vendors.services.fulfilment import vendor_order_list, vendor_order_ship

MAX_ROWS = 500


@dataclass(frozen=True)
class TrackingRow:
    row: int  # the line in the file (header = 1)
    number: str  # the order number
    carrier: str
    tracking_number: str


@dataclass
class RowResult:
    row: int
    number: str
    field: str = ""  # the column at fault ("order", "carrier", "tracking_number")
    error: str = ""
    vendor_order_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.error


class _Undo(Exception):
    pass


def _part(vendor, number: str) -> VendorOrder:
    part = vendor_order_list(vendor=vendor).filter(order__number=number.strip()).first()
    if part is None:
        raise NotFound(_("You have no order %(number)s.") % {"number": number}, field="order")
    return part


def vendor_orders_ship_bulk(*, vendor, actor, rows: list[TrackingRow]) -> tuple[bool, list[RowResult]]:
    """(shipped, per-row results). Shipped only when every row could be shipped."""
    if not rows:
        raise DomainError(_("The file has no rows with an order number."), field="file")
    if len(rows) > MAX_ROWS:
        raise DomainError(_("At most %(max)s rows per file.") % {"max": MAX_ROWS}, field="file")
    results: list[RowResult] = []
    seen: set[str] = set()
    try:
        with transaction.atomic():
            for row in rows:
                result = RowResult(row=row.row, number=row.number)
                results.append(result)
                if row.number in seen:
                    result.field, result.error = "order", _("This order appears twice in the file.")
                    continue
                seen.add(row.number)
                try:
                    with transaction.atomic():
                        part = _part(vendor, row.number)
                        result.vendor_order_id = part.id
                        vendor_order_ship(
                            vendor=vendor,
                            actor=actor,
                            vendor_order_id=part.id,
                            carrier=row.carrier.strip().lower(),
                            tracking_number=row.tracking_number,
                        )
                except DomainError as exc:
                    result.field = {"status": "order", "lines": "order"}.get(exc.field or "", exc.field or "order")
                    result.error = exc.message
            if any(not r.ok for r in results):
                raise _Undo
    except _Undo:
        return False, results
    return True, results
