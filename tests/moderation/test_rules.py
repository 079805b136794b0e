"""Listing rules: each kind passes and fails, blocking suppresses and queues, vendors see only
their own checks, operators alone edit rules, bad params are a 400 that changes nothing."""

import pytest
from django.core import mail
from django.core.management import call_command

from marketplace.models import AuditLogEntry, OutboxEvent
from marketplace.outbox import outbox_deliver
from moderation.models import ListingCheck, ReviewItem
from moderation.rules import listing_check, title_similarity_pct
from moderation.services import listing_evaluate, listing_rule_create
from tests.conftest import client_for, row_counts
from tests.factories import CategoryFactory, make_offer, make_vendor
from vendors.models import Offer, ProductImage
from vendors.services import offer_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner


def rule(kind, params=None, severity="warn", category=None):
    return listing_rule_create(
        actor=None, kind=kind, params=params or {}, severity=severity, category_id=category.id if category else None
    )


def codes(offer):
    offer.refresh_from_db()
    return [r.code for r in listing_check(offer)]


def test_required_attributes(seller, category):
    vendor, owner = seller
    rule("required_attributes", {"attributes": ["colour"]}, category=category)
    without = make_offer(vendor=vendor, owner=owner, category=category, title="Helm ohne Farbe")
    product = without.product
    assert codes(without) == ["missing_attributes"]
    product.attributes = {"colour": "rot"}
    product.save()
    assert codes(without) == []


def test_min_images_counts_only_large_enough_images(seller, category):
    vendor, owner = seller
    rule("min_images", {"min": 2, "min_width": 500, "min_height": 500})
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    ProductImage.objects.create(
        product=offer.product, image="a.jpg", thumbnail="a_t.jpg", width=800, height=800, is_main=True
    )
    ProductImage.objects.create(
        product=offer.product, image="b.jpg", thumbnail="b_t.jpg", width=300, height=800, position=1
    )
    result = listing_check(offer)
    assert [r.code for r in result] == ["too_few_images"]
    assert "at least 2 images" in result[0].message and "has 1" in result[0].message
    ProductImage.objects.create(
        product=offer.product, image="c.jpg", thumbnail="c_t.jpg", width=600, height=500, position=2
    )
    assert codes(offer) == []


def test_title_and_description_length(seller, category):
    vendor, owner = seller
    rule("title_length", {"min": 10, "max": 40})
    rule("description_length", {"min": 20})
    short = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", description="kurz")
    assert codes(short) == ["title_length", "description_length"]
    good = make_offer(
        vendor=vendor,
        owner=owner,
        category=category,
        title="Fahrradhelm Blitz M",
        description="Leichter Helm mit Belüftung und LED.",
    )
    assert codes(good) == []
    too_long = make_offer(
        vendor=vendor,
        owner=owner,
        category=category,
        title="Sehr " * 10 + "Helm",
        description="Leichter Helm mit Belüftung und LED.",
    )
    assert codes(too_long) == ["title_length"]


def test_banned_patterns_and_prohibited_terms(seller, category):
    vendor, owner = seller
    rule("banned_patterns", {"patterns": [r"https?://", r"\b\d{3,}[- ]?\d{4,}\b"]})
    rule("prohibited_terms", {"terms": ["Replika", "Schreckschuss"]})
    url = make_offer(
        vendor=vendor, owner=owner, category=category, title="Helm", description="Mehr auf http://shop.example"
    )
    replica = make_offer(vendor=vendor, owner=owner, category=category, title="Rolex replika Uhr")
    clean = make_offer(vendor=vendor, owner=owner, category=category, title="Replikationsset Labor")  # word, not part
    assert codes(url) == ["banned_pattern"]
    assert codes(replica) == ["prohibited_term"]
    assert codes(clean) == []


def test_price_anomaly_against_product_median(seller, category):
    rule("price_anomaly", {"scope": "product", "low_pct": 50, "high_pct": 200, "min_offers": 3})
    base = None
    for price, name in ((1000, "A"), (1100, "B"), (1200, "C")):
        vendor, owner = make_vendor(name=name)
        offer = make_offer(vendor=vendor, owner=owner, category=category, gtin="4006381333931", price=price)
        base = base or offer
    vendor, owner = seller
    # Median of the others is 1100: 549 is below 50 %, 2201 above 200 %.
    cheap = make_offer(vendor=vendor, owner=owner, category=category, gtin="4006381333931", price=549)
    assert codes(cheap) == ["price_anomaly"]
    cheap.price_amount = 550
    assert [r.code for r in listing_check(cheap)] == []
    cheap.price_amount = 2201
    assert [r.code for r in listing_check(cheap)] == ["price_anomaly"]
    cheap.price_amount = 2200
    assert [r.code for r in listing_check(cheap)] == []


def test_price_anomaly_needs_enough_offers(seller, category):
    rule("price_anomaly", {"scope": "category", "min_offers": 3})
    vendor, owner = seller
    make_offer(vendor=vendor, owner=owner, category=category, price=1000)
    lonely = make_offer(vendor=vendor, owner=owner, category=category, title="Anderes", price=1)
    assert codes(lonely) == []  # one other offer: no median to compare with


def test_duplicate_listing_same_vendor_only(seller, category):
    vendor, owner = seller
    rule("duplicate_listing", {"min_similarity_pct": 90})
    make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradhelm Blitz, rot")
    twin = make_offer(vendor=vendor, owner=owner, category=category, title="rot Fahrradhelm Blitz!")
    other = make_offer(vendor=vendor, owner=owner, category=category, title="Kaffeemühle Aroma")
    beta, beta_owner = make_vendor(name="Beta")
    elsewhere = make_offer(vendor=beta, owner=beta_owner, category=category, title="Fahrradhelm Blitz rot")
    assert codes(twin) == ["duplicate_listing"]
    assert codes(other) == []
    assert codes(elsewhere) == []
    assert title_similarity_pct("Helm Blitz", "Helm Blitz") == 100


def test_gtin_required_and_max_handling_in_subcategory(seller, category):
    vendor, owner = seller
    child = CategoryFactory(parent=category)
    rule("gtin_required", category=category)
    rule("max_handling_days", {"max": 3}, category=category)
    elsewhere = CategoryFactory()
    no_gtin = make_offer(vendor=vendor, owner=owner, category=child, handling_days=5)
    with_gtin = make_offer(vendor=vendor, owner=owner, category=child, gtin="4006381333931", handling_days=3)
    other_category = make_offer(vendor=vendor, owner=owner, category=elsewhere, handling_days=10)
    assert codes(no_gtin) == ["gtin_missing", "handling_too_long"]
    assert codes(with_gtin) == []
    assert codes(other_category) == []


def test_inactive_rules_do_not_apply(seller, category):
    vendor, owner = seller
    r = rule("title_length", {"min": 50})
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    assert codes(offer) == ["title_length"]
    r.active = False
    r.save()
    assert codes(offer) == []


def test_blocking_rule_on_create_suppresses_queues_audits_and_mails(seller, category):
    vendor, owner = seller
    rule("prohibited_terms", {"terms": ["Replika"]}, severity="block")
    rule("title_length", {"min": 3}, severity="warn")
    api = client_for(owner)
    body = {"category": category.id, "title": "Replika Uhr", "price": {"amount": 1999, "currency": "EUR"}, "stock": 1}
    response = api.post("/api/seller/listings/", body, format="json")
    assert response.status_code == 201, response.data
    offer = Offer.objects.get(id=response.data["id"])
    assert offer.status == Offer.Status.SUPPRESSED
    assert list(ListingCheck.objects.filter(offer=offer).values_list("code", "severity")) == [
        ("prohibited_term", "block")
    ]
    assert ReviewItem.objects.filter(kind="flagged_offer", offer=offer, status="open").count() == 1
    assert ReviewItem.objects.filter(kind="new_product", product=offer.product, status="open").count() == 1
    assert AuditLogEntry.objects.filter(action="offer.suppressed_by_rules", object_id=str(offer.id)).exists()
    assert OutboxEvent.objects.filter(topic="moderation.mail", key=f"vendor:{vendor.id}").count() == 1
    outbox_deliver()
    assert any("Replika" in m.body and m.to == [vendor.email] for m in mail.outbox)
    # Evaluating again changes nothing: one review item, one set of checks.
    listing_evaluate(offer_id=offer.id)
    assert ReviewItem.objects.filter(kind="flagged_offer", offer=offer).count() == 1
    assert ListingCheck.objects.filter(offer=offer).count() == 1


def test_warning_keeps_the_offer_live_and_update_reevaluates(seller, category):
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, price=1000, handling_days=2)
    rule("max_handling_days", {"max": 3}, severity="warn")
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=5)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.LIVE
    assert list(ListingCheck.objects.filter(offer=offer).values_list("code", flat=True)) == ["handling_too_long"]
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=1)
    assert not ListingCheck.objects.filter(offer=offer).exists()


def test_vendor_sees_only_own_checks(seller, category):
    vendor, owner = seller
    rule("title_length", {"min": 30})
    mine = make_offer(vendor=vendor, owner=owner, category=category)
    beta, beta_owner = make_vendor(name="Beta")
    theirs = make_offer(vendor=beta, owner=beta_owner, category=category)
    api = client_for(owner)
    response = api.get(f"/api/seller/offers/{mine.id}/checks/")
    assert response.status_code == 200
    assert [c["code"] for c in response.data["results"]] == ["title_length"]
    assert api.get(f"/api/seller/offers/{theirs.id}/checks/").status_code == 404
    assert api.get("/api/seller/offers/999999/checks/").status_code == 404
    listed = api.get("/api/seller/listing-checks/").data["results"]
    assert {c["offer_id"] for c in listed} == {mine.id}


def test_rules_api_is_for_operators_only(seller, category, operator):
    vendor, owner = seller
    body = {"kind": "title_length", "params": {"min": 5}, "severity": "block"}
    assert client_for(owner).post("/api/operator/moderation/rules/", body, format="json").status_code == 403
    assert client_for(owner).get("/api/operator/moderation/rules/").status_code == 403
    response = client_for(operator).post("/api/operator/moderation/rules/", body, format="json")
    assert response.status_code == 201, response.data
    patch = client_for(operator).patch(
        f"/api/operator/moderation/rules/{response.data['id']}/", {"active": False}, format="json"
    )
    assert patch.status_code == 200 and patch.data["active"] is False
    assert (
        client_for(operator)
        .patch("/api/operator/moderation/rules/999999/", {"active": False}, format="json")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"kind": "title_length", "params": {"min": 10, "max": 5}}, "params", "max must not be smaller"),
        (
            {"kind": "banned_patterns", "params": {"patterns": ["(unclosed"]}},
            "params",
            "not a valid regular expression",
        ),
        ({"kind": "prohibited_terms", "params": {"terms": []}}, "params", "non-empty list"),
        ({"kind": "price_anomaly", "params": {"scope": "world"}}, "params", "'product' or 'category'"),
        ({"kind": "min_images", "params": {"min": "two"}}, "params", "whole number"),
        ({"kind": "telepathy"}, "kind", "not a valid choice"),
        ({"kind": "gtin_required", "category": 999999}, "category", "No category"),
    ],
)
def test_bad_rule_input_names_the_field_and_changes_nothing(operator, body, field, fragment):
    before = row_counts()
    response = client_for(operator).post("/api/operator/moderation/rules/", body, format="json")
    assert response.status_code in (400, 404), response.data
    assert field in response.data and fragment in str(response.data[field])
    assert row_counts() == before


def test_check_all_command_evaluates_existing_offers(seller, category):
    vendor, owner = seller
    offers = [make_offer(vendor=vendor, owner=owner, category=category, title=f"Produkt {i}") for i in range(3)]
    rule("gtin_required", severity="block")  # added after the offers were listed
    call_command("moderation_check_all", verbosity=0)
    assert set(Offer.objects.filter(id__in=[o.id for o in offers]).values_list("status", flat=True)) == {"suppressed"}
    assert ReviewItem.objects.filter(kind="flagged_offer").count() == 3
