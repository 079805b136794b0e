"""Money reports: seller statements, Stripe reconciliation, platform revenue, DAC7 seller report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, Sum
from django.utils import timezone

from marketplace.db_router import reads_from_replica
from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.money import Money
from payouts import stripe_gateway
from payouts.ledger import CARD_FEE_KINDS, PLATFORM_CASH, vendor_payable
from payouts.models import JournalLine, Payout, Refund, RefundLine, StripeEvent, TransferReversal


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Statements ----------------------------------------------------------------------------------


@dataclass
class StatementLine:
    booked_at: datetime
    kind: str
    reference: str  # the order number (or payout-<id>, vendor-<id> for adjustments)
    vendor_order_id: int | None
    memo: str
    amount: int  # for the seller: positive = owed to it, negative = deducted or paid out
    balance: int
    items_amount: int | None = None
    commission_amount: int | None = None
    commission_vat_amount: int | None = None


@dataclass
class Statement:
    vendor_id: int
    vendor_name: str
    currency: str
    period_from: date
    period_to: date  # inclusive
    opening: int
    closing: int
    lines: list[StatementLine] = field(default_factory=list)


@reads_from_replica()
def vendor_statement(*, vendor, period_from: date, period_to: date, currency: str) -> Statement:
    """Every movement of the seller's payable in the period, each traceable to its order."""
    start, end = _start(period_from), _start(period_to + timedelta(days=1))
    lines = JournalLine.objects.filter(account__code=vendor_payable(vendor.id), currency=currency)
    opening = -(lines.filter(entry__created_at__lt=start).aggregate(total=Sum("amount"))["total"] or 0)
    rows = list(
        lines.filter(entry__created_at__gte=start, entry__created_at__lt=end)
        .select_related("entry", "vendor_order")
        .order_by("entry__created_at", "id")
    )
    statement = Statement(vendor.id, vendor.name, currency, period_from, period_to, opening, opening)
    balance = opening
    for row in rows:
        balance -= row.amount
        vo = row.vendor_order
        placed = row.entry.kind == "order_placed" and vo is not None
        statement.lines.append(
            StatementLine(
                booked_at=row.entry.created_at,
                kind=row.entry.kind,
                reference=row.entry.reference,
                vendor_order_id=row.vendor_order_id,
                memo=row.entry.memo,
                amount=-row.amount,
                balance=balance,
                items_amount=vo.items_amount if placed else None,
                commission_amount=vo.commission_amount if placed else None,
                commission_vat_amount=vo.commission_vat_amount if placed else None,
            )
        )
    statement.closing = balance
    return statement


# --- Reconciliation with Stripe ----------------------------------------------------------------


@dataclass
class ReconciliationRow:
    status: str  # matched, amount_mismatch, fee_mismatch, missing_in_ledger, missing_in_stripe
    kind: str
    stripe_id: str
    source: str
    reference: str
    stripe_amount: int | None
    ledger_amount: int | None
    stripe_fee: int | None = None
    ledger_fee: int | None = None


def _ledger_items(*, start: datetime, end: datetime) -> dict[str, tuple[str, str, int, int | None]]:
    """Stripe object id -> (kind, our reference, amount as Stripe books it, fee we booked)."""
    items: dict[str, tuple[str, str, int, int | None]] = {}
    paid = StripeEvent.objects.filter(
        type="payment_intent.succeeded",
        status=StripeEvent.Status.PROCESSED,
        received_at__gte=start,
        received_at__lt=end,
    )
    charges = {}
    for event in paid:
        obj = event.payload["data"]["object"]
        charge = obj.get("latest_charge") or obj.get("id")
        charges[obj.get("id")] = charge if isinstance(charge, str) else charge.get("id")
    orders = Order.objects.filter(payment_intent_id__in=charges, payment_status=Order.PaymentStatus.PAID)
    fees = {
        row["entry__reference"]: row["total"]
        for row in JournalLine.objects.filter(
            entry__kind__in=CARD_FEE_KINDS, account__code=PLATFORM_CASH, entry__reference__in=[o.number for o in orders]
        )
        .values("entry__reference")
        .annotate(total=Sum("amount"))
    }
    for order in orders:
        items[charges[order.payment_intent_id]] = (
            "charge",
            order.number,
            order.total_amount,
            -(fees.get(order.number) or 0),
        )
    for refund in Refund.objects.filter(
        created_at__gte=start, created_at__lt=end, status=Refund.Status.SUCCEEDED
    ).exclude(stripe_refund_id=""):
        kind, ref, amount, fee = items.get(refund.stripe_refund_id, ("refund", refund.order.number, 0, None))
        items[refund.stripe_refund_id] = (kind, ref, amount - refund.amount, fee)
    for payout in Payout.objects.filter(sent_at__gte=start, sent_at__lt=end, status=Payout.Status.PAID):
        items[payout.stripe_transfer_id] = ("transfer", f"payout-{payout.pk}", -payout.amount, None)
    for reversal in TransferReversal.objects.filter(
        created_at__gte=start, created_at__lt=end, status=TransferReversal.Status.DONE
    ):
        items[reversal.stripe_reversal_id] = (
            "transfer_reversal",
            f"payout-{reversal.payout_id}",
            reversal.amount,
            None,
        )
    return items


@reads_from_replica()
def reconciliation_report(*, period_from: date, period_to: date) -> list[ReconciliationRow]:
    """Compare the ledger's Stripe movements with Stripe's balance transactions; list every
    difference (matched rows included so the report adds up)."""
    start, end = _start(period_from), _start(period_to + timedelta(days=1))
    ours = _ledger_items(start=start, end=end)
    theirs = stripe_gateway.balance_transactions_list(
        created_from=int(start.timestamp()), created_until=int(end.timestamp())
    )
    rows = []
    seen = set()
    for txn in theirs:
        key = txn.source or txn.id
        seen.add(key)
        mine = ours.get(key)
        if mine is None:
            rows.append(
                ReconciliationRow(
                    "missing_in_ledger", txn.type, txn.id, txn.source, "", txn.amount, None, txn.fee, None
                )
            )
            continue
        kind, reference, amount, fee = mine
        status = "matched"
        if amount != txn.amount:
            status = "amount_mismatch"
        elif fee is not None and fee != txn.fee:
            status = "fee_mismatch"
        rows.append(ReconciliationRow(status, kind, txn.id, txn.source, reference, txn.amount, amount, txn.fee, fee))
    for key, (kind, reference, amount, fee) in ours.items():
        if key not in seen:
            rows.append(ReconciliationRow("missing_in_stripe", kind, "", key, reference, None, amount, None, fee))
    return rows


# --- Platform revenue ------------------------------------------------------------------------


@dataclass
class RevenueRow:
    period: str  # YYYY-MM
    category: str
    currency: str
    sales: int = 0
    commission: int = 0
    commission_vat: int = 0
    refunded_sales: int = 0
    refunded_commission: int = 0

    @property
    def net_commission(self) -> int:
        return self.commission - self.refunded_commission


BOOKED_ORDER = Q(vendor_order__order__payment_method=Order.PaymentMethod.INVOICE) | Q(
    vendor_order__order__payment_status=Order.PaymentStatus.PAID
)


@reads_from_replica()
def revenue_by_period_and_category(*, period_from: date, period_to: date) -> list[RevenueRow]:
    """Commission earned per month and category; refunds are counted in the month they happen."""
    start, end = _start(period_from), _start(period_to + timedelta(days=1))
    rows: dict[tuple, RevenueRow] = {}

    def row(moment: datetime, category: str, currency: str) -> RevenueRow:
        key = (timezone.localtime(moment).strftime("%Y-%m"), category, currency)
        return rows.setdefault(key, RevenueRow(*key))

    lines = (
        OrderLine.objects.filter(
            BOOKED_ORDER, vendor_order__order__created_at__gte=start, vendor_order__order__created_at__lt=end
        )
        .values("vendor_order__order__created_at", "offer__product__category__path", "currency")
        .annotate(sales=Sum("line_total_amount"), commission=Sum("commission_amount"), vat=Sum("commission_vat_amount"))
    )
    for line in lines:
        r = row(line["vendor_order__order__created_at"], line["offer__product__category__path"], line["currency"])
        r.sales += line["sales"]
        r.commission += line["commission"]
        r.commission_vat += line["vat"]
    refunds = Refund.objects.filter(created_at__gte=start, created_at__lt=end).exclude(status=Refund.Status.FAILED)
    refund_lines = defaultdict(list)
    for rl in RefundLine.objects.filter(refund__in=refunds).select_related("order_line__offer__product__category"):
        refund_lines[rl.refund_id].append(rl)
    for refund in refunds:
        parts = refund_lines.get(refund.id)
        if not parts:  # refunded on Stripe, not per line
            r = row(refund.created_at, "-", refund.currency)
            r.refunded_sales += refund.amount
            r.refunded_commission += refund.commission_amount
            continue
        shares = Money(refund.commission_amount, refund.currency).allocate([p.amount for p in parts])
        for part, share in zip(parts, shares):
            r = row(refund.created_at, part.order_line.offer.product.category.path, refund.currency)
            r.refunded_sales += part.amount
            r.refunded_commission += share.amount
    return sorted(rows.values(), key=lambda r: (r.period, r.category, r.currency))


# --- DAC7 -----------------------------------------------------------------------------------------


@dataclass
class Dac7Row:
    vendor_id: int
    name: str
    legal_name: str
    country: str
    vat_id: str
    iban: str
    quarter: int
    currency: str
    sales_count: int = 0
    consideration: int = 0  # paid or credited to the seller for its sales, net of refunds
    fees_withheld: int = 0  # commission, VAT on it and processing fees the platform kept


@reads_from_replica()
def dac7_report(*, year: int) -> list[Dac7Row]:
    """Per seller and quarter: number of sales, consideration, fees withheld (DAC7, EU 2021/514)."""
    start, end = _start(date(year, 1, 1)), _start(date(year + 1, 1, 1))
    vendor_orders = (
        VendorOrder.objects.filter(order__created_at__gte=start, order__created_at__lt=end)
        .filter(
            Q(order__payment_method=Order.PaymentMethod.INVOICE) | Q(order__payment_status=Order.PaymentStatus.PAID)
        )
        .select_related("vendor", "order")
    )
    refunded = {
        row["vendor_order_id"]: (row["amount"], row["fees"])
        for row in Refund.objects.exclude(status=Refund.Status.FAILED)
        .filter(vendor_order__in=vendor_orders)
        .values("vendor_order_id")
        .annotate(amount=Sum("amount"), fees=Sum("commission_amount") + Sum("commission_vat_amount"))
    }
    rows: dict[tuple, Dac7Row] = {}
    for vo in vendor_orders:
        quarter = (timezone.localtime(vo.order.created_at).month - 1) // 3 + 1
        v = vo.vendor
        key = (v.id, quarter, vo.currency)
        r = rows.setdefault(
            key,
            Dac7Row(
                v.id,
                v.name,
                v.legal_name,
                v.country,
                getattr(v, "vat_id", "") or "",
                getattr(v, "iban", "") or "",
                quarter,
                vo.currency,
            ),
        )
        refund_amount, refund_fees = refunded.get(vo.id, (0, 0))
        fees = vo.commission_amount + vo.commission_vat_amount + vo.fee_amount - (refund_fees or 0)
        r.sales_count += 1
        r.fees_withheld += fees
        # What the buyer paid the seller: items less the seller's own discount, plus its shipping
        # charge (refunds may include shipping), before the platform's fees.
        seller_discount = vo.discount_amount - vo.platform_discount_amount
        r.consideration += vo.items_amount - seller_discount + vo.shipping_amount - refund_amount
    return sorted(rows.values(), key=lambda r: (r.vendor_id, r.quarter, r.currency))
