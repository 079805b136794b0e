"""Console moderation pages: the queue (age against the target, overdue flag, filters, claim,
approve, reject with a reason template, request changes, bulk) and the reports page. Staff only;
every decision goes through moderation's services, so the offer, audit log and mail change."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.models import AuditLogEntry, OutboxEvent
from moderation.models import ReviewItem
from moderation.services import listing_rule_create, reason_template_create, report_create
from tests.conftest import row_counts
from tests.factories import UserFactory, login_operator, make_offer, make_operator, make_vendor
from tests.frontend.test_pages import browser
from vendors.models import Offer, Product
from vendors.services import offer_update

pytestmark = pytest.mark.django_db
QUEUE = "/console/moderation/"


@pytest.fixture
def seller(category):
    return make_vendor(name="Alpha")


@pytest.fixture
def flagged(seller, category):
    """A live offer that a new blocking rule takes down: it waits in the queue."""
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", handling_days=2)
    listing_rule_create(actor=None, kind="max_handling_days", params={"max": 3}, severity="block")
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=5)
    return ReviewItem.objects.get(kind="flagged_offer", offer=offer)


@pytest.fixture
def new_product(seller, category):
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Neue Lampe", moderated=False)
    return ReviewItem.objects.get(kind="new_product", product=offer.product)


@pytest.fixture
def template(operator):
    return reason_template_create(
        actor=operator, code="handling", text_de="Bearbeitungszeit zu lang.", text_en="Handling time too long."
    )


def _status(item) -> str:
    return ReviewItem.objects.get(id=item.id).status


def test_queue_lists_items_with_age_target_and_overdue_flag(flagged, new_product, operator):
    ReviewItem.objects.filter(id=flagged.id).update(
        created_at=timezone.now() - timedelta(hours=30), due_at=timezone.now() - timedelta(hours=6)
    )
    page = browser(operator).get(QUEUE)
    assert page.status_code == 200
    rows = {row.item.id: row for row in page.context["rows"]}
    assert set(rows) == {flagged.id, new_product.id}
    assert (rows[flagged.id].age_hours, rows[flagged.id].overdue) == (30, True)
    assert (rows[new_product.id].age_hours, rows[new_product.id].overdue) == (0, False)
    html = page.content.decode()
    assert "30 h / 24 h" in html and "Overdue" in html and "Neue Lampe" in html
    # The oldest deadline comes first.
    assert [row.item.id for row in page.context["rows"]] == [flagged.id, new_product.id]


def test_queue_filters_by_kind_and_deadline_and_refuses_unknown_values(flagged, new_product, operator):
    ReviewItem.objects.filter(id=flagged.id).update(due_at=timezone.now() - timedelta(hours=1))
    client = browser(operator)
    ids = lambda response: [row.item.id for row in response.context["rows"]]  # noqa: E731
    assert ids(client.get(QUEUE, {"kind": "new_product"})) == [new_product.id]
    assert ids(client.get(QUEUE, {"overdue": "yes"})) == [flagged.id]
    assert ids(client.get(QUEUE, {"overdue": "no"})) == [new_product.id]
    assert ids(client.get(QUEUE, {"status": "rejected"})) == []
    bad = client.get(QUEUE, {"status": "lost", "kind": "spam"})
    assert bad.status_code == 400
    assert set(bad.context["filter_form"].errors) == {"status", "kind"}
    assert "lost is not one of the available choices" in bad.content.decode()


def test_claim_then_reject_with_a_reason_template(flagged, template, operator):
    client = browser(operator)
    assert client.post(f"{QUEUE}{flagged.id}/claim/").status_code == 302
    item = ReviewItem.objects.get(id=flagged.id)
    assert (item.status, item.claimed_by_id) == ("claimed", operator.id)
    detail = client.get(f"{QUEUE}{flagged.id}/")
    assert detail.status_code == 200 and "handling: Handling time too long." in detail.content.decode()
    response = client.post(
        f"{QUEUE}{flagged.id}/reject/", {"reject-template": "handling", "reject-reason": "Max. 3 Tage."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    # The vendor (German) reads the German template text plus the operator's note.
    assert item.status == "rejected" and item.reason == "Bearbeitungszeit zu lang.\n\nMax. 3 Tage."
    assert Offer.objects.get(id=flagged.offer_id).status == Offer.Status.REJECTED
    assert AuditLogEntry.objects.filter(action="review_item.rejected", object_id=str(item.id), actor=operator).exists()
    assert OutboxEvent.objects.filter(topic="moderation.mail", key=f"vendor:{item.vendor_id}").exists()


def test_approve_a_new_product_and_request_changes_on_an_offer(flagged, new_product, operator):
    client = browser(operator)
    assert client.post(f"{QUEUE}{new_product.id}/approve/", {}).status_code == 302
    assert _status(new_product) == "approved"
    assert Product.objects.get(id=new_product.product_id).status == Product.Status.ACTIVE
    assert (
        client.post(f"{QUEUE}{flagged.id}/request-changes/", {"request_changes-reason": "Bitte 3 Tage."}).status_code
        == 302
    )
    item = ReviewItem.objects.get(id=flagged.id)
    assert (item.status, item.reason) == ("changes_requested", "Bitte 3 Tage.")
    assert Offer.objects.get(id=flagged.offer_id).status == Offer.Status.SUPPRESSED


@pytest.mark.parametrize(
    ("path", "body", "field", "fragment"),
    [
        ("reject/", {}, "reason", "Give a reason"),
        ("request-changes/", {"request_changes-reason": "   "}, "reason", "Give a reason"),
        (
            "reject/",
            {"reject-template": "nope", "reject-reason": "x"},
            "template",
            "nope is not one of the available choices",
        ),
        ("approve/", {"approve-reason": "x" * 2001}, "reason", "at most 2000 characters"),
    ],
)
def test_bad_decisions_show_the_field_error_and_change_nothing(
    flagged, template, operator, path, body, field, fragment
):
    before = row_counts()
    response = browser(operator).post(f"{QUEUE}{flagged.id}/{path}", body)
    assert response.status_code == 400
    failed = response.context["failed"]
    assert field in failed.errors and fragment in " ".join(failed.errors[field])
    assert row_counts() == before and _status(flagged) == "open"


def test_an_item_claimed_by_another_operator_or_decided_is_refused(flagged, operator):
    other = make_operator()
    assert browser(other).post(f"{QUEUE}{flagged.id}/claim/").status_code == 302
    response = browser(operator).post(f"{QUEUE}{flagged.id}/approve/", {})
    assert response.status_code == 400 and "Another operator has claimed this item." in response.content.decode()
    assert _status(flagged) == "claimed"
    assert browser(other).post(f"{QUEUE}{flagged.id}/approve/", {}).status_code == 302
    again = browser(other).post(f"{QUEUE}{flagged.id}/reject/", {"reject-reason": "x"})
    assert again.status_code == 400 and "already decided" in again.content.decode()
    assert browser(operator).get(f"{QUEUE}999999/").status_code == 404
    assert browser(operator).post(f"{QUEUE}999999/claim/").status_code == 404
    assert browser(operator).post(f"{QUEUE}999999/approve/", {}).status_code == 404


def test_bulk_decisions_apply_each_item_and_report_the_refused_ones(seller, category, operator):
    vendor, owner = seller
    items = [
        ReviewItem.objects.get(
            kind="new_product",
            product=make_offer(
                vendor=vendor, owner=owner, category=category, title=f"Neu {n}", moderated=False
            ).product,
        )
        for n in range(3)
    ]
    browser(make_operator()).post(f"{QUEUE}{items[2].id}/claim/")  # someone else works on the third one
    client = browser(operator)
    before = row_counts()
    refused = client.post(f"{QUEUE}bulk/", {"ids": [items[0].id, items[1].id], "decision": "reject"})
    assert refused.status_code == 400 and "reason" in refused.context["bulk_form"].errors
    assert client.post(f"{QUEUE}bulk/", {"decision": "approve"}).context["bulk_form"].errors.keys() == {"ids"}
    assert client.post(f"{QUEUE}bulk/", {"ids": ["x"], "decision": "approve"}).status_code == 400
    assert client.post(f"{QUEUE}bulk/", {"ids": [items[0].id], "decision": "delete"}).status_code == 400
    assert row_counts() == before
    response = client.post(
        f"{QUEUE}bulk/",
        {
            "ids": [item.id for item in items],
            "decision": "reject",
            "reason": "Keine Bilder.",
            "query": "kind=new_product&note=a%0d%0aSet-Cookie:x",
        },
        follow=True,
    )
    assert response.status_code == 200
    # Back to the filtered list; the carried query is re-encoded, so no header can be smuggled in.
    assert response.redirect_chain[0][0] == f"{QUEUE}?kind=new_product&note=a%0D%0ASet-Cookie%3Ax"
    assert [_status(item) for item in items] == ["rejected", "rejected", "claimed"]
    html = response.content.decode()
    assert "2 items decided." in html and f"Item {items[2].id}: Another operator has claimed this item." in html


def test_reports_page_lists_reports_feeding_the_queue(seller, category, operator):
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Uhr")
    report_create(reporter=UserFactory(), reason="counterfeit", details="Sieht gefälscht aus", offer_id=offer.id)
    report_create(reporter=None, email="anon@example.test", reason="fraud", vendor_id=vendor.id)
    client = browser(operator)
    page = client.get("/console/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Sieht gefälscht aus" in html
        and "anon@example.test" in html
        and "Counterfeit" in html
        and "Suspected fraud" in html
    )
    assert {row.item.kind for row in page.context["rows"]} == {"report"}
    report_item = page.context["rows"][0].item
    # A report is decided in the queue like any item: approving dismisses it.
    assert client.post(f"{QUEUE}{report_item.id}/approve/", {}).status_code == 302
    assert [row.item.id for row in client.get("/console/reports/", {"status": "approved"}).context["rows"]] == [
        report_item.id
    ]
    assert client.get("/console/reports/", {"status": "nope"}).status_code == 400


def test_moderation_pages_refuse_everybody_but_staff(flagged, seller):
    _vendor, owner = seller
    before = row_counts()
    for user in (owner, UserFactory()):
        client = browser(user)
        for url in (QUEUE, f"{QUEUE}{flagged.id}/", "/console/reports/"):
            assert client.get(url).status_code == 404, url
        for url in (f"{QUEUE}{flagged.id}/claim/", f"{QUEUE}{flagged.id}/approve/", f"{QUEUE}bulk/"):
            assert client.post(url, {"ids": [flagged.id], "decision": "approve"}).status_code == 404, url
    anonymous = browser()
    assert anonymous.get(QUEUE).status_code == 302 and "/login/" in anonymous.get(QUEUE)["Location"]
    assert anonymous.post(f"{QUEUE}{flagged.id}/approve/").status_code == 302
    assert row_counts() == before and _status(flagged) == "open"


def test_queue_in_german(flagged, operator):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(client, operator)
    html = client.get(QUEUE).content.decode()
    assert "Moderationswarteschlange" in html and "Markiertes Angebot" in html and "Übernehmen" in html
    detail = client.get(f"{QUEUE}{flagged.id}/").content.decode()
    assert "Änderungen anfordern" in detail and "Ablehnen" in detail
    assert "Meldungen" in client.get("/console/reports/").content.decode()


def test_queue_and_reports_pages_do_not_query_per_row(seller, category, operator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vendor, owner = seller
    client = browser(operator)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        for _ in range(n):
            offer = make_offer(vendor=vendor, owner=owner, category=category, title="Neu", moderated=False)
            live = make_offer(vendor=vendor, owner=owner, category=category, title="Live")
            report_create(reporter=None, email="a@example.test", reason="other", details="?", offer_id=live.id)
            assert offer.product.status == Product.Status.PENDING

    add(1)
    queries(QUEUE)  # the session's first request also reads the two-factor state into the cache
    few = (queries(QUEUE), queries("/console/reports/"))
    add(4)
    assert (queries(QUEUE), queries("/console/reports/")) == few


def test_reason_templates_are_created_and_offered_in_decisions(flagged, operator):
    client = browser(operator)
    assert client.get(f"{QUEUE}templates/").status_code == 200
    body = {
        "code": "missing-images",
        "text_de": "Bitte mindestens zwei Bilder.",
        "text_en": "Please add at least two images.",
    }
    assert client.post(f"{QUEUE}templates/new/", body).status_code == 302
    from moderation.models import ReasonTemplate

    assert ReasonTemplate.objects.filter(code="missing-images", text_de="Bitte mindestens zwei Bilder.").exists()
    assert "missing-images: Please add at least two images." in client.get(f"{QUEUE}{flagged.id}/").content.decode()
    before = row_counts()
    for bad, field in (
        ({**body}, "code"),
        ({**body, "code": "mit leerzeichen"}, "code"),
        ({**body, "text_en": ""}, "text_en"),
    ):
        response = client.post(f"{QUEUE}templates/new/", bad)
        assert response.status_code == 400 and field in response.context["form"].errors, (
            bad,
            response.context["form"].errors,
        )
    assert "exists already" in " ".join(client.post(f"{QUEUE}templates/new/", body).context["form"].errors["code"])
    assert row_counts() == before
    for user in (UserFactory(),):
        assert browser(user).get(f"{QUEUE}templates/").status_code == 404
        assert browser(user).post(f"{QUEUE}templates/new/", {**body, "code": "other"}).status_code == 404
    assert row_counts() == before


def test_reason_templates_page_in_german(operator):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(client, operator)
    html = client.get(f"{QUEUE}templates/").content.decode()
    assert "Begründungsvorlagen" in html and "Text auf Deutsch" in html
