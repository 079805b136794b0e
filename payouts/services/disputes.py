"""Chargebacks: Stripe holds the disputed money; the sellers' shares are frozen until it closes."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.models import Order
from marketplace.money import Money
from payouts.ledger import DISPUTE_HOLD, PLATFORM_CASH, credit, debit, ledger_post, vendor_payable
from payouts.models import Dispute, DisputeShare
from payouts.services.refunds import _reverse_if_overpaid


@transaction.atomic
def dispute_open(*, order_id: int, stripe_dispute_id: str, amount: Money, reason: str = "") -> Dispute:
    """Book the money Stripe withdrew and freeze each seller's share (idempotent by dispute id)."""
    existing = Dispute.objects.filter(stripe_dispute_id=stripe_dispute_id).first()
    if existing:
        return existing
    order = Order.objects.select_for_update().get(id=order_id)
    amount = min(amount, order.total)
    dispute = Dispute.objects.create(
        stripe_dispute_id=stripe_dispute_id, order=order, currency=order.currency, amount=amount.amount, reason=reason[:100]
    )
    vendor_orders = list(order.vendor_orders.order_by("id"))
    shares = amount.allocate([vo.items_amount for vo in vendor_orders])
    DisputeShare.objects.bulk_create(
        DisputeShare(dispute=dispute, vendor_order=vo, vendor_id=vo.vendor_id, amount=share.amount)
        for vo, share in zip(vendor_orders, shares)
        if share
    )
    ledger_post(
        kind="dispute_opened",
        reference=order.number,
        idempotency_key=f"dispute_opened:{dispute.pk}",
        postings=[debit(DISPUTE_HOLD, amount), credit(PLATFORM_CASH, amount)],
        memo=f"Chargeback {stripe_dispute_id} ({reason})",
    )
    return dispute


@transaction.atomic
def dispute_close(*, stripe_dispute_id: str, won: bool) -> Dispute:
    """Won: the money returns. Lost: each seller bears its share (its payable is reduced, and
    if it was already paid out, the transfer is reversed or the balance carries forward)."""
    dispute = Dispute.objects.select_for_update().select_related("order").get(stripe_dispute_id=stripe_dispute_id)
    if dispute.status != Dispute.Status.OPEN:
        return dispute
    amount = Money(dispute.amount, dispute.currency)
    shares = list(dispute.shares.all())
    if won:
        postings = [debit(PLATFORM_CASH, amount), credit(DISPUTE_HOLD, amount)]
    else:
        postings = [
            debit(vendor_payable(s.vendor_id), Money(s.amount, dispute.currency), vendor_order_id=s.vendor_order_id) for s in shares
        ] + [credit(DISPUTE_HOLD, amount)]
    ledger_post(
        kind="dispute_won" if won else "dispute_lost",
        reference=dispute.order.number,
        idempotency_key=f"dispute_closed:{dispute.pk}",
        postings=postings,
        memo=f"Chargeback {stripe_dispute_id} {'won' if won else 'lost'}",
    )
    dispute.status = Dispute.Status.WON if won else Dispute.Status.LOST
    dispute.closed_at = timezone.now()
    dispute.save(update_fields=["status", "closed_at"])
    if not won:
        for share in shares:
            _reverse_if_overpaid(vendor_id=share.vendor_id, currency=dispute.currency, upto=share.amount, reason=f"dispute:{dispute.pk}")
    return dispute
