"""What the buyer's order page shows after the purchase, per seller part: a timeline (placed,
accepted, shipped with tracking, delivered), the returns with their status, the seller's
instructions and the refund, the refunds with their credit notes, and what may still be returned.

Reads only: credit notes are issued when first downloaded (buyers.credit_notes), so a refund
without one yet shows the download link without a number.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from buyers.models import CreditNote, ReturnRequest
from buyers.returns import OPEN_STATUSES
from buyers.withdrawal import return_open
from marketplace.models import Order, VendorOrder
from marketplace.money import Money, money_sum
from payouts.models import Refund

LABEL_STATUSES = (ReturnRequest.Status.APPROVED, ReturnRequest.Status.RECEIVED)


@dataclass
class TimelineStep:
    key: str
    label: str
    at: datetime | None
    done: bool
    shipments: list = field(default_factory=list)


@dataclass
class ReturnLineView:
    title: str
    quantity: int


@dataclass
class ReturnView:
    request: ReturnRequest
    lines: list[ReturnLineView]
    label_available: bool
    refund: Money | None


@dataclass
class RefundView:
    refund: Refund
    amount: Money
    pending: bool
    credit_note_number: str


@dataclass
class ReturnableLine:
    line_id: int
    title: str
    left: int


@dataclass
class PartAfterSale:
    part: VendorOrder
    timeline: list[TimelineStep]
    returns: list[ReturnView]
    refunds: list[RefundView]
    refunded: Money
    returnable: list[ReturnableLine]

    @property
    def refund_state(self) -> str:
        """ "" (nothing refunded), "partially_refunded" or "refunded" (all the buyer paid for the part)."""
        if not self.refunded.amount:
            return ""
        return "refunded" if self.refunded.amount >= self.part.total_amount else "partially_refunded"


@dataclass
class OrderAfterSale:
    parts: dict[int, PartAfterSale]
    refunded: Money

    def for_part(self, part_id: int) -> PartAfterSale:
        return self.parts[part_id]


def _timeline(order: Order, part: VendorOrder) -> list[TimelineStep]:
    shipments = list(part.shipments.all())
    steps = [
        TimelineStep("placed", _("Placed"), order.created_at, True),
        TimelineStep(
            "accepted",
            _("Accepted by the seller"),
            part.accepted_at,
            part.accepted_at is not None or part.shipped_at is not None or bool(shipments),
        ),
        TimelineStep(
            "shipped", _("Shipped"), part.shipped_at, part.shipped_at is not None or bool(shipments), shipments
        ),
        TimelineStep("delivered", _("Delivered"), part.delivered_at, part.status == VendorOrder.Status.DELIVERED),
    ]
    if part.status == VendorOrder.Status.CANCELLED:
        # A cancelled part stops where it was; the later steps never come.
        steps = [step for step in steps if step.done]
        steps.append(TimelineStep("cancelled", _("Cancelled"), part.cancelled_at, True))
    return steps


def order_after_sale(*, order: Order) -> OrderAfterSale:
    """The after-sale view of one order the caller has already found for its buyer."""
    parts = list(order.vendor_orders.all())
    part_ids = [part.id for part in parts]
    refunds_by_part: dict[int, list[Refund]] = defaultdict(list)
    refunds = list(Refund.objects.filter(vendor_order_id__in=part_ids).exclude(status=Refund.Status.FAILED))
    for refund in refunds:
        refunds_by_part[refund.vendor_order_id].append(refund)
    refunds_by_id = {refund.id: refund for refund in refunds}
    notes = dict(CreditNote.objects.filter(refund_id__in=list(refunds_by_id)).values_list("refund_id", "number"))
    returns_by_part: dict[int, list[ReturnRequest]] = defaultdict(list)
    for request in (
        ReturnRequest.objects.filter(vendor_order_id__in=part_ids)
        .prefetch_related("lines__order_line")
        .order_by("created_at", "id")
    ):
        returns_by_part[request.vendor_order_id].append(request)

    result = {}
    for part in parts:
        returned: dict[int, int] = defaultdict(int)
        return_views = []
        for request in returns_by_part[part.id]:
            lines = [ReturnLineView(rl.order_line.product_title, rl.quantity) for rl in request.lines.all()]
            if request.status in OPEN_STATUSES:
                for rl in request.lines.all():
                    returned[rl.order_line_id] += rl.quantity
            refund = refunds_by_id.get(request.refund_id) if request.refund_id else None
            return_views.append(
                ReturnView(
                    request=request,
                    lines=lines,
                    label_available=request.status in LABEL_STATUSES,
                    refund=Money(refund.amount, refund.currency) if refund else None,
                )
            )
        refund_views = [
            RefundView(
                refund=refund,
                amount=Money(refund.amount, refund.currency),
                pending=refund.status == Refund.Status.PENDING,
                credit_note_number=notes.get(refund.id, ""),
            )
            for refund in sorted(refunds_by_part[part.id], key=lambda r: r.id)
        ]
        returnable = []
        if part.status == VendorOrder.Status.DELIVERED:
            for line in part.lines.all():
                left = line.quantity - returned[line.id]
                if left > 0 and return_open(vendor_order=part, line=line):
                    returnable.append(ReturnableLine(line.id, line.product_title, left))
        result[part.id] = PartAfterSale(
            part=part,
            timeline=_timeline(order, part),
            returns=list(reversed(return_views)),
            refunds=refund_views,
            refunded=money_sum((view.amount for view in refund_views), order.currency),
            returnable=returnable,
        )
    return OrderAfterSale(parts=result, refunded=money_sum((p.refunded for p in result.values()), order.currency))
