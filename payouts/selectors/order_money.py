"""The money of one seller's order part, as the seller sees it: what the buyer paid for it, what
the seller is owed for it, what was actually transferred, what was taken back, and what is still
held and why.

Everything is read from the ledger and the transfer records, never from the figures stored at
placement: the payable is the sum of the part's lines on the seller's payable account (sale,
card fee share, refunds, chargebacks); a payout transfers a seller's whole available balance, so
a line counts as paid out once a paid transfer was made after the line was booked and after the
part became available (delivered, the hold period over, the buyer's money in). A refund or
chargeback that came after the money had gone out and was taken back from the transfer
(``TransferReversal``) shows as reversed instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from payouts.ledger import vendor_payable
from payouts.models import DisputeShare, JournalLine, Payout, PayoutHold, TransferReversal
from payouts.selectors.balances import vendor_available_balances

# Hold reasons (codes; the page words them).
NOT_DELIVERED = "not_delivered"
CANCELLED = "cancelled"
BUYER_NOT_PAID = "buyer_not_paid"
HOLD_PERIOD = "hold_period"
DISPUTE = "dispute"
PAYOUT_HOLD = "payout_hold"
PAYOUTS_DISABLED = "payouts_disabled"
BELOW_MINIMUM = "below_minimum"
NEXT_RUN = "next_run"
REVERSAL_PENDING = "reversal_pending"
OWED_BACK = "owed_back"


@dataclass
class HoldReason:
    code: str
    until: datetime | None = None  # hold period: the day the money becomes available
    amount: Money | None = None  # dispute: the frozen share; minimum: the minimum payout; owed: balance
    text: str = ""  # payout hold: the operator's reason


@dataclass
class OrderPartMoney:
    currency: str
    buyer_paid: Money  # items - coupon discount + shipping: what the buyer paid for this part
    items: Money
    discount: Money
    shipping: Money
    platform_discount: Money  # the part of the coupon the platform funds (not deducted from the payable)
    commission: Money  # commission and the VAT on it, as booked at placement
    fees: Money  # card fee share and chargeback fees booked to this part
    refunded: Money  # refunds and chargebacks booked to this part (the seller's share)
    expected: Money  # the payable now: the sum of the part's ledger lines
    paid_out: Money  # transferred to the seller for this part
    reversed: Money  # taken back from transfers (refund or chargeback after payout)
    reversal_pending: Money
    held: Money  # expected - (paid out - reversed): still to be transferred (negative: owed back)
    available_on: datetime | None
    reasons: list[HoldReason] = field(default_factory=list)

    @property
    def transferred(self) -> Money:
        return self.paid_out - self.reversed


REFUND_KINDS = ("refund", "refund_failed", "dispute_opened", "dispute_won", "dispute_lost")
FEE_KINDS = ("processing_fee", "processing_fee_adjusted", "dispute_fee", "dispute_fee_returned")


def _reversal_reason(key: str) -> str | None:
    """The TransferReversal reason an entry's money would be taken back under."""
    kind, _sep, ident = key.partition(":")
    if kind == "refund":
        return f"refund:{ident}"
    if kind in ("dispute_fee", "dispute_closed", "dispute_opened"):
        return f"dispute:{ident}"
    return None


def available_from(vendor_order: VendorOrder) -> datetime | None:
    """When the part's money may be paid out: delivered, the hold period over and the buyer's
    money in (None while any of that is missing)."""
    order = vendor_order.order
    if vendor_order.status != VendorOrder.Status.DELIVERED or vendor_order.delivered_at is None:
        return None
    end_of_hold = vendor_order.delivered_at + timedelta(days=settings.MARKETPLACE_PAYOUT_HOLD_DAYS)
    if order.payment_status != Order.PaymentStatus.PAID:
        return None
    return max(end_of_hold, order.paid_at or end_of_hold)


def vendor_order_money(*, vendor_order: VendorOrder, now: datetime | None = None) -> OrderPartMoney:
    """The part's money now. The caller has looked the part up inside the acting vendor."""
    now = now or timezone.now()
    vo = vendor_order
    currency = vo.currency
    vendor_id = vo.vendor_id
    lines = list(
        JournalLine.objects.filter(account__code=vendor_payable(vendor_id), vendor_order=vo, currency=currency)
        .select_related("entry")
        .order_by("entry__created_at", "id")
    )
    reasons_of = {line.id: _reversal_reason(line.entry.idempotency_key) for line in lines}
    reversals = list(
        TransferReversal.objects.filter(
            payout__vendor_id=vendor_id, reason__in={r for r in reasons_of.values() if r}
        ).exclude(status=TransferReversal.Status.FAILED)
    )
    settled_by_reversal = {r.reason for r in reversals}
    reversed_done = sum(r.amount for r in reversals if r.status == TransferReversal.Status.DONE)
    reversal_pending = sum(r.amount for r in reversals if r.status == TransferReversal.Status.PENDING)

    ready = available_from(vo)
    paid_times = list(
        Payout.objects.filter(vendor_id=vendor_id, currency=currency, status=Payout.Status.PAID)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    expected = paid_out = fees = refunded = 0
    for line in lines:
        owed = -line.amount
        expected += owed
        kind = line.entry.kind
        if kind in FEE_KINDS:
            fees -= owed
        elif kind in REFUND_KINDS:
            refunded -= owed
        if reasons_of[line.id] in settled_by_reversal:
            continue  # came after the transfer and was taken back from it: counted as reversed
        if ready is not None and any(t >= max(line.entry.created_at, ready) for t in paid_times):
            paid_out += owed
    held = expected - (paid_out - reversed_done)
    part = OrderPartMoney(
        currency=currency,
        buyer_paid=Money(vo.total_amount, currency),
        items=Money(vo.items_amount, currency),
        discount=Money(vo.discount_amount, currency),
        shipping=Money(vo.shipping_amount, currency),
        platform_discount=Money(vo.platform_discount_amount, currency),
        commission=Money(vo.commission_amount + vo.commission_vat_amount, currency),
        fees=Money(fees, currency),
        refunded=Money(refunded, currency),
        expected=Money(expected, currency),
        paid_out=Money(paid_out, currency),
        reversed=Money(reversed_done, currency),
        reversal_pending=Money(reversal_pending, currency),
        held=Money(held, currency),
        available_on=ready or _hold_end(vo),
    )
    if held or reversal_pending:
        part.reasons = _hold_reasons(vo, part, ready=ready, now=now)
    return part


def _hold_end(vo: VendorOrder) -> datetime | None:
    if vo.delivered_at is None:
        return None
    return vo.delivered_at + timedelta(days=settings.MARKETPLACE_PAYOUT_HOLD_DAYS)


def _hold_reasons(vo: VendorOrder, part: OrderPartMoney, *, ready, now) -> list[HoldReason]:
    currency = part.currency
    found: list[HoldReason] = []
    if part.reversal_pending:
        found.append(HoldReason(REVERSAL_PENDING, amount=part.reversal_pending))
    if part.held.amount < 0:
        found.append(HoldReason(OWED_BACK, amount=-part.held))
        return found
    if not part.held:
        return found
    if vo.status == VendorOrder.Status.CANCELLED:
        found.append(HoldReason(CANCELLED))
        return found
    if vo.status != VendorOrder.Status.DELIVERED:
        found.append(HoldReason(NOT_DELIVERED))
    if vo.order.payment_status != Order.PaymentStatus.PAID:
        found.append(HoldReason(BUYER_NOT_PAID))
    end = _hold_end(vo)
    if end is not None and end > now:
        found.append(HoldReason(HOLD_PERIOD, until=end))
    frozen = (
        DisputeShare.objects.filter(vendor_order=vo, dispute__status="open").aggregate(total=Sum("amount"))["total"]
        or 0
    )
    if frozen:
        found.append(HoldReason(DISPUTE, amount=Money(frozen, currency)))
    hold = PayoutHold.objects.filter(vendor_id=vo.vendor_id).first()
    if hold is not None:
        found.append(HoldReason(PAYOUT_HOLD, text=hold.reason))
    if not vo.vendor.payouts_enabled:
        found.append(HoldReason(PAYOUTS_DISABLED))
    if ready is not None and ready <= now and not found:
        balance = vendor_available_balances(currency=currency, vendor_ids=[vo.vendor_id]).get(vo.vendor_id, 0)
        minimum = settings.MARKETPLACE_PAYOUT_MINIMUM
        if balance < minimum:
            found.append(HoldReason(BELOW_MINIMUM, amount=Money(minimum, currency)))
        else:
            found.append(HoldReason(NEXT_RUN))
    return found
