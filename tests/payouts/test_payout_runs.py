"""Payout runs against stripe-mock: availability, minimum, holds, crash and resume, carry forward."""

import pytest

from marketplace.money import Money
from payouts.ledger import account_balance, vendor_payable
from payouts.models import JournalEntry, Payout, PayoutRun
from payouts.selectors.balances import vendor_available_balances
from payouts.services import payout_runs
from payouts.services.commissions import ledger_adjustment_post
from payouts.services.payout_runs import payout_hold_release, payout_hold_set, payout_run_start, payout_runs_resume
from payouts.tasks import payout_run_task
from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_vendor
from tests.payouts.conftest import deliver, place

pytestmark = pytest.mark.django_db


def owed(vendor):
    return -account_balance(vendor_payable(vendor.id), "EUR").amount


def test_only_delivered_orders_past_the_hold_are_paid_once(shop, operator):
    paid_order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    fresh_order = place(shop["buyer"], [(shop["alpha_offer"], 2)])
    deliver(paid_order)
    deliver(fresh_order, days_ago=1)  # still inside the 14-day hold
    alpha_vo = paid_order.vendor_orders.get(vendor=shop["alpha"])
    run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR, actor=operator)
    payouts = {p.vendor_id: p for p in run.payouts.all()}
    assert run.status == PayoutRun.Status.FINISHED
    assert payouts[shop["alpha"].id].amount == alpha_vo.payable_amount
    assert payouts[shop["alpha"].id].status == Payout.Status.PAID
    assert payouts[shop["alpha"].id].stripe_transfer_id.startswith("tr_")
    assert payouts[shop["alpha"].id].destination == shop["alpha"].stripe_account_id
    # What is left is exactly the order still on hold.
    assert owed(shop["alpha"]) == fresh_order.vendor_orders.get().payable_amount
    # A second run finds nothing new to pay.
    again = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR, actor=operator)
    assert again.payouts.count() == 0


def test_minimum_and_operator_hold_keep_money_back(shop, operator, settings):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    deliver(order)
    settings.MARKETPLACE_PAYOUT_MINIMUM = 5000  # alpha's 33.41 EUR is below, beta's 52.62 above
    payout_hold_set(actor=operator, vendor_id=shop["beta"].id, reason="Kundenbeschwerde prüfen")
    assert payout_run_start(trigger=PayoutRun.Trigger.OPERATOR).payouts.count() == 0
    payout_hold_release(actor=operator, vendor_id=shop["beta"].id)
    run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    assert [p.vendor_id for p in run.payouts.all()] == [shop["beta"].id]


def test_a_crashed_run_resumes_without_paying_anyone_twice(shop, operator, monkeypatch):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    deliver(order)
    monkeypatch.setattr(payout_runs, "SEND_BATCH", 1)

    def crash_after_first(done, total):
        raise SystemExit("worker killed")

    with pytest.raises(SystemExit):
        payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE, progress=crash_after_first)
    run = PayoutRun.objects.get()
    assert run.status == PayoutRun.Status.RUNNING
    assert sorted(run.payouts.values_list("status", flat=True)) == ["paid", "pending"]
    payout_runs_resume()
    run.refresh_from_db()
    assert run.status == PayoutRun.Status.FINISHED
    assert list(run.payouts.values_list("status", flat=True)) == ["paid", "paid"]
    # One payout entry per payout, whatever happened in between.
    assert JournalEntry.objects.filter(kind="payout").count() == 2
    assert owed(shop["alpha"]) == 0 and owed(shop["beta"]) == 0


def test_while_stripe_is_unreachable_payouts_stay_pending_and_are_sent_later(shop, settings):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    deliver(order)
    real_base = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    run = payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)
    assert run.status == PayoutRun.Status.RUNNING
    assert run.payouts.get().status == Payout.Status.PENDING
    assert owed(shop["alpha"]) == 0  # booked as paid out, so no other run pays it again
    assert payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE).payouts.count() == 0
    settings.STRIPE_API_BASE = real_base
    # The next scheduled run first finishes the pending payout, then finds nothing new to pay.
    result = payout_run_task()
    assert run.payouts.get().status == Payout.Status.PAID and run.payouts.get().stripe_transfer_id.startswith("tr_")
    assert result["resumed"] == [run.pk] and PayoutRun.objects.get(id=result["run"]).payouts.count() == 0
    assert (
        JournalEntry.objects.filter(kind="payout").count() == 1
        and not JournalEntry.objects.filter(kind="payout_failed").exists()
    )
    assert owed(shop["alpha"]) == 0


def test_a_transfer_stripe_refuses_fails_with_its_reason_and_the_money_is_owed_again(shop, settings):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    deliver(order)
    earned = {v: owed(shop[v]) for v in ("alpha", "beta")}
    real_base = settings.STRIPE_API_BASE
    # stripe-mock never refuses a well-formed transfer. An address it does not know is answered
    # the way Stripe answers a refused one (HTTP 4xx, invalid_request_error, e.g. a closed
    # connected account), and the gateway takes it as final, as it would from Stripe.
    settings.STRIPE_API_BASE = f"{real_base}/refused"
    run = payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)
    assert run.status == PayoutRun.Status.FINISHED  # nothing left to retry
    for payout in run.payouts.all():
        assert payout.status == Payout.Status.FAILED and not payout.stripe_transfer_id
        assert "Unrecognized request URL" in payout.error  # Stripe's reason, kept with the payout
    # Booked out, then back by one balanced entry each: the sellers are owed exactly what they earned.
    assert {v: owed(shop[v]) for v in earned} == earned
    assert (
        JournalEntry.objects.filter(kind="payout").count() == 2
        and JournalEntry.objects.filter(kind="payout_failed").count() == 2
    )
    for entry in JournalEntry.objects.filter(kind__in=["payout", "payout_failed"]).prefetch_related("lines"):
        assert sum(line.amount for line in entry.lines.all()) == 0

    settings.STRIPE_API_BASE = real_base
    # Retrying the run sends nothing: a refused payout is not sent again under its key.
    counts = row_counts()
    payout_runs_resume()
    payout_runs.payout_run_send(run_id=run.pk)
    assert row_counts() == counts
    # The next run pays each seller once, what it earned.
    again = payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)
    assert {p.vendor_id: (p.status, p.amount) for p in again.payouts.all()} == {
        shop["alpha"].id: (Payout.Status.PAID, earned["alpha"]),
        shop["beta"].id: (Payout.Status.PAID, earned["beta"]),
    }
    for vendor in ("alpha", "beta"):
        paid = Payout.objects.filter(vendor=shop[vendor], status=Payout.Status.PAID).values_list("amount", flat=True)
        assert list(paid) == [earned[vendor]] and owed(shop[vendor]) == 0


def test_negative_balance_carries_forward(shop, operator):
    ledger_adjustment_post(
        actor=operator, vendor_id=shop["alpha"].id, amount=Money(-2000, "EUR"), reason="Rücksendekosten"
    )
    assert payout_run_start(trigger=PayoutRun.Trigger.OPERATOR).payouts.count() == 0
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    deliver(order)
    run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    assert run.payouts.get().amount == order.vendor_orders.get().payable_amount - 2000


def test_unpaid_invoice_orders_are_not_paid_out(shop):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    deliver(order, settle=False)
    assert payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE).payouts.count() == 0
    deliver(order)
    assert payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE).payouts.count() == 1


def test_available_balances_take_two_queries_for_any_number_of_vendors(shop, django_assert_max_num_queries, category):
    for n in range(5):
        vendor, owner = make_vendor(name=f"V{n}")
        offer = make_offer(vendor=vendor, owner=owner, category=category, price=5000)
        deliver(place(shop["buyer"], [(offer, 1)]))
    with django_assert_max_num_queries(2):
        balances = vendor_available_balances(currency="EUR")
    assert len(balances) == 5


def test_operator_api_runs_holds_and_refuses_others(shop, operator):
    deliver(place(shop["buyer"], [(shop["alpha_offer"], 1)]))
    api = client_for(operator)
    response = api.post("/api/payouts/operator/runs/", {}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["payouts"] == {"pending": 0, "paid": 1, "failed": 0}
    assert api.get(f"/api/payouts/operator/runs/{response.data['id']}/").status_code == 200
    assert api.get("/api/payouts/operator/runs/999999/").status_code == 404
    response = api.post(f"/api/payouts/operator/vendors/{shop['beta'].id}/hold/", {"reason": "Prüfung"}, format="json")
    assert response.status_code == 201 and response.data["on_hold"] is True
    assert api.delete(f"/api/payouts/operator/vendors/{shop['beta'].id}/hold/").status_code == 204
    before = row_counts()
    assert api.post(
        f"/api/payouts/operator/vendors/{shop['beta'].id}/hold/", {"reason": ""}, format="json"
    ).data.keys() >= {"reason"}
    assert api.post("/api/payouts/operator/vendors/999999/hold/", {"reason": "x"}, format="json").status_code == 404
    assert row_counts() == before
    seller = client_for(shop["alpha_owner"])
    assert seller.post("/api/payouts/operator/runs/", {}, format="json").status_code == 403
    assert (
        seller.post(
            f"/api/payouts/operator/vendors/{shop['alpha'].id}/hold/", {"reason": "x"}, format="json"
        ).status_code
        == 403
    )


def test_management_command_pays_and_reports(shop):
    from io import StringIO

    from django.core.management import call_command

    deliver(place(shop["buyer"], [(shop["alpha_offer"], 1)]))
    out, err = StringIO(), StringIO()
    call_command("payout_run", stdout=out, stderr=err)
    assert "'paid': 1" in out.getvalue()
    assert "payout" in err.getvalue()  # the progress bar
    assert Payout.objects.get().status == Payout.Status.PAID
