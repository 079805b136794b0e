"""A seller fulfils its part of an order: accept, ship (also in parts) with tracking, deliver,
or cancel before shipping. Cancelling puts the stock back and refunds through payouts."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.carriers import CARRIERS
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.events import SHIPMENT_CREATED
from marketplace.models import Order, Shipment, ShipmentLine, VendorOrder
from marketplace.outbox import outbox_publish
from marketplace.webhook_events import ORDER_CANCELLED, ORDER_DELIVERED, ORDER_SHIPPED, vendor_order_event_publish
from payouts.services.refunds import RefundLineRequest, refund_create
from vendors.models import Offer
from vendors.services.events import catalog_product_changed

Status = VendorOrder.Status
CANCELLABLE = {Status.OPEN, Status.ACCEPTED}
SHIPPABLE = {Status.OPEN, Status.ACCEPTED, Status.PARTIALLY_SHIPPED}


def vendor_order_list(*, vendor) -> QuerySet[VendorOrder]:
    return (
        VendorOrder.objects.filter(vendor=vendor)
        .select_related("order")
        .prefetch_related("lines", "shipments__lines")
        .order_by("-id")
    )


def vendor_order_get(*, vendor, vendor_order_id: int) -> VendorOrder:
    try:
        return vendor_order_list(vendor=vendor).get(id=vendor_order_id)
    except VendorOrder.DoesNotExist:
        raise NotFound(_("No such order."), field="vendor_order") from None


def _locked(vendor_order_id: int) -> tuple[Order, VendorOrder]:
    # The lock order every writer of orders uses: the Order first, then the seller's part.
    order_id = VendorOrder.objects.values_list("order_id", flat=True).get(id=vendor_order_id)
    order = Order.objects.select_for_update().get(id=order_id)
    return order, VendorOrder.objects.select_for_update().get(id=vendor_order_id)


def _refuse(vo: VendorOrder, action: str) -> None:
    raise Conflict(
        _("An order in status %(status)s cannot be %(action)s.")
        % {"status": vo.get_status_display(), "action": action},
        field="status",
        code="invalid_transition",
    )


@transaction.atomic
def vendor_order_accept(*, vendor, actor, vendor_order_id: int) -> VendorOrder:
    vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)
    order, vo = _locked(vendor_order_id)
    if vo.status == Status.ACCEPTED:
        return vo
    if vo.status != Status.OPEN:
        _refuse(vo, _("accepted"))
    if order.status == Order.Status.PENDING_PAYMENT:
        raise Conflict(
            _("The buyer has not paid yet; accept the order once the payment arrives."), field="status", code="not_paid"
        )
    vo.status, vo.accepted_at = Status.ACCEPTED, timezone.now()
    vo.save(update_fields=["status", "accepted_at"])
    audit_record(actor=actor, action="vendor_order.accepted", obj=vo)
    return vo


def _shipped_quantities(vo: VendorOrder) -> dict[int, int]:
    rows = ShipmentLine.objects.filter(shipment__vendor_order=vo).values("order_line_id").annotate(n=Sum("quantity"))
    return {row["order_line_id"]: row["n"] for row in rows}


@transaction.atomic
def vendor_order_ship(
    *,
    vendor,
    actor,
    vendor_order_id: int,
    carrier: str,
    tracking_number: str,
    lines: list[tuple[int, int]] | None = None,
) -> Shipment:
    """Record a parcel. ``lines`` are (order line id, quantity); None ships everything left."""
    vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)
    order, vo = _locked(vendor_order_id)
    if vo.status not in SHIPPABLE:
        _refuse(vo, _("shipped"))
    if order.status == Order.Status.PENDING_PAYMENT:
        raise Conflict(_("The buyer has not paid yet; do not ship."), field="status", code="not_paid")
    known = CARRIERS.get(carrier)
    if known is None:
        raise DomainError(
            _("Unknown carrier; choose one of %(carriers)s.") % {"carriers": ", ".join(CARRIERS)}, field="carrier"
        )
    tracking_number = tracking_number.strip().replace(" ", "").upper()
    if not known.valid(tracking_number):
        raise DomainError(
            _("This is not a valid %(carrier)s tracking number.") % {"carrier": known.name}, field="tracking_number"
        )

    order_lines = {line.id: line for line in vo.lines.all()}
    shipped = _shipped_quantities(vo)
    left = {line_id: line.quantity - shipped.get(line_id, 0) for line_id, line in order_lines.items()}
    wanted = [(line_id, qty) for line_id, qty in left.items() if qty > 0] if lines is None else lines
    if not wanted:
        raise DomainError(_("Name at least one line to ship."), field="lines")
    for line_id, qty in wanted:
        if line_id not in order_lines:
            raise NotFound(_("Line %(id)s is not part of this order.") % {"id": line_id}, field="lines")
        if not 1 <= qty <= left[line_id]:
            raise DomainError(
                _("Line %(id)s: ship 1 to %(left)s.") % {"id": line_id, "left": left[line_id]}, field="lines"
            )
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(
                vendor_order=vo,
                carrier=carrier,
                tracking_number=tracking_number,
                tracking_url=known.url(tracking_number),
            )
    except IntegrityError:
        raise DomainError(
            _("This tracking number was already used."), field="tracking_number", code="duplicate"
        ) from None
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line_id=line_id, quantity=qty) for line_id, qty in wanted
    )
    for line_id, qty in wanted:
        left[line_id] -= qty
    now = timezone.now()
    vo.status = Status.SHIPPED if not any(left.values()) else Status.PARTIALLY_SHIPPED
    vo.shipped_at = vo.shipped_at or now
    vo.accepted_at = vo.accepted_at or now
    vo.save(update_fields=["status", "shipped_at", "accepted_at"])
    audit_record(actor=actor, action="vendor_order.shipped", obj=vo, data={"shipment": shipment.id, "carrier": carrier})
    # The buyer's e-mail goes out through the outbox (buyers app), only if this commits.
    outbox_publish(topic=SHIPMENT_CREATED, key=f"shipment:{shipment.id}", payload={"shipment_id": shipment.id})
    vendor_order_event_publish(vo, ORDER_SHIPPED)  # the seller's systems (webhooks)
    return shipment


@transaction.atomic
def vendor_order_mark_delivered(*, vendor, actor, vendor_order_id: int) -> VendorOrder:
    vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)
    order, vo = _locked(vendor_order_id)
    if vo.status == Status.DELIVERED:
        return vo
    if vo.status != Status.SHIPPED:
        _refuse(vo, _("marked delivered"))
    now = timezone.now()
    vo.status, vo.delivered_at = Status.DELIVERED, now  # starts the payout hold period
    vo.save(update_fields=["status", "delivered_at"])
    vo.shipments.filter(delivered_at__isnull=True).update(delivered_at=now)
    audit_record(actor=actor, action="vendor_order.delivered", obj=vo)
    vendor_order_event_publish(vo, ORDER_DELIVERED)
    return vo


def vendor_order_cancel(*, actor, vendor_order_id: int, reason: str, by: str, vendor=None) -> VendorOrder:
    """Cancel a seller's part before it ships: stock back, refund of what was booked, audit.

    ``vendor`` scopes the lookup when a seller cancels; buyers are scoped by their caller.
    """
    if vendor is not None:
        vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)
    if by == "vendor" and not reason.strip():
        raise DomainError(_("Tell the buyer why you cancel."), field="reason")
    with transaction.atomic():
        order, vo = _locked(vendor_order_id)
        if vo.status == Status.CANCELLED:
            return vo
        if vo.status not in CANCELLABLE:
            _refuse(vo, _("cancelled"))
        lines = list(vo.lines.all())
        booked = order.payment_method == Order.PaymentMethod.INVOICE or order.payment_status == Order.PaymentStatus.PAID
        if booked:
            refund_create(
                actor=actor,
                vendor_order_id=vo.id,
                lines=[RefundLineRequest(line.id) for line in lines],
                reason=f"Cancelled by {by}: {reason}".strip(": "),
            )
        offers = Offer.objects.select_for_update().filter(id__in=[line.offer_id for line in lines]).order_by("id")
        quantities = {line.offer_id: line.quantity for line in lines}
        for offer in offers:
            Offer.objects.filter(id=offer.id).update(stock=F("stock") + quantities[offer.id])
        vo.status, vo.cancelled_at, vo.cancelled_by, vo.cancel_reason = (
            Status.CANCELLED,
            timezone.now(),
            by,
            reason[:500],
        )
        vo.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
        if not order.vendor_orders.exclude(status=Status.CANCELLED).exists():
            order.status = Order.Status.CANCELLED
            order.save(update_fields=["status"])
        audit_record(actor=actor, action="vendor_order.cancelled", obj=vo, reason=reason, data={"by": by})
        vendor_order_event_publish(vo, ORDER_CANCELLED)
        catalog_product_changed(product_ids=[offer.product_id for offer in offers])
    return vo
