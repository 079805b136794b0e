"""Random sequences of orders, payments, refunds, disputes and payout runs (hypothesis), on the
real database and stripe-mock, checking the money invariants after every step:

- every journal entry balances per currency;
- what was transferred to each vendor (transfers minus reversals done, as rows) is what the ledger
  booked as paid out (payouts - failed payouts - reversals on its payable account);
- no vendor has been paid more than was payable to it (transfers minus reversals <= its earnings
  net of refunds, chargebacks and fees it bears, or nothing when a vendor-borne chargeback fee left
  it owing the platform);
- vendor earnings + commission + VAT - fees the platform absorbed + fees paid to Stripe (card and
  chargeback fees) = money received - money refunded - chargebacks lost + what invoice buyers still owe.

The model keeps its own account of money received and refunded; the ledger is compared with it.
The database is not reset between examples, so the money identity is checked on the change
since the example started, and each example settles what it leaves open (invoices paid, disputes
closed, everything delivered and paid out): earnings still booked but not yet payable would
otherwise cover a later example's refund after payout, and a missing transfer reversal would go
unseen (the payable stays positive).
"""

import itertools
import json
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from rest_framework.test import APIClient

from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError
from marketplace.models import Order, VendorOrder
from marketplace.outbox import outbox_deliver
from payouts.ledger import (
    BUYER_RECEIVABLE,
    CARD_FEE_KINDS,
    COMMISSION_REVENUE,
    DISPUTE_FEES,
    PLATFORM_CASH,
    PROCESSING_FEES,
    TAX_PAYABLE,
    account_balance,
)
from payouts.models import JournalLine, Payout, PayoutRun, TransferReversal
from payouts.services.payout_runs import payout_run_start
from payouts.services.receipts import bank_receipt_record, invoice_amount_due
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.examples import examples
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.test_stripe_gateway import sign

pytestmark = pytest.mark.django_db

NOT_EARNINGS = ("payout", "payout_failed", "transfer_reversed")
# Fees paid to Stripe (card and chargeback fees, and their corrections): cash that left.
FEE_KINDS = (*CARD_FEE_KINDS, "dispute_fee", "dispute_fee_returned")
ADDRESS = {"name": "Test", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
_ids = itertools.count(1)


def signed_event(settings, event_type: str, obj: dict):
    payload = json.dumps(
        {
            "id": f"evt_sm_{next(_ids)}_{time.time_ns()}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    ).encode()
    return APIClient().post(
        "/api/payouts/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, settings.STRIPE_WEBHOOK_SECRET),
    )


class MoneyMachine(RuleBasedStateMachine):
    world: dict = {}

    def __init__(self):
        super().__init__()
        self.settings = self.world["settings"]
        self.offers = self.world["offers"]
        self.vendor_ids = [offer.vendor_id for offer in self.offers]
        self.buyer = UserFactory()
        self.orders: list[int] = []
        self.received = self.refunded = self.disputes_lost = 0
        self.receivable = 0
        self.disputes: dict[str, tuple[int, int]] = {}  # open dispute id -> (order id, amount)
        self.base = self._ledger_sides()

    # --- helpers -------------------------------------------------------------------------
    def _earnings(self, vendor_id: int) -> int:
        """What is payable to the vendor: its payable account without the transfers, i.e. sales
        less refunds, chargebacks and the fees it bears."""
        lines = JournalLine.objects.filter(account__code=f"vendor_payable:{vendor_id}").exclude(
            entry__kind__in=NOT_EARNINGS
        )
        return -(lines.aggregate(total=Sum("amount"))["total"] or 0)

    def _booked_transfers(self, vendor_id: int) -> int:
        """Paid out to the vendor as the ledger has it: payouts less failed ones and reversals."""
        lines = JournalLine.objects.filter(account__code=f"vendor_payable:{vendor_id}", entry__kind__in=NOT_EARNINGS)
        return lines.aggregate(total=Sum("amount"))["total"] or 0

    def _ledger_sides(self) -> int:
        """vendor earnings + commission + VAT - absorbed fees + fees paid to Stripe."""
        fees_paid = -(
            JournalLine.objects.filter(entry__kind__in=FEE_KINDS, account__code=PLATFORM_CASH).aggregate(
                t=Sum("amount")
            )["t"]
            or 0
        )
        return (
            sum(self._earnings(v) for v in self.vendor_ids)
            - account_balance(COMMISSION_REVENUE, "EUR").amount
            - account_balance(TAX_PAYABLE, "EUR").amount
            - account_balance(PROCESSING_FEES, "EUR").amount
            - account_balance(DISPUTE_FEES, "EUR").amount
            + fees_paid
        )

    def _order(self, index: int) -> Order:
        return Order.objects.get(id=self.orders[index % len(self.orders)])

    # --- rules ---------------------------------------------------------------------------
    @initialize(
        card=st.booleans(),
        fee_policy=st.sampled_from(["platform", "vendors"]),
        dispute_fee_policy=st.sampled_from(["platform", "vendors"]),
        fee_returned=st.booleans(),
    )
    def paid_out_order(self, card, fee_policy, dispute_fee_policy, fee_returned):
        """Start from a delivered, paid and paid-out order, so refunds and chargebacks after a
        payout (the interesting case) are common. Who bears card and chargeback fees varies."""
        self.settings.MARKETPLACE_FEE_POLICY = fee_policy
        self.settings.MARKETPLACE_DISPUTE_FEE_POLICY = dispute_fee_policy
        self.settings.MARKETPLACE_DISPUTE_FEE_RETURNED_IF_WON = fee_returned
        self.place_order([1, 1, 1], card)
        self.pay(len(self.orders) - 1, False)
        self.deliver_everything_and_pay_out()

    @rule(quantities=st.lists(st.integers(0, 3), min_size=3, max_size=3).filter(any), card=st.booleans())
    def place_order(self, quantities, card):
        for offer, quantity in zip(self.offers, quantities):
            if quantity:
                cart_item_add(buyer=self.buyer, offer_id=offer.id, quantity=quantity)
        with self.world["capture"](execute=True):
            order = checkout_place(
                buyer=self.buyer,
                idempotency_key=f"sm-{next(_ids)}",
                payment_method="card" if card else "invoice",
                shipping_address=ADDRESS,
            )
        self.orders.append(order.id)
        if not card:
            self.receivable += order.total_amount

    @precondition(lambda self: self.orders)
    @rule(index=st.integers(0, 50), twice=st.booleans())
    def pay(self, index, twice):
        order = self._order(index)
        if order.payment_status == Order.PaymentStatus.PAID:
            return
        if order.payment_method == Order.PaymentMethod.CARD:
            obj = {
                "id": order.payment_intent_id,
                "object": "payment_intent",
                "amount": order.total_amount,
                "amount_received": order.total_amount,
                "currency": "eur",
                "metadata": {"order_number": order.number},
            }
            for _ in range(2 if twice else 1):  # Stripe may deliver twice
                assert signed_event(self.settings, "payment_intent.succeeded", obj).status_code == 200
            self.received += order.total_amount
        else:
            due = invoice_amount_due(order=order, on=date.today())
            if not due:
                return
            bank_receipt_record(
                actor=None,
                reference=order.number,
                amount=due,
                received_on=date.today(),
                bank_reference=f"tx-{next(_ids)}",
            )
            self.received += due.amount
            self.receivable -= due.amount

    @precondition(lambda self: self.orders)
    @rule(index=st.integers(0, 50))
    def deliver(self, index):
        VendorOrder.objects.filter(order_id=self._order(index).id).update(
            status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=30)
        )

    @precondition(lambda self: self.orders)
    @rule(index=st.integers(0, 50), part=st.integers(0, 5), share=st.sampled_from([None, 1, 3, 100]))
    def refund(self, index, part, share):
        order = self._order(index)
        vendor_orders = list(order.vendor_orders.order_by("id"))
        vo = vendor_orders[part % len(vendor_orders)]
        line = vo.lines.order_by("id").first()
        amount = None if share is None else max(1, line.line_total_amount * share // 100)
        paid = order.payment_status == Order.PaymentStatus.PAID
        try:
            refund = refund_create(
                actor=None, vendor_order_id=vo.id, lines=[RefundLineRequest(line.id, amount)], reason="test"
            )
        except DomainError:
            return  # nothing left to refund, or an unpaid card order: refused, nothing changed
        if paid:
            self.refunded += refund.amount
        else:
            self.receivable -= refund.amount

    @precondition(lambda self: self.orders)
    @rule(index=st.integers(0, 50), percent=st.integers(1, 100))
    def open_dispute(self, index, percent):
        order = self._order(index)
        if order.payment_method != Order.PaymentMethod.CARD or order.payment_status != Order.PaymentStatus.PAID:
            return
        dispute_id = f"dp_{next(_ids)}"
        amount = max(1, order.total_amount * percent // 100)
        signed_event(
            self.settings,
            "charge.dispute.created",
            {"id": dispute_id, "object": "dispute", "amount": amount, "payment_intent": order.payment_intent_id},
        )
        self.disputes[dispute_id] = (order.id, amount)

    @precondition(lambda self: self.disputes)
    @rule(won=st.booleans())
    def close_dispute(self, won):
        dispute_id, (order_id, amount) = self.disputes.popitem()
        order = Order.objects.get(id=order_id)
        signed_event(
            self.settings,
            "charge.dispute.closed",
            {
                "id": dispute_id,
                "object": "dispute",
                "amount": amount,
                "payment_intent": order.payment_intent_id,
                "status": "won" if won else "lost",
            },
        )
        if not won:
            self.disputes_lost += amount

    @rule()
    def payout_run(self):
        payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)

    @precondition(lambda self: self.orders)
    @rule()
    def deliver_everything_and_pay_out(self):
        # Makes "paid out, then refunded or charged back" histories common.
        VendorOrder.objects.filter(order_id__in=self.orders).update(
            status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=30)
        )
        payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)

    def teardown(self):
        """Settle this example: later examples start from vendors owed nothing unpaid."""
        while self.disputes:
            self.close_dispute(won=True)
        for index in range(len(self.orders)):
            self.pay(index, False)
        self.deliver_everything_and_pay_out()
        outbox_deliver()

    # --- invariants ----------------------------------------------------------------------
    @invariant()
    def deliver_outbox(self):
        outbox_deliver()  # refunds and transfer reversals go to stripe-mock after "commit"

    @invariant()
    def every_entry_balances(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT entry_id FROM payouts_journalline GROUP BY entry_id, currency HAVING SUM(amount) <> 0 LIMIT 1"
            )
            assert cursor.fetchone() is None

    @invariant()
    def no_vendor_paid_more_than_it_earned(self):
        for vendor_id in self.vendor_ids:
            paid = (
                Payout.objects.filter(vendor_id=vendor_id)
                .exclude(status=Payout.Status.FAILED)
                .aggregate(t=Sum("amount"))["t"]
                or 0
            )
            back = (
                TransferReversal.objects.filter(payout__vendor_id=vendor_id, status="done").aggregate(t=Sum("amount"))[
                    "t"
                ]
                or 0
            )
            assert paid - back == self._booked_transfers(vendor_id), vendor_id
            # A chargeback fee borne by the vendor can push its earnings below zero after its
            # transfers were reversed in full: then it owes the platform and must be paid nothing.
            assert paid - back <= max(self._earnings(vendor_id), 0), vendor_id

    @invariant()
    def money_adds_up(self):
        assert self._ledger_sides() - self.base == self.received - self.refunded - self.disputes_lost + self.receivable
        assert account_balance(BUYER_RECEIVABLE, "EUR").amount >= self.receivable


def test_money_invariants_hold_for_random_histories(settings, category, django_capture_on_commit_callbacks):
    settings.MARKETPLACE_PAYOUT_MINIMUM = 1
    offers = []
    for name, price in (("Alpha", 1999), ("Beta", 3333), ("Gamma", 505)):
        vendor, owner = make_vendor(name=name)
        offers.append(make_offer(vendor=vendor, owner=owner, category=category, price=price, stock=100_000))
    MoneyMachine.world = {"settings": settings, "offers": offers, "capture": django_capture_on_commit_callbacks}
    run_state_machine_as_test(
        MoneyMachine,
        settings=hsettings(
            max_examples=examples(5, 100),
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        ),
    )
