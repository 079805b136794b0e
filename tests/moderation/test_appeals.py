"""Internal complaints (DSA Art. 20) and the statements of reasons behind them: the vendor
complains within six months, a different operator decides (the service refuses the same one and
so does the database), a reversal restores the content (the real search index for offers) and
updates the statement; statements are issued for the queue, the rules and enforcement too."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.outbox import outbox_deliver
from moderation.models import Appeal, ListingRule, ReviewItem, StatementOfReasons
from moderation.services import listing_rule_create, review_item_reject
from moderation.services.appeals import add_months, appeal_create, appeal_decide
from moderation.services.notices import notice_create, notice_decide
from search.indexing import index_refresh
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_operator, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(category):
    """An offer taken down on a notice by operator ``first``."""
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Sturmlaterne Orkan")
    notice = notice_create(
        notifier=None,
        url=f"https://testserver/p/{offer.product_id}/?offer={offer.id}",
        category="illegal_products",
        explanation="The lantern has no CE marking and overheats.",
        name="Nora",
        email="nora@example.test",
        good_faith=True,
    )
    first = make_operator()
    notice_decide(
        actor=first,
        notice_id=notice.id,
        action=True,
        reason="No CE marking.",
        ground="illegal",
        ground_detail="ProdSG § 3",
    )
    return offer, owner, first, StatementOfReasons.objects.get(notice=notice)


def seller_appeal(owner, statement, text="The CE marking is on the base; photo attached."):
    return client_for(owner).post(f"/api/seller/statements/{statement.id}/appeal/", {"text": text}, format="json")


def test_vendor_sees_its_statement_and_complains(restricted):
    offer, owner, first, statement = restricted
    listed = client_for(owner).get("/api/seller/statements/").json()["results"]
    assert [s["reference"] for s in listed] == [statement.reference]
    assert listed[0]["appeal"] is None and listed[0]["ground_detail"] == "ProdSG § 3"
    response = seller_appeal(owner, statement)
    assert response.status_code == 201, response.json()
    appeal = Appeal.objects.get()
    assert appeal.original_decider == first and appeal.status == "open"
    again = seller_appeal(owner, statement)
    assert again.status_code == 409 and again.json()["error_code"] == "already_appealed"


def test_another_vendor_cannot_see_or_appeal(restricted):
    offer, owner, first, statement = restricted
    _, beta_owner = make_vendor(name="Beta")
    before = row_counts()
    assert client_for(beta_owner).get(f"/api/seller/statements/{statement.id}/").status_code == 404
    assert seller_appeal(beta_owner, statement).status_code == 404
    assert client_for(beta_owner).get("/api/seller/statements/").json()["results"] == []
    assert row_counts() == before


def test_appeal_text_is_required_and_the_period_is_six_months(restricted):
    offer, owner, first, statement = restricted
    before = row_counts()
    response = seller_appeal(owner, statement, text="no")
    assert response.status_code == 400 and "text" in response.json()
    StatementOfReasons.objects.filter(id=statement.id).update(
        created_at=add_months(timezone.now(), -6) - timedelta(minutes=1)
    )
    late = seller_appeal(owner, statement)
    assert late.status_code == 409 and late.json()["error_code"] == "appeal_period_over"
    assert row_counts() == before
    StatementOfReasons.objects.filter(id=statement.id).update(
        created_at=add_months(timezone.now(), -6) + timedelta(minutes=1)
    )
    assert seller_appeal(owner, statement).status_code == 201


def test_add_months_keeps_the_day_or_takes_the_last():
    moment = timezone.now().replace(year=2025, month=8, day=31)
    assert add_months(moment, 6).date().isoformat() == "2026-02-28"
    assert add_months(moment, -6).date().isoformat() == "2025-02-28"
    assert add_months(moment.replace(month=3), 6).date().isoformat() == "2025-09-30"


def test_the_same_operator_may_not_decide_the_complaint(restricted):
    offer, owner, first, statement = restricted
    appeal = appeal_create(
        actor=owner, statement_id=statement.id, text="It is lawful, see the photos.", vendor=offer.vendor
    )
    before = row_counts()
    response = client_for(first).post(
        f"/api/operator/appeals/{appeal.id}/decide/", {"outcome": "reversed", "reason": "ok"}, format="json"
    )
    assert response.status_code == 403 and response.json()["error_code"] == "same_operator"
    assert row_counts() == before
    # The database refuses it as well, should any code path skip the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(id=appeal.id).update(decided_by=first, status="confirmed", decided_at=timezone.now())


def test_confirmation_by_another_operator_keeps_the_restriction(restricted):
    offer, owner, first, statement = restricted
    appeal = appeal_create(
        actor=owner, statement_id=statement.id, text="It is lawful, see the photos.", vendor=offer.vendor
    )
    second = make_operator()
    response = client_for(second).post(
        f"/api/operator/appeals/{appeal.id}/decide/",
        {"outcome": "confirmed", "reason": "The marking shown is not a CE marking."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    statement.refresh_from_db()
    offer.refresh_from_db()
    assert statement.outcome == "confirmed" and statement.revised_at is not None and offer.status == "suppressed"
    assert response.json()["decided_by"] == second.id and response.json()["statement"]["outcome"] == "confirmed"


def found(api, query):
    outbox_deliver()
    index_refresh()
    response = api.get("/api/search/products/", {"q": query})
    assert response.status_code == 200, response.json()
    return {hit["id"] for hit in response.json()["hits"]}


def test_reversal_restores_the_offer_in_the_real_index(search_index, category, api):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Sturmlaterne Orkan")
    assert offer.product_id in found(api, "Sturmlaterne")
    notice = notice_create(
        notifier=None,
        url=f"https://testserver/p/{offer.product_id}/?offer={offer.id}",
        category="illegal_products",
        explanation="The lantern has no CE marking and overheats.",
        name="Nora",
        email="nora@example.test",
        good_faith=True,
    )
    notice_decide(
        actor=make_operator(),
        notice_id=notice.id,
        action=True,
        reason="No CE marking.",
        ground="illegal",
        ground_detail="ProdSG § 3",
    )
    assert offer.product_id not in found(api, "Sturmlaterne")
    statement = StatementOfReasons.objects.get()
    appeal = appeal_create(actor=owner, statement_id=statement.id, text="The marking is on the base.", vendor=vendor)
    appeal_decide(
        actor=make_operator(), appeal_id=appeal.id, outcome="reversed", reason="The marking is there after all."
    )
    offer.refresh_from_db()
    statement.refresh_from_db()
    assert offer.status == "live" and statement.outcome == "reversed"
    assert offer.product_id in found(api, "Sturmlaterne")


def test_queue_rejection_issues_a_statement_and_reversal_puts_the_offer_back(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Messer")
    from moderation.services import report_create

    report = report_create(
        reporter=None, email="a@example.test", reason="prohibited", details="Knife", offer_id=offer.id
    )
    first = make_operator()
    review_item_reject(actor=first, item_id=ReviewItem.objects.get(report=report).id, text="Prohibited item.")
    statement = StatementOfReasons.objects.get()
    assert (statement.source, statement.target_kind, statement.decided_by, statement.automated_decision) == (
        "notice",
        "offer",
        first,
        False,
    )
    assert statement.ground_detail == "Prohibited item."
    appeal = appeal_create(actor=owner, statement_id=statement.id, text="It is a butter knife.", vendor=vendor)
    appeal_decide(actor=make_operator(), appeal_id=appeal.id, outcome="reversed", reason="A butter knife is fine.")
    offer.refresh_from_db()
    assert offer.status == "live"


def test_rule_suppression_issues_an_automated_statement(category):
    listing_rule_create(
        actor=make_operator(),
        kind=ListingRule.Kind.PROHIBITED_TERMS,
        params={"terms": ["replica"]},
        severity=ListingRule.Severity.BLOCK,
    )
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Replica Uhr")
    offer.refresh_from_db()
    assert offer.status == "suppressed"
    statement = StatementOfReasons.objects.get(target_kind="offer", target_id=offer.id)
    assert (statement.source, statement.automated_detection, statement.automated_decision, statement.decided_by) == (
        "rules",
        True,
        True,
        None,
    )
    assert "prohibited_term" in statement.ground_detail


def test_a_review_author_gets_and_appeals_their_statement(category):
    from moderation.services.statements import statement_issue

    alice, bob = UserFactory(), UserFactory()
    with transaction.atomic():
        statement = statement_issue(
            target_kind="review",
            target_id=1,
            target_label="Alice's review",
            vendor_id=None,
            recipient_id=alice.id,
            restriction="visibility",
            scope="Hidden",
            facts="Insult",
            ground="terms",
            ground_detail="Review policy 2.1",
            source="notice",
            automated_detection=False,
            automated_decision=False,
            decided_by=make_operator(),
        )
    assert (
        client_for(bob)
        .post(f"/api/account/statements/{statement.id}/appeal/", {"text": "Not an insult at all."}, format="json")
        .status_code
        == 404
    )
    assert [s["id"] for s in client_for(alice).get("/api/account/statements/").json()["results"]] == [statement.id]
    assert (
        client_for(alice)
        .post(f"/api/account/statements/{statement.id}/appeal/", {"text": "Not an insult at all."}, format="json")
        .status_code
        == 201
    )


def test_an_operators_suspension_issues_a_statement_and_a_reversal_reinstates(category):
    from vendors.models import Vendor
    from vendors.services import vendor_suspend

    vendor, owner = make_vendor(name="Suspendiert")
    suspender, reviewer = make_operator(), make_operator()
    vendor_suspend(actor=suspender, vendor_id=vendor.id, reason="Repeated counterfeit listings after warnings.")
    statement = StatementOfReasons.objects.get(vendor=vendor)
    assert statement.target_kind == "vendor" and statement.restriction == StatementOfReasons.Restriction.SERVICE
    assert statement.source == StatementOfReasons.Source.OPERATOR and not statement.automated_decision
    assert statement.facts == "Repeated counterfeit listings after warnings." and statement.decided_by == suspender
    appeal = appeal_create(
        actor=owner, statement_id=statement.id, text="The listings were genuine; invoices attached.", vendor=vendor
    )
    appeal_decide(actor=reviewer, appeal_id=appeal.id, outcome="reversed", reason="Invoices prove the goods genuine.")
    assert Vendor.objects.get(id=vendor.id).status == Vendor.Status.APPROVED
