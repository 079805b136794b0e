"""Money for guarantee claims (buyers.messaging.claims decides; this module pays).

A claim is refunded through the ordinary refund machinery (payouts.services.refunds.refund_create):
one balanced ledger entry that debits the seller's payable (the seller bears the claim; commission
and its VAT go back in proportion, as for any refund), credits platform cash (or the buyer's
receivable on an unpaid invoice), and a card refund sent to Stripe through the outbox with our
key. Should the seller already have been paid out, the refund machinery reverses the transfer or
carries the negative balance forward (MARKETPLACE_REFUND_AFTER_PAYOUT).

Amounts: what the buyer paid for the part and has not got back. A partial amount is spread over
the lines by what is left of each (largest remainder, so the parts sum to the amount exactly);
an amount beyond the items is only the whole rest, shipping included, because shipping is
refunded whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from marketplace.errors import Conflict, DomainError
from marketplace.models import OrderLine, VendorOrder
from marketplace.money import Money
from payouts.models import Refund
from payouts.services.refunds import RefundLineRequest, _refunded_by_line, _shipping_left, refund_create


@dataclass(frozen=True)
class Refundable:
    lines: dict[int, int]  # order line id -> minor units not yet refunded
    shipping: int

    @property
    def items(self) -> int:
        return sum(self.lines.values())

    @property
    def total(self) -> int:
        return self.items + self.shipping


def claim_refundable(*, vendor_order: VendorOrder) -> Refundable:
    """What can still go back to the buyer for this seller part."""
    lines = list(OrderLine.objects.filter(vendor_order=vendor_order))
    refunded = _refunded_by_line([line.id for line in lines])
    left = {line.id: line.line_total_amount - line.discount_amount - refunded.get(line.id, 0) for line in lines}
    items = sum(left.values())
    return Refundable(lines=left, shipping=_shipping_left(vendor_order, refunding_lines=items))


def claim_refund_check(*, vendor_order: VendorOrder, amount: int) -> Refundable:
    refundable = claim_refundable(vendor_order=vendor_order)
    if refundable.total <= 0:
        raise Conflict(
            _("Everything the buyer paid for this order has been refunded already."),
            field="amount",
            code="nothing_left",
        )
    # Below the items' rest, or the whole rest: refunding every line in full returns the shipping
    # too (the refund machinery's rule), so "all items but not the shipping" is not an amount.
    if not (0 < amount < refundable.items or amount == refundable.total):
        raise DomainError(
            _(
                "Refund less than %(items)s (part of the items) or exactly %(total)s (everything left, shipping included), "
                "in minor units; you asked for %(amount)s."
            )
            % {"items": refundable.items, "total": refundable.total, "amount": amount},
            field="amount",
        )
    return refundable


def claim_refund_issue(
    *, actor, vendor_order_id: int, amount: int, claim_id: int, vendor_id: int | None = None
) -> Refund:
    """Refund ``amount`` of a seller part for claim ``claim_id`` (caller holds the claim's row lock
    and stores the refund on the claim in the same transaction: that is what makes it once)."""
    vendor_order = VendorOrder.objects.get(id=vendor_order_id)
    refundable = claim_refund_check(vendor_order=vendor_order, amount=amount)
    if amount == refundable.total:
        requests = [RefundLineRequest(line_id, left) for line_id, left in refundable.lines.items() if left > 0]
    else:
        ids = [line_id for line_id, left in refundable.lines.items() if left > 0]
        shares = Money(amount, vendor_order.currency).allocate([refundable.lines[i] for i in ids])
        requests = [RefundLineRequest(line_id, share.amount) for line_id, share in zip(ids, shares) if share.amount]
    refund = refund_create(
        actor=actor,
        vendor_order_id=vendor_order_id,
        lines=requests,
        reason=f"Claim C-{claim_id}",
        vendor_id=vendor_id,
        shipping=amount == refundable.total and refundable.shipping > 0,
    )
    if refund.amount != amount:  # a guard: the caller's transaction rolls the refund back
        raise Conflict(
            _("The refund came to %(got)s instead of %(amount)s; nothing was refunded.")
            % {"got": refund.amount, "amount": amount},
            field="amount",
        )
    return refund
