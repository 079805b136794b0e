"""Enforcement: warning -> offers suppressed -> payouts held -> suspension, one step per due
evaluation, each audited and mailed with its numbers; operators reverse steps (reason, audit,
mail) and enforcement then waits; bad input changes nothing; tenants are walled."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from marketplace.models import AuditLogEntry, OutboxEvent
from marketplace.outbox import outbox_deliver
from moderation.models import OfferSuppression, VendorStanding
from moderation.services import standing_evaluate, standing_reverse
from payouts.models import PayoutHold
from payouts.services.payout_runs import payout_hold_set
from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_vendor
from tests.moderation.history import History
from vendors.models import Offer, Vendor

pytestmark = pytest.mark.django_db
L = VendorStanding.Level


@pytest.fixture
def late_vendor(category, settings):
    """Two orders, both unshipped long past their ship-by date: late shipment rate 2/2."""
    settings.MODERATION_SCORECARD_MIN_ORDERS = 2
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=3000, stock=50)
    paused = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe", price=1000)
    from vendors.services import offer_update

    offer_update(vendor=vendor, actor=owner, offer_id=paused.id, status="paused")
    h = History(vendor=vendor, owner=owner, offer=offer, today=timezone.localdate())
    h.place(days_ago=20)
    h.place(days_ago=21)
    return vendor, owner, offer, paused


def step_days_pass(vendor):
    VendorStanding.objects.filter(vendor=vendor).update(changed_at=timezone.now() - timedelta(days=8))


def level(vendor) -> int:
    return VendorStanding.objects.get(vendor=vendor).level


def test_escalates_one_step_at_a_time_and_says_why(late_vendor):
    vendor, owner, offer, paused = late_vendor
    Vendor.objects.filter(id=vendor.id).update(language="en")
    standing = standing_evaluate(vendor_id=vendor.id)
    assert standing.level == L.WARNING
    assert standing.breaches == [
        {
            "metric": "late_shipment_rate",
            "days": 30,
            "numerator": 2,
            "denominator": 2,
            "percent": "100.00",
            "bound": "max",
            "limit_bps": 400,
        }
    ]
    assert standing.metrics["windows"]["30"]["rates"]["late_shipment_rate"]["numerator"] == 2
    entry = AuditLogEntry.objects.get(action="vendor_standing.escalated")
    assert entry.data["from"] == 0 and entry.data["to"] == 1
    outbox_deliver()
    body = [m for m in standing_mails(vendor)][-1].body
    assert "Late shipment rate (30 days): 100.00 % (2 of 2 orders); allowed: at most 4.00 %." in body

    assert standing_evaluate(vendor_id=vendor.id).level == L.WARNING  # the next step waits its days
    step_days_pass(vendor)
    assert standing_evaluate(vendor_id=vendor.id).level == L.OFFERS_SUPPRESSED
    offer.refresh_from_db(), paused.refresh_from_db()
    assert (offer.status, paused.status) == ("suppressed", "suppressed")
    assert set(OfferSuppression.objects.values_list("cause", "previous_status")) == {
        ("enforcement", "live"),
        ("enforcement", "paused"),
    }
    assert not PayoutHold.objects.filter(vendor=vendor).exists()

    step_days_pass(vendor)
    assert standing_evaluate(vendor_id=vendor.id).level == L.PAYOUTS_HELD
    assert PayoutHold.objects.filter(vendor=vendor).exists()
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.APPROVED

    step_days_pass(vendor)
    assert standing_evaluate(vendor_id=vendor.id).level == L.SUSPENDED
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.SUSPENDED
    step_days_pass(vendor)
    assert standing_evaluate(vendor_id=vendor.id).level == L.SUSPENDED  # the last step
    assert AuditLogEntry.objects.filter(action="vendor_standing.escalated").count() == 4
    kinds = [e.payload["kind"] for e in OutboxEvent.objects.filter(topic="moderation.mail", key=f"vendor:{vendor.id}")]
    assert kinds == ["enforcement"] * 4


def test_the_mail_speaks_the_vendors_language(late_vendor):
    vendor, owner, offer, paused = late_vendor
    Vendor.objects.filter(id=vendor.id).update(language="de")
    standing_evaluate(vendor_id=vendor.id)
    outbox_deliver()
    message = standing_mails(vendor)[-1]
    assert message.subject == "Ihre Verkäuferleistung"
    assert "Dies ist eine Verwarnung" in message.body
    assert (
        "Quote verspäteter Versand (30 Tage): 100.00 % (2 von 2 Bestellungen); erlaubt: höchstens 4.00 %."
        in message.body
    )


def test_operator_reverses_each_step_through_the_api(late_vendor, operator):
    vendor, owner, offer, paused = late_vendor
    for _ in range(4):
        standing_evaluate(vendor_id=vendor.id)
        step_days_pass(vendor)
    assert level(vendor) == L.SUSPENDED
    api = client_for(operator)
    url = f"/api/operator/moderation/vendors/{vendor.id}/standing/reverse/"

    response = api.post(url, {"reason": "Carrier strike, not the seller's fault."}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["level"] == L.PAYOUTS_HELD and response.data["override_until"]
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.APPROVED and PayoutHold.objects.filter(vendor=vendor).exists()

    assert api.post(url, {"reason": "Still the strike."}, format="json").data["level"] == L.OFFERS_SUPPRESSED
    assert not PayoutHold.objects.filter(vendor=vendor).exists()

    assert api.post(url, {"reason": "Offers back.", "to_level": 0}, format="json").data["level"] == L.GOOD
    offer.refresh_from_db(), paused.refresh_from_db()
    assert (offer.status, paused.status) == ("live", "paused")  # each back where it was
    assert not OfferSuppression.objects.exists()
    reversals = AuditLogEntry.objects.filter(action="vendor_standing.reversed", actor=operator).order_by("id")
    assert [(e.data["from"], e.data["to"], e.reason) for e in reversals] == [
        (4, 3, "Carrier strike, not the seller's fault."),
        (3, 2, "Still the strike."),
        (2, 0, "Offers back."),
    ]
    kinds = [e.payload["kind"] for e in OutboxEvent.objects.filter(topic="moderation.mail", key=f"vendor:{vendor.id}")]
    assert kinds.count("enforcement_reversed") == 3

    # The numbers are still bad, but the operator's reversal holds enforcement off for a while.
    assert standing_evaluate(vendor_id=vendor.id).level == L.GOOD
    VendorStanding.objects.filter(vendor=vendor).update(override_until=timezone.now() - timedelta(seconds=1))
    assert standing_evaluate(vendor_id=vendor.id).level == L.WARNING


def test_reversal_leaves_an_operators_own_hold_and_suspension_alone(late_vendor, operator):
    vendor, owner, offer, paused = late_vendor
    payout_hold_set(actor=operator, vendor_id=vendor.id, reason="Checking a complaint.")
    for _ in range(3):
        standing_evaluate(vendor_id=vendor.id)
        step_days_pass(vendor)
    standing = VendorStanding.objects.get(vendor=vendor)
    assert standing.level == L.PAYOUTS_HELD and standing.payouts_held_by_enforcement is False
    standing_reverse(actor=operator, vendor_id=vendor.id, reason="Metrics explained.")
    assert PayoutHold.objects.get(vendor=vendor).reason == "Checking a complaint."


def test_configured_skipping_climbs_several_steps(late_vendor, settings):
    vendor, owner, offer, paused = late_vendor
    settings.MODERATION_ENFORCEMENT_MAX_STEPS = 2
    assert standing_evaluate(vendor_id=vendor.id).level == L.OFFERS_SUPPRESSED
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED
    entry = AuditLogEntry.objects.get(action="vendor_standing.escalated")
    assert (entry.data["from"], entry.data["to"]) == (0, 2)


def test_a_warning_clears_when_the_numbers_recover(late_vendor, settings):
    vendor, owner, offer, paused = late_vendor
    assert standing_evaluate(vendor_id=vendor.id).level == L.WARNING
    settings.MODERATION_SCORECARD_MIN_ORDERS = 3  # two orders no longer count
    assert standing_evaluate(vendor_id=vendor.id).level == L.GOOD
    assert AuditLogEntry.objects.filter(action="vendor_standing.recovered").count() == 1


def test_offers_listed_while_suppressed_are_suppressed_too(late_vendor, category, settings):
    vendor, owner, offer, paused = late_vendor
    settings.MODERATION_ENFORCEMENT_MAX_STEPS = 2
    standing_evaluate(vendor_id=vendor.id)
    newcomer = make_offer(vendor=vendor, owner=owner, category=category, title="Neuer Helm")
    assert newcomer.status == Offer.Status.SUPPRESSED
    assert OfferSuppression.objects.get(offer=newcomer).cause == "enforcement"


def test_thresholds_are_edited_by_operators_and_drive_enforcement(late_vendor, operator):
    vendor, owner, offer, paused = late_vendor
    api = client_for(operator)
    listed = {t["metric"]: t for t in api.get("/api/operator/moderation/thresholds/").data}
    assert listed["late_shipment_rate"] == {
        "metric": "late_shipment_rate",
        "bound": "max",
        "limit_bps": 400,
        "window_days": 30,
        "min_orders": 2,
        "active": True,
        "is_default": True,
    }
    assert listed["valid_tracking_rate"]["bound"] == "min" and listed["order_defect_rate"]["window_days"] == 90
    response = api.put("/api/operator/moderation/thresholds/late_shipment_rate/", {"active": False}, format="json")
    assert response.status_code == 200 and response.data["is_default"] is False and response.data["active"] is False
    assert standing_evaluate(vendor_id=vendor.id).level == L.GOOD
    api.put(
        "/api/operator/moderation/thresholds/late_shipment_rate/", {"active": True, "limit_bps": 10000}, format="json"
    )
    assert standing_evaluate(vendor_id=vendor.id).level == L.GOOD  # 100 % is not above 100 %
    assert AuditLogEntry.objects.filter(action="scorecard_threshold.set", actor=operator).count() == 2


@pytest.mark.parametrize(
    ("metric", "body", "field", "fragment"),
    [
        ("late_shipment_rate", {"limit_bps": 10001}, "limit_bps", "0 to 10000"),
        ("late_shipment_rate", {"window_days": 60}, "window_days", "30, 90"),
        ("late_shipment_rate", {"min_orders": 0}, "min_orders", "from 1"),
        ("happiness", {"limit_bps": 10}, "metric", "allowed"),
        ("return_rate", {"active": True}, "limit_bps", "give limit_bps"),
    ],
)
def test_bad_threshold_input_names_the_field_and_changes_nothing(operator, metric, body, field, fragment):
    before = row_counts()
    response = client_for(operator).put(f"/api/operator/moderation/thresholds/{metric}/", body, format="json")
    assert response.status_code == 400, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before


def test_bad_reversals_change_nothing(late_vendor, operator):
    vendor, owner, offer, paused = late_vendor
    api = client_for(operator)
    url = f"/api/operator/moderation/vendors/{vendor.id}/standing/reverse/"
    before = row_counts()
    response = api.post(url, {"reason": "Nothing to undo."}, format="json")
    assert response.status_code == 409 and "good standing" in str(response.data["level"])
    standing_evaluate(vendor_id=vendor.id)
    before = row_counts()
    for body, status, field in (
        ({"reason": " "}, 400, "reason"),
        ({"reason": "x", "to_level": 1}, 400, "to_level"),
        ({"reason": "x", "to_level": -1}, 400, "to_level"),
        ({}, 400, "reason"),
    ):
        response = api.post(url, body, format="json")
        assert response.status_code == status and field in response.data, (body, response.data)
    assert (
        api.post(
            "/api/operator/moderation/vendors/999999/standing/reverse/", {"reason": "x"}, format="json"
        ).status_code
        == 404
    )
    assert row_counts() == before and level(vendor) == L.WARNING


def test_vendor_sees_its_own_scorecard_and_standing_only(late_vendor, category):
    vendor, owner, offer, paused = late_vendor
    standing_evaluate(vendor_id=vendor.id)
    beta, beta_owner = make_vendor(name="Beta")
    api = client_for(owner)
    response = api.get("/api/seller/scorecard/")
    assert response.status_code == 200, response.data
    body = response.data
    assert body["standing"]["level"] == L.WARNING and body["standing"]["level_name"] == "Warning"
    assert body["standing"]["breaches"][0]["metric"] == "late_shipment_rate"
    assert body["scorecard"]["windows"]["30"]["rates"]["late_shipment_rate"] == {
        "numerator": 2,
        "denominator": 2,
        "percent": "100.00",
        "min_orders": 2,
        "counts": True,
    }
    assert body["scorecard"]["average_rating"]["value"] is None  # no ratings for this vendor
    assert api.get("/api/seller/scorecard/", HTTP_X_VENDOR=str(beta.id)).status_code == 404
    theirs = client_for(beta_owner).get("/api/seller/scorecard/").data
    assert theirs["standing"]["level"] == L.GOOD and theirs["scorecard"]["windows"]["30"]["orders"] == 0
    # Operators' endpoints are not the vendor's.
    assert api.get("/api/operator/moderation/standings/").status_code == 403
    assert (
        api.post(
            f"/api/operator/moderation/vendors/{vendor.id}/standing/reverse/", {"reason": "me"}, format="json"
        ).status_code
        == 403
    )


def test_operator_lists_standings_and_reads_a_scorecard(late_vendor, operator):
    vendor, owner, offer, paused = late_vendor
    call_command("standings_evaluate", verbosity=0)
    api = client_for(operator)
    listed = api.get("/api/operator/moderation/standings/", {"level": 1}).data["results"]
    assert [(s["vendor"], s["level"]) for s in listed] == [(vendor.id, 1)]
    assert api.get("/api/operator/moderation/standings/", {"level": 9}).status_code == 400
    card = api.get(f"/api/operator/moderation/vendors/{vendor.id}/scorecard/")
    assert card.status_code == 200 and card.data["standing"]["level"] == 1
    assert api.get("/api/operator/moderation/vendors/999999/scorecard/").status_code == 404


def standing_mails(vendor):
    """The vendor's mails about its standing (it also gets a "new order" notice per order)."""
    return [
        m for m in mail.outbox if m.to == [vendor.email] and not m.subject.startswith(("New order", "Neue Bestellung"))
    ]
