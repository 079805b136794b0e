"""Chargebacks: Stripe holds the disputed money; the sellers' shares are frozen until it closes.

Stripe also charges a dispute fee when the dispute is opened (EUR 20.00 in the EEA). It is booked
then as its own entry, borne by the platform or the sellers (``MARKETPLACE_DISPUTE_FEE_POLICY``);
Stripe keeps it in most cases even when the dispute is won, so giving it back on a won dispute is
a setting (``MARKETPLACE_DISPUTE_FEE_RETURNED_IF_WON``), off by default.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from payouts.ledger import (
    DISPUTE_FEES,
    DISPUTE_HOLD,
    PLATFORM_CASH,
    Posting,
    credit,
    debit,
    ledger_post,
    vendor_payable,
)
from payouts.models import Dispute, DisputeShare, JournalEntry
from payouts.services.fees import fee_policy, fee_postings
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
        stripe_dispute_id=stripe_dispute_id,
        order=order,
        currency=order.currency,
        amount=amount.amount,
        reason=reason[:100],
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
    _book_dispute_fee(dispute=dispute, order=order, vendor_orders=vendor_orders, shares=shares)
    return dispute


def _book_dispute_fee(*, dispute: Dispute, order: Order, vendor_orders: list[VendorOrder], shares: list[Money]) -> None:
    fee = Money(settings.MARKETPLACE_DISPUTE_FEE, dispute.currency)
    if not fee:
        return
    policy = fee_policy("MARKETPLACE_DISPUTE_FEE_POLICY")
    # Sellers bear it in the proportion they bear the disputed amount.
    weights = [share.amount for share in shares] if any(shares) else [vo.items_amount for vo in vendor_orders]
    postings = fee_postings(fee=fee, vendor_orders=vendor_orders, weights=weights, policy=policy, expense=DISPUTE_FEES)
    ledger_post(
        kind="dispute_fee",
        reference=order.number,
        idempotency_key=f"dispute_fee:{dispute.pk}",
        postings=[*postings, credit(PLATFORM_CASH, fee)],
        memo=f"Stripe fee for chargeback {dispute.stripe_dispute_id} ({policy})",
    )
    if policy == "vendors":
        for posting, vo in zip(postings, vendor_orders):
            _reverse_if_overpaid(
                vendor_id=vo.vendor_id,
                currency=dispute.currency,
                upto=posting.amount.amount,
                reason=f"dispute:{dispute.pk}",
            )


def _return_dispute_fee(*, dispute: Dispute) -> None:
    """Stripe gave the fee back (won, where it does): the fee entry's lines, each reversed."""
    entry = (
        JournalEntry.objects.filter(idempotency_key=f"dispute_fee:{dispute.pk}")
        .prefetch_related("lines__account")
        .first()
    )
    if entry is None:
        return
    ledger_post(
        kind="dispute_fee_returned",
        reference=entry.reference,
        idempotency_key=f"dispute_fee_returned:{dispute.pk}",
        postings=[
            Posting(line.account.code, Money(-line.amount, line.currency), line.vendor_order_id)
            for line in entry.lines.all()
        ],
        memo=f"Stripe returned the fee for chargeback {dispute.stripe_dispute_id}",
    )


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
            debit(vendor_payable(s.vendor_id), Money(s.amount, dispute.currency), vendor_order_id=s.vendor_order_id)
            for s in shares
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
    if won and settings.MARKETPLACE_DISPUTE_FEE_RETURNED_IF_WON:
        _return_dispute_fee(dispute=dispute)
    if not won:
        for share in shares:
            _reverse_if_overpaid(
                vendor_id=share.vendor_id, currency=dispute.currency, upto=share.amount, reason=f"dispute:{dispute.pk}"
            )
    return dispute
