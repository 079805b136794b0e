"""Refunds, per line or whole, and taking money back from sellers who were already paid."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.money import Money
from marketplace.outbox import outbox_publish
from payouts import stripe_gateway
from payouts.ledger import (
    BUYER_RECEIVABLE,
    COMMISSION_REVENUE,
    PLATFORM_CASH,
    PLATFORM_DISCOUNTS,
    TAX_PAYABLE,
    account_balance,
    credit,
    debit,
    ledger_post,
    vendor_payable,
)
from payouts.models import Payout, Refund, RefundLine, TransferReversal

REFUND_SEND = "payouts.refund_send"
REVERSAL_SEND = "payouts.transfer_reversal_send"


@dataclass(frozen=True)
class RefundLineRequest:
    order_line_id: int
    # None: what the buyer paid for ``quantity`` units (line_units_amount), or with no quantity
    # whatever is left of the line.
    amount: int | None = None
    quantity: int | None = None  # units this refund is for (returns); recorded on the refund line


def line_unit_amounts(line: OrderLine) -> list[int]:
    """What the buyer paid for each unit of a line, in the order the units come back: the paid
    amount (line total minus its coupon share) split by largest remainder, the units returned last
    carrying the remainder. Summed over all units it is the line's paid amount, to the cent."""
    paid = Money(line.line_total_amount - line.discount_amount, line.currency)
    return [part.amount for part in reversed(paid.allocate([1] * line.quantity))]


def _units_refunded_by_line(line_ids) -> dict[int, int]:
    rows = (
        RefundLine.objects.filter(order_line_id__in=line_ids)
        .exclude(refund__status=Refund.Status.FAILED)
        .values("order_line_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["order_line_id"]: row["total"] for row in rows}


def line_units_amount(*, line: OrderLine, units: int, before: int | None = None) -> int:
    """What the buyer paid for the next ``units`` units of a line, after the ``before`` units
    already refunded (default: the units on its refund lines). Successive partial returns of a line
    therefore add up to exactly what was paid for it."""
    if before is None:
        before = _units_refunded_by_line([line.id]).get(line.id, 0)
    start = min(before, line.quantity)
    return sum(line_unit_amounts(line)[start : min(start + units, line.quantity)])


def _share(total: int, part: int, whole: int) -> int:
    """total * part / whole, rounded half up (all non-negative)."""
    return (2 * total * part + whole) // (2 * whole)


def _refunded_by_line(line_ids) -> dict[int, int]:
    rows = (
        RefundLine.objects.filter(order_line_id__in=line_ids)
        .exclude(refund__status=Refund.Status.FAILED)
        .values("order_line_id")
        .annotate(total=Sum("amount"))
    )
    return {row["order_line_id"]: row["total"] for row in rows}


def _shipping_left(vo: VendorOrder, *, refunding_lines: int) -> int:
    """Shipping not yet given back for a seller's part. Our refunds carry it beyond their lines
    (a refund's amount is its lines plus any shipping; no column of its own is needed); refunds
    made on Stripe have no lines, so whatever happens the buyer never gets back more than paid."""
    refunds = Refund.objects.filter(vendor_order_id=vo.id).exclude(status=Refund.Status.FAILED)
    ours = refunds.filter(source=Refund.Source.PLATFORM)
    shipping_back = (ours.aggregate(total=Sum("amount"))["total"] or 0) - (
        RefundLine.objects.filter(refund__in=ours).aggregate(total=Sum("amount"))["total"] or 0
    )
    not_refunded = vo.total_amount - (refunds.aggregate(total=Sum("amount"))["total"] or 0) - refunding_lines
    return max(0, min(vo.shipping_amount - shipping_back, not_refunded))


def refund_create(
    *,
    actor,
    vendor_order_id: int,
    lines: list[RefundLineRequest],
    reason: str,
    vendor_id: int | None = None,
    shipping: bool = False,
) -> Refund:
    """Refund lines of one seller's part of an order (``vendor_id`` scopes the lookup for sellers).

    Commission and VAT on it go back in proportion to the amount refunded, cumulatively per
    line so a line refunded in parts returns exactly its commission. The ledger entry is
    written now; the Stripe refund is sent after commit through the outbox with our key.

    Shipping (what is left of it) is refunded with ``shipping=True``, and always once this
    refund leaves every line of the part refunded in full (a cancellation, a full refund). It
    goes back from the seller's payable whole: the seller received it whole, without commission.
    """
    if not lines and not shipping:
        raise DomainError(_("Name at least one order line to refund."), field="lines")
    if not reason.strip():
        raise DomainError(_("Give a reason for the refund."), field="reason")
    with transaction.atomic():
        vendor_orders = VendorOrder.objects.filter(id=vendor_order_id)
        if vendor_id is not None:
            vendor_orders = vendor_orders.filter(vendor_id=vendor_id)
        vo = vendor_orders.first()
        if vo is None:
            raise NotFound(_("No such order."), field="vendor_order")
        # Lock order, then seller part: the same order every writer uses.
        order = Order.objects.select_for_update().get(id=vo.order_id)
        vo = VendorOrder.objects.select_for_update().get(id=vo.id)
        if order.payment_method == Order.PaymentMethod.CARD and order.payment_status != Order.PaymentStatus.PAID:
            raise Conflict(_("This card order is not paid; there is nothing to refund yet."), field="vendor_order")
        all_lines = {line.id: line for line in OrderLine.objects.filter(vendor_order=vo)}
        order_lines = {
            line_id: all_lines[line_id] for line_id in {r.order_line_id for r in lines} if line_id in all_lines
        }
        unknown = sorted({r.order_line_id for r in lines} - set(order_lines))
        if unknown:
            raise NotFound(_("Order lines %(lines)s are not part of this order.") % {"lines": unknown}, field="lines")
        if len({r.order_line_id for r in lines}) != len(lines):
            raise DomainError(_("Name each order line once."), field="lines")
        refunded = _refunded_by_line(all_lines)
        units_refunded = _units_refunded_by_line(all_lines)
        parts = []
        for request in lines:
            line = order_lines[request.order_line_id]
            before = refunded.get(line.id, 0)
            whole = line.line_total_amount - line.discount_amount  # what the buyer paid for the line
            left = whole - before
            units_before = units_refunded.get(line.id, 0)
            units_left = max(0, line.quantity - units_before)
            if request.quantity is not None and not 0 < request.quantity <= units_left:
                raise DomainError(
                    _("Line %(line)s has %(left)s unit(s) left to refund; you asked for %(quantity)s.")
                    % {"line": line.id, "left": units_left, "quantity": request.quantity},
                    field="lines",
                )
            if request.amount is not None:
                amount = request.amount
            elif request.quantity is not None:
                amount = min(left, line_units_amount(line=line, units=request.quantity, before=units_before))
            else:
                amount = left
            if request.quantity is not None:
                units = request.quantity
            elif request.amount is None:
                units = units_left  # the whole rest of the line
            else:
                units = min(units_left, amount // line.unit_price_amount) if line.unit_price_amount else 0
            if not 0 < amount <= left:
                raise DomainError(
                    _("Line %(line)s can be refunded by 1 to %(left)s (minor units); you asked for %(amount)s.")
                    % {"line": line.id, "left": left, "amount": amount},
                    field="lines",
                )
            after = before + amount
            commission = _share(line.commission_amount, after, whole) - _share(line.commission_amount, before, whole)
            vat = _share(line.commission_vat_amount, after, whole) - _share(line.commission_vat_amount, before, whole)
            # A discount the platform funded was never taken from the seller: its share comes back
            # from the platform's discount expense, not from the seller.
            platform_discount = line.discount_amount if vo.platform_discount_amount else 0
            discount = _share(platform_discount, after, whole) - _share(platform_discount, before, whole)
            parts.append((line, amount, commission, vat, discount, units))
        fully_refunded = all(
            refunded.get(line.id, 0) + sum(p[1] for p in parts if p[0].id == line.id)
            >= line.line_total_amount - line.discount_amount
            for line in all_lines.values()
        )
        lines_amount = sum(p[1] for p in parts)
        shipping_amount = _shipping_left(vo, refunding_lines=lines_amount) if shipping or fully_refunded else 0
        if not parts and not shipping_amount:
            raise DomainError(_("There is no shipping left to refund on this order."), field="shipping")
        amount = lines_amount + shipping_amount
        commission = sum(p[2] for p in parts)
        vat = sum(p[3] for p in parts)
        discount = sum(p[4] for p in parts)
        paid = order.payment_status == Order.PaymentStatus.PAID
        refund = Refund.objects.create(
            order=order,
            vendor_order=vo,
            currency=order.currency,
            amount=amount,
            vendor_amount=amount + discount - commission - vat,
            commission_amount=commission,
            commission_vat_amount=vat,
            platform_discount_amount=discount,
            reason=reason.strip()[:500],
            created_by=actor,
            status=Refund.Status.PENDING
            if paid and order.payment_method == Order.PaymentMethod.CARD
            else Refund.Status.SUCCEEDED,
            idempotency_key=f"refund-{order.pk}-{vo.pk}-{RefundLine.objects.filter(refund__vendor_order=vo).count()}-{amount}"
            + ("-shipping" if shipping_amount else ""),  # a shipping-only refund adds no refund line
        )
        RefundLine.objects.bulk_create(
            RefundLine(refund=refund, order_line=line, quantity=units, amount=a) for line, a, _c, _v, _d, units in parts
        )
        _post_refund(refund=refund, order=order, vendor_id=vo.vendor_id, paid=paid)
        if refund.status == Refund.Status.PENDING:
            outbox_publish(topic=REFUND_SEND, key=f"refund:{refund.id}", payload={"refund_id": refund.id})
        audit_record(actor=actor, action="refund.created", obj=refund, reason=refund.reason, data={"amount": amount})
        _reverse_if_overpaid(
            vendor_id=vo.vendor_id, currency=order.currency, upto=refund.vendor_amount, reason=f"refund:{refund.id}"
        )
    return refund


def _post_refund(*, refund: Refund, order: Order, vendor_id: int, paid: bool) -> None:
    currency = refund.currency
    ledger_post(
        kind="refund",
        reference=order.number,
        idempotency_key=f"refund:{refund.pk}",
        postings=[
            debit(
                vendor_payable(vendor_id), Money(refund.vendor_amount, currency), vendor_order_id=refund.vendor_order_id
            ),
            debit(
                COMMISSION_REVENUE, Money(refund.commission_amount, currency), vendor_order_id=refund.vendor_order_id
            ),
            debit(TAX_PAYABLE, Money(refund.commission_vat_amount, currency), vendor_order_id=refund.vendor_order_id),
            # Unpaid invoice: the buyer simply owes less.
            credit(PLATFORM_CASH if paid else BUYER_RECEIVABLE, Money(refund.amount, currency)),
            credit(PLATFORM_DISCOUNTS, Money(refund.platform_discount_amount, currency)),
        ],
        memo=f"Refund {refund.pk}: {refund.reason}"[:500],
    )


def refund_send(*, refund_id: int) -> None:
    """Send a pending card refund to Stripe (outbox handler; our key makes a retry harmless)."""
    refund = Refund.objects.select_related("order", "vendor_order").get(id=refund_id)
    if refund.status != Refund.Status.PENDING:
        return
    try:
        stripe_id = stripe_gateway.refund_create(
            payment_intent_id=refund.order.payment_intent_id,
            amount=Money(refund.amount, refund.currency),
            idempotency_key=refund.idempotency_key,
        )
    except stripe_gateway.PaymentGatewayUnavailable:
        raise  # outcome unknown: the outbox retries with the same key
    except stripe_gateway.PaymentGatewayError as exc:
        _refund_failed(refund=refund, error=exc.message)
        return
    Refund.objects.filter(id=refund.id, status=Refund.Status.PENDING).update(
        status=Refund.Status.SUCCEEDED, stripe_refund_id=stripe_id
    )


@transaction.atomic
def _refund_failed(*, refund: Refund, error: str) -> None:
    """Stripe refused the refund: undo its booking so seller, platform and tax are whole again."""
    if not Refund.objects.filter(id=refund.id, status=Refund.Status.PENDING).update(
        status=Refund.Status.FAILED, error=error[:2000]
    ):
        return
    currency = refund.currency
    vendor_id = refund.vendor_order.vendor_id
    ledger_post(
        kind="refund_failed",
        reference=refund.order.number,
        idempotency_key=f"refund_failed:{refund.pk}",
        postings=[
            credit(
                vendor_payable(vendor_id), Money(refund.vendor_amount, currency), vendor_order_id=refund.vendor_order_id
            ),
            credit(
                COMMISSION_REVENUE, Money(refund.commission_amount, currency), vendor_order_id=refund.vendor_order_id
            ),
            credit(TAX_PAYABLE, Money(refund.commission_vat_amount, currency), vendor_order_id=refund.vendor_order_id),
            debit(PLATFORM_CASH, Money(refund.amount, currency)),
        ],
        memo=f"Stripe refused refund {refund.pk}: {error}"[:500],
    )


@transaction.atomic
def refund_sync_from_stripe(*, order_id: int, amount_refunded: Money, charge_id: str) -> list[Refund]:
    """A charge.refunded event: money refunded on Stripe beyond what we booked (a refund made in
    the dashboard) is booked now, split over the sellers by what is left of their parts."""
    order = Order.objects.select_for_update().get(id=order_id)
    booked = (
        Refund.objects.filter(order=order).exclude(status=Refund.Status.FAILED).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    missing = amount_refunded.amount - booked
    if missing <= 0:
        return []
    vendor_orders = list(order.vendor_orders.order_by("id"))
    refunded = {
        row["vendor_order_id"]: row["total"]
        for row in Refund.objects.filter(order=order)
        .exclude(status=Refund.Status.FAILED)
        .values("vendor_order_id")
        .annotate(total=Sum("amount"))
    }
    left = [vo.total_amount - refunded.get(vo.id, 0) for vo in vendor_orders]  # shipping included
    if sum(left) < missing:
        raise Conflict(
            _("Stripe refunded %(refunded)s but the order has only %(left)s left.")
            % {"refunded": amount_refunded, "left": sum(left)},
            field="amount",
        )
    created = []
    for vo, share in zip(vendor_orders, Money(missing, order.currency).allocate(left)):
        if not share:
            continue
        paid = vo.total_amount  # commission goes back in proportion to what the buyer paid, shipping included
        commission = _share(vo.commission_amount, share.amount, paid)
        vat = min(_share(vo.commission_vat_amount, share.amount, paid), share.amount - commission)
        discount = _share(vo.platform_discount_amount, share.amount, paid)
        refund = Refund.objects.create(
            order=order,
            vendor_order=vo,
            currency=order.currency,
            amount=share.amount,
            vendor_amount=share.amount + discount - commission - vat,
            platform_discount_amount=discount,
            commission_amount=commission,
            commission_vat_amount=vat,
            reason="Refunded on Stripe",
            source=Refund.Source.STRIPE,
            status=Refund.Status.SUCCEEDED,
            idempotency_key=f"stripe-{charge_id}-{amount_refunded.amount}-{vo.id}",
            stripe_refund_id=charge_id,
        )
        _post_refund(refund=refund, order=order, vendor_id=vo.vendor_id, paid=True)
        _reverse_if_overpaid(
            vendor_id=vo.vendor_id, currency=order.currency, upto=refund.vendor_amount, reason=f"refund:{refund.id}"
        )
        created.append(refund)
    return created


def _reverse_if_overpaid(*, vendor_id: int, currency: str, upto: int, reason: str) -> list[TransferReversal]:
    """If the seller has now been paid more than it earned, take the difference (at most
    ``upto``) back from its latest transfers; otherwise the negative balance carries forward."""
    if settings.MARKETPLACE_REFUND_AFTER_PAYOUT != "reverse_transfer" or upto <= 0:
        return []
    pending = (
        TransferReversal.objects.filter(payout__vendor_id=vendor_id, status=TransferReversal.Status.PENDING).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    owed = -account_balance(vendor_payable(vendor_id), currency).amount + pending
    need = min(-owed, upto)
    reversals = []
    payouts = (
        Payout.objects.select_for_update()
        .filter(vendor_id=vendor_id, currency=currency, status=Payout.Status.PAID)
        .order_by("-id")
    )
    for payout in payouts:
        if need <= 0:
            break
        taken = (
            payout.reversals.exclude(status=TransferReversal.Status.FAILED).aggregate(total=Sum("amount"))["total"] or 0
        )
        amount = min(need, payout.amount - taken)
        if amount <= 0:
            continue
        reversal = TransferReversal.objects.create(payout=payout, amount=amount, reason=reason)
        outbox_publish(topic=REVERSAL_SEND, key=f"reversal:{reversal.id}", payload={"reversal_id": reversal.id})
        reversals.append(reversal)
        need -= amount
    return reversals


def transfer_reversal_send(*, reversal_id: int) -> None:
    """Outbox handler: reverse on Stripe (key from the row), then book the money coming back."""
    reversal = TransferReversal.objects.select_related("payout").get(id=reversal_id)
    if reversal.status != TransferReversal.Status.PENDING:
        return
    payout = reversal.payout
    try:
        stripe_id = stripe_gateway.transfer_reversal_create(
            transfer_id=payout.stripe_transfer_id,
            amount=Money(reversal.amount, payout.currency),
            idempotency_key=f"reversal-{reversal.pk}",
        )
    except stripe_gateway.PaymentGatewayUnavailable:
        raise  # outcome unknown: the outbox retries with the same key
    except stripe_gateway.PaymentGatewayError as exc:
        # Refused (e.g. the connected account lacks funds): the negative balance carries forward.
        TransferReversal.objects.filter(id=reversal.id, status=TransferReversal.Status.PENDING).update(
            status=TransferReversal.Status.FAILED, error=exc.message[:2000]
        )
        return
    with transaction.atomic():
        updated = TransferReversal.objects.filter(id=reversal.id, status=TransferReversal.Status.PENDING).update(
            status=TransferReversal.Status.DONE, stripe_reversal_id=stripe_id
        )
        if updated:
            amount = Money(reversal.amount, payout.currency)
            ledger_post(
                kind="transfer_reversed",
                reference=f"payout-{payout.pk}",
                idempotency_key=f"transfer_reversed:{reversal.pk}",
                postings=[debit(PLATFORM_CASH, amount), credit(vendor_payable(payout.vendor_id), amount)],
                memo=f"Reversal of {payout.stripe_transfer_id} ({reversal.reason})",
            )


def handle_refund_send(events) -> None:
    for event in events:
        refund_send(refund_id=event.payload["refund_id"])


def handle_reversal_send(events) -> None:
    for event in events:
        transfer_reversal_send(reversal_id=event.payload["reversal_id"])
