"""Guarantee claims: waiting period, the seller's deadline and the resolver (refunds once, the
ledger balances), the seller's answer and refund, operator decisions and escalation, defects."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from buyers.messaging import claims
from buyers.messaging.models import Claim, Conversation
from buyers.messaging.selectors import claim_defective_vendor_order_ids
from marketplace.models import AuditLogEntry, Order, VendorOrder
from marketplace.outbox import outbox_deliver
from moderation.scorecards import vendor_scorecard
from payouts.ledger import account_balance, vendor_payable
from payouts.models import JournalLine, Refund
from tests.buyers.messaging.conftest import place
from tests.conftest import client_for, row_counts

pytestmark = pytest.mark.django_db


def age(order, days: int) -> None:
    """The order was placed ``days`` ago (its ship-by date moves back with it)."""
    Order.objects.filter(id=order.id).update(created_at=timezone.now() - timedelta(days=days))


def open_claim(shop, reason="not_received", **extra):
    return client_for(shop.alice).post(
        f"/api/orders/{shop.order.number}/claims/",
        {"vendor_order_id": shop.part.id, "reason": reason, "body": "Nichts angekommen.", **extra},
        format="json",
    )


def assert_ledger_balances():
    for row in JournalLine.objects.values("entry_id", "currency").annotate(total=Sum("amount")):
        assert row["total"] == 0, row


def test_not_received_waits_for_ship_by_plus_transit(shop, settings):
    settings.MESSAGING_CLAIM_NOT_RECEIVED_DAYS = 10
    before = row_counts()
    early = open_claim(shop)
    assert early.status_code == 400 and early.data["error_code"] == "too_early" and "reason" in early.data
    assert row_counts() == before
    age(shop.order, 20)  # ship-by (placed + handling days) + 10 days is behind us
    response = open_claim(shop)
    assert response.status_code == 201, response.data
    assert response.data["amount"] == {"amount": 8000, "currency": "EUR"}  # 2 x 40.00, free shipping
    assert response.data["status"] == "open"
    assert open_claim(shop).status_code == 409  # one claim per seller part
    assert client_for(shop.bob).get(f"/api/claims/{response.data['id']}/").status_code == 404
    assert client_for(shop.beta_owner).get(f"/api/seller/claims/{response.data['id']}/").status_code == 404
    assert client_for(shop.members["finance"]).get(f"/api/seller/claims/{response.data['id']}/").status_code == 403


def test_claim_reasons_have_their_preconditions(shop, category):
    open_part = place(shop.alice, shop.offer, "alice-open")
    before = row_counts()
    api = client_for(shop.alice)
    not_delivered = api.post(
        f"/api/orders/{open_part.number}/claims/",
        {"vendor_order_id": open_part.vendor_orders.get().id, "reason": "not_as_described", "body": "x"},
        format="json",
    )
    assert not_delivered.status_code == 400 and not_delivered.data["error_code"] == "not_delivered"
    no_return = open_claim(shop, reason="refund_too_low")
    assert no_return.status_code == 400 and no_return.data["error_code"] == "no_refunded_return"
    too_much = open_claim(shop, reason="not_as_described", amount=8001)
    assert too_much.status_code == 400 and "amount" in too_much.data
    bob_tries = client_for(shop.bob).post(
        f"/api/orders/{shop.order.number}/claims/",
        {"vendor_order_id": shop.part.id, "reason": "not_as_described", "body": "x"},
        format="json",
    )
    assert bob_tries.status_code == 404
    assert row_counts() == before


def test_unanswered_claim_is_refunded_once_and_charged_to_the_seller(shop):
    response = open_claim(shop, reason="not_as_described", amount=2500)
    claim_id = response.data["id"]
    payable_before = account_balance(vendor_payable(shop.alpha.id), "EUR")
    assert claims.claims_resolve_overdue() == []  # the deadline has not passed
    Claim.objects.filter(id=claim_id).update(respond_by=timezone.now() - timedelta(minutes=1))
    assert claims.claims_resolve_overdue() == [claim_id]
    call_command("claims_resolve")  # the resolver again: nothing more happens
    assert claims.claims_resolve_overdue() == []
    claim = Claim.objects.get(id=claim_id)
    assert (claim.status, claim.resolution, claim.resolved_amount) == ("closed", "deadline_refund", 2500)
    refund = Refund.objects.get()
    assert claim.refund_id == refund.id and refund.amount == 2500
    # The seller bears it: its payable falls by the refund less the commission given back.
    assert account_balance(vendor_payable(shop.alpha.id), "EUR").amount - payable_before.amount == refund.vendor_amount
    assert refund.vendor_amount + refund.commission_amount + refund.commission_vat_amount == 2500
    assert_ledger_balances()
    assert (
        client_for(shop.members["owner"])
        .post(f"/api/seller/claims/{claim_id}/respond/", {"body": "Zu spät"}, format="json")
        .status_code
        == 409
    )


def test_seller_answers_with_evidence_and_operator_decides_partial_refund(shop):
    claim_id = open_claim(shop, reason="not_as_described").data["id"]
    seller = client_for(shop.members["fulfilment"])
    answered = seller.post(f"/api/seller/claims/{claim_id}/respond/", {"body": "Foto vom Versand anbei"}, format="json")
    assert answered.status_code == 200 and answered.data["status"] == "contested"
    Claim.objects.filter(id=claim_id).update(respond_by=timezone.now() - timedelta(days=1))
    assert claims.claims_resolve_overdue() == []  # contested claims wait for the operator
    operator = client_for(shop.operator)
    before = row_counts()
    no_amount = operator.post(
        f"/api/operator/claims/{claim_id}/decide/", {"decision": "refund_partial", "reason": "Kratzer"}, format="json"
    )
    assert no_amount.status_code == 400 and "amount" in no_amount.data
    no_reason = operator.post(
        f"/api/operator/claims/{claim_id}/decide/", {"decision": "rejected", "reason": ""}, format="json"
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.data
    assert row_counts() == before
    assert (
        client_for(shop.alice)
        .post(f"/api/operator/claims/{claim_id}/decide/", {"decision": "rejected", "reason": "x"}, format="json")
        .status_code
        == 403
    )
    decided = operator.post(
        f"/api/operator/claims/{claim_id}/decide/",
        {"decision": "refund_partial", "amount": 1999, "reason": "Kratzer am Visier: Teilerstattung"},
        format="json",
    )
    assert decided.status_code == 200, decided.data
    assert (decided.data["resolution"], decided.data["resolved_amount"]["amount"]) == ("refund_partial", 1999)
    assert Refund.objects.get().amount == 1999
    entry = AuditLogEntry.objects.get(action="claim.refund_partial")
    assert entry.actor_id == shop.operator.id and entry.reason == "Kratzer am Visier: Teilerstattung"
    again = operator.post(
        f"/api/operator/claims/{claim_id}/decide/", {"decision": "refund_full", "reason": "nochmal"}, format="json"
    )
    assert again.status_code == 409 and Refund.objects.count() == 1
    assert_ledger_balances()


def test_seller_refunds_a_claim_itself(shop, mailoutbox):
    claim_id = open_claim(shop, reason="not_as_described").data["id"]
    assert client_for(shop.beta_owner).post(f"/api/seller/claims/{claim_id}/refund/").status_code == 404
    response = client_for(shop.members["owner"]).post(f"/api/seller/claims/{claim_id}/refund/")
    assert response.status_code == 200 and response.data["resolution"] == "seller_refund"
    assert Refund.objects.get().amount == 8000
    assert client_for(shop.members["owner"]).post(f"/api/seller/claims/{claim_id}/refund/").status_code == 409
    assert Refund.objects.count() == 1
    outbox_deliver()  # these tests never commit: deliver what the after-commit hook would
    claim_mails = sorted((m.to[0], m.subject) for m in mailoutbox if f"C-{claim_id}" in m.subject)
    assert [to for to, _subject in claim_mails].count(shop.alice.email) == 2  # opened, then refunded
    assert [to for to, _subject in claim_mails].count(shop.alpha.email) == 2


def test_operator_turns_a_conversation_into_a_claim_and_rejects_it(shop):
    cid = (
        client_for(shop.alice)
        .post(
            "/api/conversations/start/",
            {
                "order_number": shop.order.number,
                "vendor_order_id": shop.part.id,
                "body": "Das ist nicht der bestellte Helm",
            },
            format="json",
        )
        .data["conversation_id"]
    )
    operator = client_for(shop.operator)
    created = operator.post(f"/api/operator/conversations/{cid}/claim/", {"reason": "not_as_described"}, format="json")
    assert created.status_code == 201, created.data
    assert created.data["conversation_id"] == cid and Conversation.objects.get(id=cid).operator_id == shop.operator.id
    vendor_orders = VendorOrder.objects.filter(vendor=shop.alpha)
    assert list(claim_defective_vendor_order_ids(vendor_orders)) == [shop.part.id]  # a claim is a defect
    assert vendor_scorecard(vendor_id=shop.alpha.id).windows[30].defects_by_source["claim"] == 1
    rejected = operator.post(
        f"/api/operator/claims/{created.data['id']}/decide/",
        {"decision": "rejected", "reason": "Der Helm entspricht der Beschreibung (Foto)."},
        format="json",
    )
    assert rejected.data["resolution"] == "rejected" and not Refund.objects.exists()
    assert list(claim_defective_vendor_order_ids(vendor_orders)) == []  # the seller was right
