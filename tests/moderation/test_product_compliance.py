"""GPSR and registration gates: an offer in a flagged category stays offline with a message naming
the missing field and goes live once the data is complete; electrical categories need a valid WEEE
number; a recall removes the product's offers and mails each buyer once."""

import pytest
from django.core import mail

from buyers.services import cart_item_add, checkout_place
from marketplace.errors import Conflict, DomainError
from marketplace.money import Money
from marketplace.outbox import outbox_deliver
from moderation.models import ListingCheck, ProductRecall, RecallNotice
from moderation.services.recall import product_recall
from tests.factories import UserFactory, login_operator, make_offer, make_operator, make_vendor
from vendors.models import Offer, Product, SellerRegistration
from vendors.services.compliance import (
    SafetyIn,
    product_safety_set,
    seller_registration_set,
    seller_registration_verify,
)
from vendors.services.listings import offer_create

pytestmark = pytest.mark.django_db

SAFETY = SafetyIn(
    responsible_name="EU Rep GmbH",
    responsible_address="Hauptstr. 1, 10115 Berlin, DE",
    responsible_email="rep@example.test",
    manufacturer_name="Maker Ltd",
    manufacturer_address="1 Main St, Shenzhen, CN",
    manufacturer_email="maker@example.test",
    warnings="Nicht für Kinder unter 3 Jahren.",
    safety_information="Nur unter Aufsicht benutzen.",
)
ADDRESS = {"name": "Erika Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def checks(offer):
    return list(ListingCheck.objects.filter(offer=offer).values_list("code", "message"))


def test_an_offer_in_a_gpsr_category_without_a_responsible_operator_stays_offline_until_complete(category):
    category.gpsr_relevant = True
    category.save()
    vendor, owner = make_vendor(name="Spiel")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Holzbaukasten")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED
    messages = [m for code, m in checks(offer) if code == "gpsr_missing"]
    assert any("[responsible_name]" in m for m in messages)
    # Incomplete data: still offline, the message names what is left.
    partial = SafetyIn(**{**SAFETY.__dict__, "responsible_name": ""})
    product_safety_set(vendor=vendor, actor=owner, product_id=offer.product_id, data=partial)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED
    assert [m for code, m in checks(offer) if code == "gpsr_missing"] == [
        m for m in messages if "[responsible_name]" in m
    ]
    with pytest.raises(DomainError) as bad:
        product_safety_set(
            vendor=vendor,
            actor=owner,
            product_id=offer.product_id,
            data=SafetyIn(**{**SAFETY.__dict__, "responsible_email": "no-mail"}),
        )
    assert bad.value.field == "responsible_email"
    product_safety_set(vendor=vendor, actor=owner, product_id=offer.product_id, data=SAFETY)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.LIVE
    assert checks(offer) == []
    # Another vendor cannot write this product's safety data (it neither offers nor created it).
    other, other_owner = make_vendor(name="Fremd")
    with pytest.raises(DomainError) as foreign:
        product_safety_set(vendor=other, actor=other_owner, product_id=offer.product_id, data=SAFETY)
    assert foreign.value.code == "not_found"


def test_an_offer_in_an_electrical_category_needs_a_valid_weee_number(category):
    category.needs_weee_registration = True
    category.save()
    vendor, owner = make_vendor(name="Elektro")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Wasserkocher")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED
    assert any(code == "registration_missing" and "[weee_number]" in m for code, m in checks(offer))
    for wrong in ("DE1234567", "AT12345678", "DE123456789", "12345678"):
        with pytest.raises(DomainError) as bad:
            seller_registration_set(vendor=vendor, actor=owner, kind="weee", number=wrong)
        assert bad.value.field == "weee_number"
    assert not SellerRegistration.objects.exists()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED
    registration = seller_registration_set(vendor=vendor, actor=owner, kind="weee", number="de 1234 5678")
    assert registration.number == "DE12345678" and registration.verified_at is None
    offer.refresh_from_db()
    assert offer.status == Offer.Status.LIVE
    # The operator verifies it in the register.
    operator = make_operator()
    assert seller_registration_verify(actor=operator, registration_id=registration.id).verified_by == operator
    # A new offer of the same seller in the category goes live at once.
    second = make_offer(vendor=vendor, owner=owner, category=category, title="Toaster")
    second.refresh_from_db()
    assert second.status == Offer.Status.LIVE
    # Packaging and battery numbers have their own formats.
    with pytest.raises(DomainError):
        seller_registration_set(vendor=vendor, actor=owner, kind="packaging", number="DE12345678")
    assert seller_registration_set(vendor=vendor, actor=owner, kind="packaging", number="DE1234567890123")


def buy(buyer, offer, quantity=1):
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=quantity)
    return checkout_place(
        buyer=buyer, idempotency_key=f"k-{buyer.id}-{offer.id}", payment_method="invoice", shipping_address=ADDRESS
    )


def test_a_recall_removes_the_offers_and_mails_each_buyer_once(category, django_capture_on_commit_callbacks):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    first = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Föhn", stock=10)
    offer_create(vendor=beta, actor=beta_owner, product=first.product, price=Money(2599, "EUR"), stock=5)
    twice, once = UserFactory(), UserFactory()
    buy(twice, first)
    cart_item_add(buyer=twice, offer_id=first.id, quantity=1)
    checkout_place(buyer=twice, idempotency_key="again", payment_method="invoice", shipping_address=ADDRESS)
    buy(once, first)
    outbox_deliver()
    mail.outbox.clear()
    operator = make_operator()
    with django_capture_on_commit_callbacks(execute=True):
        recall = product_recall(
            actor=operator,
            product_id=first.product_id,
            reason="Überhitzung des Geräts möglich.",
            instructions="Bitte nicht mehr benutzen und zurücksenden.",
        )
    outbox_deliver()
    assert recall.offers_removed == 2
    assert set(Offer.objects.filter(product=first.product).values_list("status", flat=True)) == {"suppressed"}
    assert Product.objects.get(id=first.product_id).status == Product.Status.BLOCKED
    buyers = {twice.email, once.email}
    recall_mails = [m for m in mail.outbox if m.to[0] in buyers]
    assert sorted(m.to[0] for m in recall_mails) == sorted(buyers)  # the buyer of two orders: one mail
    assert all("Überhitzung" in m.body and first.product.title in m.body for m in recall_mails)
    assert RecallNotice.objects.filter(recall=recall, mailed_at__isnull=False).count() == 2
    outbox_deliver()  # a second delivery run sends nothing again
    assert len([m for m in mail.outbox if m.to[0] in buyers]) == 2
    with pytest.raises(Conflict):
        product_recall(
            actor=operator, product_id=first.product_id, reason="Noch einmal bitte.", instructions="Nichts tun bitte."
        )
    assert ProductRecall.objects.count() == 1


def test_compliance_pages_console_and_seller(client, category):
    operator = make_operator()
    vendor, owner = make_vendor(name="Elektro")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe")
    login_operator(client, operator)
    flags = {"gpsr_relevant": "on", "needs_weee_registration": "on"}
    assert client.post(f"/console/categories/{category.id}/compliance/", flags).status_code == 302
    category.refresh_from_db()
    assert category.gpsr_relevant and category.needs_weee_registration and not category.needs_battery_registration
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED  # taken offline at once
    # The seller fixes it in the portal; a bad number names the field and stores nothing.
    client.force_login(owner)
    page = client.get(f"/seller/compliance/?vendor={vendor.id}")
    assert page.status_code == 200 and "Lampe" in page.content.decode()
    bad = client.post("/seller/compliance/registrations/", {"vendor": vendor.id, "weee_number": "DE123"})
    assert bad.status_code == 400 and "weee_number" in bad.context["form"].errors
    assert (
        client.post("/seller/compliance/registrations/", {"vendor": vendor.id, "weee_number": "DE12345678"}).status_code
        == 302
    )
    safety = {k: v for k, v in SAFETY.__dict__.items()} | {"vendor": vendor.id}
    assert client.post(f"/seller/compliance/products/{offer.product_id}/?vendor={vendor.id}", safety).status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.LIVE
    assert "EU Rep GmbH" in client.get(f"/p/{offer.product_id}/").content.decode()
    # Another seller cannot open this product's safety form.
    other, other_owner = make_vendor(name="Fremd")
    client.force_login(other_owner)
    assert client.get(f"/seller/compliance/products/{offer.product_id}/?vendor={other.id}").status_code == 404
    # The operator checks the number and can recall the product.
    login_operator(client, operator)
    registration = SellerRegistration.objects.get(vendor=vendor)
    assert "DE12345678" in client.get("/console/registrations/").content.decode()
    assert client.post(f"/console/registrations/{registration.id}/verify/").status_code == 302
    registration.refresh_from_db()
    assert registration.verified_by == operator
    refused = client.post(f"/console/products/{offer.product_id}/recall/", {"reason": "kurz", "instructions": "x"})
    assert refused.status_code == 400 and "reason" in refused.context["form"].errors
    body = {"reason": "Brandgefahr durch Kabel.", "instructions": "Bitte nicht mehr benutzen."}
    assert client.post(f"/console/products/{offer.product_id}/recall/", body).status_code == 302
    assert client.get("/console/recalls/").status_code == 200
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUPPRESSED
