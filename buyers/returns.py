"""Returns: the buyer asks within the offer's return window, the seller approves (instructions and
a return label) or rejects with a reason, marks the parcel received and refunds through payouts."""

from __future__ import annotations

import io

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A6, landscape
from reportlab.pdfgen import canvas

from buyers.models import ReturnLine, ReturnRequest
from buyers.withdrawal import return_deadline, return_open
from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import Order, VendorOrder
from marketplace.webhook_events import RETURN_REQUESTED, webhook_event_publish
from payouts.services.refunds import RefundLineRequest, line_units_amount, refund_create
from vendors.notifications import seller_notify

Status = ReturnRequest.Status
OPEN_STATUSES = [Status.REQUESTED, Status.APPROVED, Status.RECEIVED, Status.REFUNDED]


def return_list_for_buyer(*, buyer) -> QuerySet[ReturnRequest]:
    return (
        ReturnRequest.objects.filter(buyer_id=buyer.pk)
        .select_related("vendor_order__order", "vendor_order__vendor")
        .prefetch_related("lines")
    )


def return_get_for_buyer(*, buyer, return_id: int) -> ReturnRequest:
    try:
        return return_list_for_buyer(buyer=buyer).get(id=return_id)
    except ReturnRequest.DoesNotExist:
        raise NotFound(_("No such return."), field="return") from None


def return_list_for_vendor(*, vendor) -> QuerySet[ReturnRequest]:
    return (
        ReturnRequest.objects.filter(vendor_order__vendor=vendor)
        .select_related("vendor_order__order")
        .prefetch_related("lines")
    )


def return_get_for_vendor(*, vendor, return_id: int) -> ReturnRequest:
    try:
        return return_list_for_vendor(vendor=vendor).get(id=return_id)
    except ReturnRequest.DoesNotExist:
        raise NotFound(_("No such return."), field="return") from None


def _returned_quantities(vendor_order: VendorOrder) -> dict[int, int]:
    rows = (
        ReturnLine.objects.filter(return_request__vendor_order=vendor_order, return_request__status__in=OPEN_STATUSES)
        .values("order_line_id")
        .annotate(n=Sum("quantity"))
    )
    return {row["order_line_id"]: row["n"] for row in rows}


@transaction.atomic
def return_request(
    *, buyer, number: str, vendor_order_id: int, lines: list[tuple[int, int]], reason: str, comment: str = ""
) -> ReturnRequest:
    order = Order.objects.filter(buyer_id=buyer.pk, number=number).first()
    vendor_order = (
        VendorOrder.objects.select_for_update().filter(order=order, id=vendor_order_id).first() if order else None
    )
    if vendor_order is None:
        raise NotFound(_("No such order."), field="vendor_order")
    if vendor_order.status != VendorOrder.Status.DELIVERED:
        raise Conflict(_("Items can be returned once they are delivered."), field="vendor_order", code="not_delivered")
    if reason not in ReturnRequest.Reason.values:
        raise DomainError(_("Choose one of the reasons offered."), field="reason")
    if not lines:
        raise DomainError(_("Choose at least one item to return."), field="lines")
    order_lines = {line.id: line for line in vendor_order.lines.select_related("offer")}
    returned = _returned_quantities(vendor_order)
    for line_id, quantity in lines:
        line = order_lines.get(line_id)
        if line is None:
            raise NotFound(_("Line %(id)s is not part of this order.") % {"id": line_id}, field="lines")
        # max(14 days, the offer's window) for consumers buying from traders (buyers.withdrawal).
        deadline = return_deadline(vendor_order=vendor_order, line=line)
        if deadline is None or not return_open(vendor_order=vendor_order, line=line):
            raise DomainError(
                _("The return window for %(title)s ended on %(date)s.")
                % {"title": line.product_title, "date": deadline.isoformat() if deadline else "-"},
                field="lines",
                code="return_window_over",
            )
        left = line.quantity - returned.get(line_id, 0)
        if not 1 <= quantity <= left:
            raise DomainError(
                _("You can return 1 to %(left)s of %(title)s.") % {"left": left, "title": line.product_title},
                field="lines",
            )
    request = ReturnRequest.objects.create(vendor_order=vendor_order, buyer=buyer, reason=reason, comment=comment)
    ReturnLine.objects.bulk_create(
        ReturnLine(return_request=request, order_line_id=line_id, quantity=qty) for line_id, qty in lines
    )
    audit_record(actor=buyer, action="return.requested", obj=request)
    seller_notify(
        vendor_id=vendor_order.vendor_id,
        kind="return",
        key=f"return:{request.id}",
        params={"number": vendor_order.order.number},
        url=f"{reverse('frontend:seller_returns')}?vendor={vendor_order.vendor_id}",
    )
    webhook_event_publish(
        event_type=RETURN_REQUESTED,
        vendor_id=vendor_order.vendor_id,
        data={"return_id": request.id, "vendor_order_id": vendor_order.id, "reason": reason},
    )
    return request


def _transition(*, vendor, return_id: int, allowed: set, action: str) -> ReturnRequest:
    return_get_for_vendor(vendor=vendor, return_id=return_id)
    request = ReturnRequest.objects.select_for_update().get(id=return_id)
    if request.status not in allowed:
        raise Conflict(
            _("A return in status %(status)s cannot be %(action)s.")
            % {"status": request.get_status_display(), "action": action},
            field="status",
            code="invalid_transition",
        )
    return request


@transaction.atomic
def return_approve(*, vendor, actor, return_id: int, instructions: str) -> ReturnRequest:
    if not instructions.strip():
        raise DomainError(_("Tell the buyer how to send the items back."), field="instructions")
    request = _transition(vendor=vendor, return_id=return_id, allowed={Status.REQUESTED}, action=_("approved"))
    request.status, request.instructions, request.decided_at = Status.APPROVED, instructions.strip(), timezone.now()
    request.save(update_fields=["status", "instructions", "decided_at"])
    audit_record(actor=actor, action="return.approved", obj=request)
    return request


@transaction.atomic
def return_reject(*, vendor, actor, return_id: int, reason: str) -> ReturnRequest:
    if not reason.strip():
        raise DomainError(_("Give the buyer the reason."), field="reason")
    request = _transition(vendor=vendor, return_id=return_id, allowed={Status.REQUESTED}, action=_("rejected"))
    request.status, request.reject_reason, request.decided_at = Status.REJECTED, reason.strip()[:500], timezone.now()
    request.save(update_fields=["status", "reject_reason", "decided_at"])
    audit_record(actor=actor, action="return.rejected", obj=request, reason=request.reject_reason)
    return request


@transaction.atomic
def return_mark_received(*, vendor, actor, return_id: int) -> ReturnRequest:
    request = _transition(vendor=vendor, return_id=return_id, allowed={Status.APPROVED}, action=_("received"))
    request.status, request.received_at = Status.RECEIVED, timezone.now()
    request.save(update_fields=["status", "received_at"])
    audit_record(actor=actor, action="return.received", obj=request)
    return request


def return_refund(*, vendor, actor, return_id: int, amounts: dict[int, int] | None = None) -> ReturnRequest:
    """Refund the returned items: by default what the buyer paid for the returned quantity
    (a coupon's share deducted); ``amounts`` (order line id -> minor units) for a partial refund."""
    with transaction.atomic():
        request = _transition(vendor=vendor, return_id=return_id, allowed={Status.RECEIVED}, action=_("refunded"))
        requests = []
        for return_line in request.lines.select_related("order_line"):
            line = return_line.order_line
            # The units returned last carry the rounding remainder, so a line's returns add up to
            # exactly what was paid for it (payouts.services.refunds.line_unit_amounts).
            full = line_units_amount(line=line, units=return_line.quantity)
            amount = full if amounts is None or line.id not in amounts else amounts[line.id]
            if not 0 < amount <= full:
                raise DomainError(
                    _("Refund 1 to %(full)s (minor units) for line %(id)s.") % {"full": full, "id": line.id},
                    field="amounts",
                )
            requests.append(RefundLineRequest(line.id, amount, quantity=return_line.quantity))
        refund = refund_create(
            actor=actor,
            vendor_order_id=request.vendor_order_id,
            lines=requests,
            reason=f"Return {request.id}: {request.get_reason_display()}",
            vendor_id=vendor.id,
            shipping=_everything_returned(request.vendor_order),
        )
        request.status, request.refund_id = Status.REFUNDED, refund.id
        request.save(update_fields=["status", "refund_id"])
        audit_record(
            actor=actor, action="return.refunded", obj=request, data={"refund_id": refund.id, "amount": refund.amount}
        )
    return request


def _everything_returned(vendor_order: VendorOrder) -> bool:
    """The shipping rule for returns: shipping is refunded only when every unit of every line of
    the seller's part has come back (this return included). A partial return keeps it: the parcel
    was delivered and the seller paid for it. (A full refund or a cancellation refunds shipping
    too; payouts.services.refunds applies that part of the rule.)"""
    rows = (
        ReturnLine.objects.filter(
            return_request__vendor_order=vendor_order, return_request__status__in=[Status.RECEIVED, Status.REFUNDED]
        )
        .values("order_line_id")
        .annotate(n=Sum("quantity"))
    )
    back = {row["order_line_id"]: row["n"] for row in rows}
    return all(back.get(line.id, 0) >= line.quantity for line in vendor_order.lines.all())


def return_label_pdf(*, request: ReturnRequest) -> bytes:
    """A simple return label: from the buyer's shipping address to the seller, with the return number."""
    vendor = request.vendor_order.vendor
    sender = request.vendor_order.order.shipping_address
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A6))
    width, height = landscape(A6)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(20, height - 30, f"RETOURE / RETURN R-{request.id}")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(20, height - 50, f"Bestellung / Order {request.vendor_order.order.number}")
    y = height - 75
    pdf.drawString(20, y, "Absender / From:")
    for text in (
        sender.get("name", ""),
        sender.get("street", ""),
        f"{sender.get('postal_code', '')} {sender.get('city', '')}",
        sender.get("country", ""),
    ):
        y -= 12
        pdf.drawString(30, y, text)
    pdf.setFont("Helvetica-Bold", 11)
    y = height - 75
    pdf.drawString(width / 2, y, "An / To:")
    for text in (
        vendor.legal_name or vendor.name,
        getattr(vendor, "street", ""),
        f"{getattr(vendor, 'postal_code', '')} {getattr(vendor, 'city', '')}",
        vendor.country,
    ):
        y -= 14
        pdf.drawString(width / 2 + 10, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
