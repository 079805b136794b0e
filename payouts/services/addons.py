"""Ledger postings of the checkout add-ons (buyers.addons).

The CO2 contribution is part of what the buyer owes for the order but belongs to no seller: the
order's entry credits it to ``co2_compensation``, a liability the platform settles with the
compensation project. A refund of it is its own balanced entry.
"""

from __future__ import annotations

from marketplace.models import Order
from marketplace.money import Money
from payouts.ledger import BUYER_RECEIVABLE, CO2_COMPENSATION, PLATFORM_CASH, Posting, credit, debit, ledger_post


def addon_postings(*, order: Order) -> list[Posting]:
    if not order.co2_amount:
        return []
    return [credit(CO2_COMPENSATION, Money(order.co2_amount, order.currency))]


def ledger_record_co2_refund(*, order: Order, amount: Money, paid: bool):
    """Give the contribution back: the compensation account pays it to the buyer (from cash once
    paid, else it is no longer owed)."""
    return ledger_post(
        kind="co2_refund",
        reference=order.number,
        idempotency_key=f"co2_refund:{order.pk}",
        postings=[debit(CO2_COMPENSATION, amount), credit(PLATFORM_CASH if paid else BUYER_RECEIVABLE, amount)],
        memo=f"CO2 contribution of order {order.number} refunded",
    )
