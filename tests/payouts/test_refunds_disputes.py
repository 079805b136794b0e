"""Refunds per line before and after payout, and chargebacks that freeze money until they close."""

import pytest

from marketplace.models import OrderLine
from payouts.ledger import COMMISSION_REVENUE, DISPUTE_HOLD, PLATFORM_CASH, TAX_PAYABLE, account_balance, vendor_payable
from payouts.models import JournalEntry, PayoutRun, Refund, TransferReversal
from payouts.selectors.balances import vendor_available_balances
from payouts.services.payout_runs import payout_run_start
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.conftest import client_for, row_counts
from tests.payouts.conftest import deliver, drain, pay, place, webhook

pytestmark = pytest.mark.django_db


def owed(vendor):
    return -account_balance(vendor_payable(vendor.id), "EUR").amount


def card_order(shop, capture, settings, items):
    order = place(shop["buyer"], items, method="card", capture=capture)
    pay(settings, order)
    order.refresh_from_db()
    return order


def test_partial_refunds_of_a_line_return_exactly_its_commission(
    shop, settings, operator, django_capture_on_commit_callbacks
):
    order = card_order(shop, django_capture_on_commit_callbacks, settings, [(shop["alpha_offer"], 3)])
    vo = order.vendor_orders.get()
    line = OrderLine.objects.get(vendor_order=vo)
    payable_before = owed(shop["alpha"])
    first = refund_create(
        actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(line.id, 3999)], reason="Ein Helm defekt"
    )
    second = refund_create(
        actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(line.id)], reason="Rest zurück"
    )
    assert first.amount + second.amount == line.line_total_amount
    assert first.commission_amount + second.commission_amount == line.commission_amount
    assert first.commission_vat_amount + second.commission_vat_amount == line.commission_vat_amount
    assert owed(shop["alpha"]) == payable_before - vo.payable_amount == 0
    assert first.status == Refund.Status.PENDING
    drain()  # the outbox sends both refunds to stripe-mock with our keys
    assert set(Refund.objects.values_list("status", flat=True)) == {"succeeded"}
    assert Refund.objects.exclude(stripe_refund_id="").count() == 2
    # Nothing is left to refund.
    before = row_counts()
    with pytest.raises(Exception) as error:
        refund_create(actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(line.id, 1)], reason="x")
    assert getattr(error.value, "field", None) == "lines"
    assert row_counts() == before


def test_refund_after_payout_reverses_the_transfer(shop, settings, operator, django_capture_on_commit_callbacks):
    order = card_order(shop, django_capture_on_commit_callbacks, settings, [(shop["alpha_offer"], 1)])
    deliver(order)
    payout = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR).payouts.get()
    vo = order.vendor_orders.get()
    refund = refund_create(
        actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(vo.lines.get().id)], reason="Widerruf"
    )
    reversal = TransferReversal.objects.get()
    assert (reversal.payout_id, reversal.amount) == (payout.id, refund.vendor_amount)
    drain()
    reversal.refresh_from_db()
    assert reversal.status == TransferReversal.Status.DONE and reversal.stripe_reversal_id
    assert owed(shop["alpha"]) == 0  # paid, refunded, taken back: square
    assert JournalEntry.objects.filter(kind="transfer_reversed").count() == 1


def test_refund_after_payout_can_carry_a_negative_balance_instead(
    shop, settings, operator, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_REFUND_AFTER_PAYOUT = "carry_forward"
    order = card_order(shop, django_capture_on_commit_callbacks, settings, [(shop["alpha_offer"], 1)])
    deliver(order)
    payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    vo = order.vendor_orders.get()
    refund = refund_create(
        actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(vo.lines.get().id)], reason="Widerruf"
    )
    assert not TransferReversal.objects.exists()
    assert vendor_available_balances(currency="EUR")[shop["alpha"].id] == -refund.vendor_amount
    next_order = place(shop["buyer"], [(shop["alpha_offer"], 2)])
    deliver(next_order)
    run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    assert run.payouts.get().amount == next_order.vendor_orders.get().payable_amount - refund.vendor_amount


def test_unpaid_invoice_refund_reduces_what_the_buyer_owes(shop, operator):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    vo = order.vendor_orders.get()
    refund = refund_create(
        actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(vo.lines.get().id)], reason="Storno"
    )
    assert refund.status == Refund.Status.SUCCEEDED
    assert account_balance(PLATFORM_CASH, "EUR").amount == 0
    assert owed(shop["alpha"]) == 0 and account_balance(COMMISSION_REVENUE, "EUR").amount == 0
    assert account_balance(TAX_PAYABLE, "EUR").amount == 0


def test_dispute_freezes_the_sellers_share_until_it_closes(shop, settings, django_capture_on_commit_callbacks):
    order = card_order(
        shop, django_capture_on_commit_callbacks, settings, [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]
    )
    deliver(order)
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "amount": 9994,
        "payment_intent": order.payment_intent_id,
        "reason": "fraudulent",
        "status": "needs_response",
    }
    assert webhook(settings, "charge.dispute.created", dispute).data["status"] == "processed"
    assert (
        webhook(settings, "charge.dispute.created", dispute, event_id="evt_dup").status_code == 200
    )  # retried delivery
    assert account_balance(DISPUTE_HOLD, "EUR").amount == 9994
    assert payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE).payouts.count() == 0  # all frozen
    webhook(settings, "charge.dispute.closed", {**dispute, "status": "won"})
    assert account_balance(DISPUTE_HOLD, "EUR").amount == 0
    assert payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE).payouts.count() == 2


def test_lost_dispute_is_borne_by_the_sellers(shop, settings, django_capture_on_commit_callbacks):
    order = card_order(
        shop, django_capture_on_commit_callbacks, settings, [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]
    )
    before = {v: owed(shop[v]) for v in ("alpha", "beta")}
    # The close overtakes the open: it is still applied once.
    dispute = {
        "id": "dp_2",
        "object": "dispute",
        "amount": 2000,
        "payment_intent": order.payment_intent_id,
        "status": "lost",
    }
    webhook(settings, "charge.dispute.closed", dispute)
    webhook(settings, "charge.dispute.created", {**dispute, "status": "needs_response"})
    assert account_balance(DISPUTE_HOLD, "EUR").amount == 0
    shares = {v: before[v] - owed(shop[v]) for v in before}
    assert sum(shares.values()) == 2000 and shares == {"alpha": 800, "beta": 1200}  # 3999 : 5995


def test_refund_endpoints_are_scoped_to_the_seller(shop, settings, operator, django_capture_on_commit_callbacks):
    order = card_order(
        shop, django_capture_on_commit_callbacks, settings, [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]
    )
    beta_vo = order.vendor_orders.get(vendor=shop["beta"])
    alpha_vo = order.vendor_orders.get(vendor=shop["alpha"])
    body = {"vendor_order": beta_vo.id, "lines": [{"order_line": beta_vo.lines.get().id}], "reason": "x"}
    alpha_api = client_for(shop["alpha_owner"])
    before = row_counts()
    assert alpha_api.post("/api/payouts/seller/refunds/", body, format="json").status_code == 404
    # A line of another seller inside one's own order part is not found either.
    body = {"vendor_order": alpha_vo.id, "lines": [{"order_line": beta_vo.lines.get().id}], "reason": "x"}
    assert alpha_api.post("/api/payouts/seller/refunds/", body, format="json").status_code == 404
    assert row_counts() == before
    body = {
        "vendor_order": alpha_vo.id,
        "lines": [{"order_line": alpha_vo.lines.get().id, "amount": 500}],
        "reason": "Kratzer",
    }
    response = alpha_api.post("/api/payouts/seller/refunds/", body, format="json")
    assert response.status_code == 201, response.data
    assert [r["id"] for r in alpha_api.get("/api/payouts/seller/refunds/").data["results"]] == [response.data["id"]]
    assert client_for(shop["beta_owner"]).get("/api/payouts/seller/refunds/").data["results"] == []
    response = client_for(operator).post(
        "/api/payouts/operator/refunds/",
        {"vendor_order": beta_vo.id, "lines": [{"order_line": beta_vo.lines.get().id}], "reason": "Kulanz"},
        format="json",
    )
    assert response.status_code == 201


def test_a_dashboard_refund_after_payout_reverses_the_transfer_and_the_ledger_balances(
    shop, settings, django_capture_on_commit_callbacks
):
    """A refund made on Stripe's dashboard reaches us only as ``charge.refunded``: after the
    payout, it is booked as a refund of the seller's parts and the seller's share is taken back
    from its transfer (stripe-mock), leaving the seller owed nothing and the ledger balanced."""
    from django.db.models import Sum

    from marketplace.models import Order
    from payouts.models import JournalLine, Payout, StripeEvent

    order = card_order(
        shop, django_capture_on_commit_callbacks, settings, [(shop["alpha_offer"], 2), (shop["beta_offer"], 1)]
    )
    deliver(order)
    run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    payouts = {p.vendor_id: p for p in run.payouts.all()}
    assert set(payouts) == {shop["alpha"].id, shop["beta"].id}
    assert all(p.status == Payout.Status.PAID for p in payouts.values())
    assert owed(shop["alpha"]) == owed(shop["beta"]) == 0
    # 30,00 € refunded on the dashboard: Stripe tells us the charge's refunded total.
    charge = {
        "id": "ch_dashboard",
        "object": "charge",
        "payment_intent": order.payment_intent_id,
        "amount": order.total_amount,
        "amount_refunded": 3000,
        "currency": "eur",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = webhook(settings, "charge.refunded", charge, event_id="evt_dashboard_1")
    assert response.status_code == 200 and StripeEvent.objects.get(event_id="evt_dashboard_1").status == "processed"
    refunds = list(Refund.objects.filter(order=order))
    assert sum(r.amount for r in refunds) == 3000
    assert {r.source for r in refunds} == {Refund.Source.STRIPE}
    reversals = list(TransferReversal.objects.select_related("payout"))
    assert {r.payout.vendor_id for r in reversals} == {r.vendor_order.vendor_id for r in refunds}
    drain()  # the reversals go to stripe-mock
    for reversal in reversals:
        reversal.refresh_from_db()
        assert reversal.status == TransferReversal.Status.DONE and reversal.stripe_reversal_id
    for refund in refunds:
        reversed_amount = sum(r.amount for r in reversals if r.payout.vendor_id == refund.vendor_order.vendor_id)
        assert reversed_amount == refund.vendor_amount  # exactly the seller's share comes back
    assert owed(shop["alpha"]) == owed(shop["beta"]) == 0  # paid, refunded, taken back: square
    assert JournalEntry.objects.filter(kind="transfer_reversed").count() == len(reversals)
    assert JournalLine.objects.aggregate(total=Sum("amount"))["total"] == 0
    # Stripe repeats the event (or sends the same total again): nothing more is booked or reversed.
    webhook(settings, "charge.refunded", charge, event_id="evt_dashboard_2")
    drain()
    assert Refund.objects.filter(order=order).count() == len(refunds)
    assert TransferReversal.objects.count() == len(reversals)
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
