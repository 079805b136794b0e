"""Review queue: claim, approve, reject with a reason (template or text), request changes, bulk;
audit and vendor mail for each decision; overdue flags; reports from buyers and anonymous users."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import AuditLogEntry, OutboxEvent
from moderation.models import OfferSuppression, ReviewItem
from moderation.services import listing_rule_create, reason_template_create
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_operator, make_vendor
from vendors.models import Offer, Product

pytestmark = pytest.mark.django_db
QUEUE = "/api/operator/moderation/queue/"


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner


@pytest.fixture
def flagged(seller, category):
    """A live offer that a new blocking rule takes down (the offer is re-evaluated on update)."""
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", handling_days=2)
    listing_rule_create(actor=None, kind="max_handling_days", params={"max": 3}, severity="block")
    from vendors.services import offer_update

    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=5)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED
    return ReviewItem.objects.get(kind="flagged_offer", offer=offer)


def mails(vendor):
    return list(
        OutboxEvent.objects.filter(topic="moderation.mail", key=f"vendor:{vendor.id}").values_list("payload", flat=True)
    )


def test_new_product_is_queued_and_approved_through_the_queue(seller, category, operator):
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Neuer Helm", moderated=False)
    item = ReviewItem.objects.get(kind="new_product", product=offer.product)
    api = client_for(operator)
    listed = api.get(QUEUE).data["results"]
    assert [i["id"] for i in listed] == [item.id] and listed[0]["overdue"] is False and listed[0]["age_hours"] == 0
    assert api.post(f"{QUEUE}{item.id}/claim/").data["status"] == "claimed"
    response = api.post(f"{QUEUE}{item.id}/approve/", {}, format="json")
    assert response.status_code == 200, response.data
    offer.refresh_from_db()
    assert offer.product.status == Product.Status.ACTIVE and offer.status == Offer.Status.LIVE
    assert AuditLogEntry.objects.filter(action="review_item.approved", object_id=str(item.id), actor=operator).exists()
    assert [m["kind"] for m in mails(vendor)] == ["approved"]


def test_reject_with_template_in_vendor_language_plus_text(flagged, operator):
    reason_template_create(
        actor=operator, code="handling", text_de="Bearbeitungszeit zu lang.", text_en="Handling time too long."
    )
    response = client_for(operator).post(
        f"{QUEUE}{flagged.id}/reject/", {"template": "handling", "reason": "Max. 3 Tage."}, format="json"
    )
    assert response.status_code == 200, response.data
    flagged.refresh_from_db()
    assert flagged.status == "rejected" and flagged.reason == "Bearbeitungszeit zu lang.\n\nMax. 3 Tage."
    assert Offer.objects.get(id=flagged.offer_id).status == Offer.Status.REJECTED
    assert not OfferSuppression.objects.filter(offer_id=flagged.offer_id).exists()  # nothing can lift it back
    entry = AuditLogEntry.objects.get(action="review_item.rejected", object_id=str(flagged.id))
    assert entry.actor == operator and "Bearbeitungszeit" in entry.reason
    assert mails(flagged.vendor)[-1]["kind"] == "rejected"


def test_approving_a_flagged_offer_restores_it(flagged, operator):
    client_for(operator).post(f"{QUEUE}{flagged.id}/approve/", {"reason": "Ausnahme genehmigt."}, format="json")
    assert Offer.objects.get(id=flagged.offer_id).status == Offer.Status.LIVE


def test_request_changes_keeps_the_offer_down_and_tells_the_vendor(flagged, operator):
    response = client_for(operator).post(
        f"{QUEUE}{flagged.id}/request-changes/", {"reason": "Bitte 3 Tage."}, format="json"
    )
    assert response.data["status"] == "changes_requested"
    assert Offer.objects.get(id=flagged.offer_id).status == Offer.Status.SUPPRESSED
    assert mails(flagged.vendor)[-1] == {
        "vendor_id": flagged.vendor_id,
        "kind": "changes_requested",
        "subject": mails(flagged.vendor)[-1]["subject"],
        "reason": "Bitte 3 Tage.",
    }


@pytest.mark.parametrize(
    ("path", "body", "field", "fragment"),
    [
        ("reject/", {}, "reason", "Give a reason"),
        ("request-changes/", {"reason": "  "}, "reason", "Give a reason"),
        ("reject/", {"template": "nope"}, "template", "Unknown reason template"),
        ("approve/", {"reason": "x" * 2001}, "reason", "2000"),
    ],
)
def test_bad_decisions_name_the_field_and_change_nothing(flagged, operator, path, body, field, fragment):
    before = row_counts()
    response = client_for(operator).post(f"{QUEUE}{flagged.id}/{path}", body, format="json")
    assert response.status_code == 400 and field in response.data and fragment in str(response.data[field])
    assert row_counts() == before
    flagged.refresh_from_db()
    assert flagged.status == "open"


def test_claimed_by_another_operator_and_decided_items_conflict(flagged, operator):
    other = make_operator()
    client_for(operator).post(f"{QUEUE}{flagged.id}/claim/")
    assert client_for(other).post(f"{QUEUE}{flagged.id}/approve/", {}, format="json").status_code == 409
    assert client_for(operator).post(f"{QUEUE}{flagged.id}/approve/", {}, format="json").status_code == 200
    again = client_for(operator).post(f"{QUEUE}{flagged.id}/reject/", {"reason": "x"}, format="json")
    assert again.status_code == 409 and again.data["error_code"] == "already_decided"
    assert client_for(operator).post(f"{QUEUE}999999/claim/").status_code == 404


def test_overdue_items_are_flagged_and_filtered(flagged, operator):
    ReviewItem.objects.filter(id=flagged.id).update(
        created_at=timezone.now() - timedelta(hours=30), due_at=timezone.now() - timedelta(hours=6)
    )
    api = client_for(operator)
    item = api.get(f"{QUEUE}{flagged.id}/").data
    assert item["overdue"] is True and item["age_hours"] == 30
    assert [i["id"] for i in api.get(QUEUE, {"overdue": "true"}).data["results"]] == [flagged.id]
    assert api.get(QUEUE, {"overdue": "false"}).data["results"] == []
    bad = api.get(QUEUE, {"status": "lost"})
    assert bad.status_code == 400 and "status" in bad.data


def test_bulk_reject_decides_each_item_on_its_own(seller, category, operator):
    vendor, owner = seller
    offers = [
        make_offer(vendor=vendor, owner=owner, category=category, title=f"Neu {i}", moderated=False) for i in range(2)
    ]
    items = [ReviewItem.objects.get(kind="new_product", product=o.product) for o in offers]
    client_for(operator).post(f"{QUEUE}{items[1].id}/approve/", {}, format="json")
    response = client_for(operator).post(
        f"{QUEUE}bulk/",
        {"ids": [items[0].id, items[1].id, 999999], "decision": "reject", "reason": "Keine Markenware."},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert [r["status"] for r in response.data] == ["rejected", "error", "error"]
    assert Product.objects.get(id=offers[0].product_id).status == Product.Status.REJECTED
    assert Product.objects.get(id=offers[1].product_id).status == Product.Status.ACTIVE
    before = row_counts()
    missing = client_for(operator).post(f"{QUEUE}bulk/", {"ids": [items[0].id], "decision": "reject"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.data and row_counts() == before


def test_queue_is_for_operators_only(flagged, seller):
    vendor, owner = seller
    api = client_for(owner)
    for method, path in (
        ("get", QUEUE),
        ("get", f"{QUEUE}{flagged.id}/"),
        ("post", f"{QUEUE}{flagged.id}/claim/"),
        ("post", f"{QUEUE}{flagged.id}/approve/"),
        ("post", f"{QUEUE}bulk/"),
        ("get", "/api/operator/moderation/reason-templates/"),
    ):
        assert getattr(api, method)(path).status_code == 403, path


def test_reports_from_buyers_and_anonymous_enter_the_queue(seller, category, api):
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    buyer = UserFactory()
    response = client_for(buyer).post(
        "/api/reports/", {"offer": offer.id, "reason": "counterfeit", "details": "Fälschung"}, format="json"
    )
    assert response.status_code == 201, response.data
    anonymous = api.post(
        "/api/reports/", {"vendor": vendor.id, "reason": "fraud", "email": "a@example.test"}, format="json"
    )
    assert anonymous.status_code == 201, anonymous.data
    items = ReviewItem.objects.filter(kind="report").order_by("id")
    assert [(i.offer_id, i.vendor_id) for i in items] == [(offer.id, vendor.id), (None, vendor.id)]
    assert items[0].report.reporter == buyer and items[1].report.reporter_email == "a@example.test"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "fraud"}, "offer"),  # neither offer nor vendor
        ({"vendor": 1, "reason": "fraud"}, "email"),  # anonymous without e-mail
        ({"offer": 1, "reason": "because"}, "reason"),
        ({"vendor": 999999, "reason": "fraud", "email": "a@example.test"}, "vendor"),
    ],
)
def test_bad_reports_name_the_field(seller, api, body, field):
    before = row_counts()
    response = api.post("/api/reports/", body, format="json")
    assert response.status_code in (400, 404) and field in response.data, response.data
    assert row_counts() == before


def test_reports_are_rate_limited(seller, api, settings):
    vendor, _ = seller
    settings.MODERATION_REPORT_THROTTLE = "2/hour"
    body = {"vendor": vendor.id, "reason": "other", "email": "a@example.test"}
    assert [api.post("/api/reports/", body, format="json").status_code for _ in range(3)] == [201, 201, 429]


def test_reporting_an_offer_that_is_not_public_is_not_found(seller, category, api):
    vendor, owner = seller
    pending = make_offer(vendor=vendor, owner=owner, category=category, moderated=False)
    response = api.post(
        "/api/reports/", {"offer": pending.id, "reason": "other", "email": "a@example.test"}, format="json"
    )
    assert response.status_code == 404
