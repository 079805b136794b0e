"""GDPR: the export holds exactly the person's data; erasure keeps invoices and the ledger and
removes the rest; other apps plug in through the exporter and eraser registries."""

import json

import pytest

from buyers import gdpr, invoices
from buyers.addresses import address_create
from buyers.models import Address, Cart, CartItem, ConsentRecord, Invoice
from buyers.services import cart_item_add
from marketplace.models import Order
from payouts.models import JournalLine
from tests.factories import PASSWORD, UserFactory, make_offer, make_vendor
from tests.payouts.conftest import ADDRESS, deliver, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_buyers(category):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=2500, stock=50)
    people = {}
    for name in ("Erika", "Max"):
        user = UserFactory(email=f"{name.lower()}@example.test", username=f"{name.lower()}@example.test")
        address_create(buyer=user, **{**ADDRESS, "name": f"{name} Muster"})
        order = place(user, [(offer, 1)])
        deliver(order)
        invoices.invoice_ensure(vendor_order=order.vendor_orders.get())
        cart_item_add(buyer=user, offer_id=offer.id, quantity=1)
        ConsentRecord.objects.create(consent_id=f"c-{name}", user=user, categories=["analytics"], version="1")
        people[name] = (user, order)
    return people


def test_export_holds_the_persons_data_and_nobody_elses(two_buyers, client):
    erika, erika_order = two_buyers["Erika"]
    max_, max_order = two_buyers["Max"]
    client.force_login(erika)
    response = client.get("/account/export/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "erika@example.test"
    assert [a["name"] for a in data["addresses"]] == ["Erika Muster"]
    assert [o["number"] for o in data["orders"]] == [erika_order.number]
    assert data["orders"][0]["parts"][0]["invoice"] == Invoice.objects.get(vendor_order__order=erika_order).number
    assert len(data["cart"]) == 1 and data["cookie_consents"][0]["categories"] == ["analytics"]
    text = response.content.decode()
    assert "max@example.test" not in text and "Max Muster" not in text and max_order.number not in text


def test_registered_exporters_and_erasers_take_part(two_buyers):
    erika, _order = two_buyers["Erika"]
    seen = []
    gdpr.exporter_register("test_section", lambda user: {"user": user.pk})
    gdpr.eraser_register("test_section", lambda user: seen.append(user.pk))
    try:
        assert gdpr.person_export(user=erika)["test_section"] == {"user": erika.pk}
        gdpr.person_erase(user=erika)
        assert seen == [erika.pk]
    finally:
        gdpr._exporters.pop("test_section")
        gdpr._erasers.pop("test_section")


def test_erasure_keeps_invoices_and_ledger_and_removes_the_rest(two_buyers, client):
    erika, erika_order = two_buyers["Erika"]
    max_, max_order = two_buyers["Max"]
    ledger_before = JournalLine.objects.count()
    invoice = Invoice.objects.get(vendor_order__order=erika_order)
    client.force_login(erika)
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    erika.refresh_from_db()
    assert not erika.is_active and erika.email == f"deleted-{erika.pk}@invalid" and not erika.has_usable_password()
    # Removed: addresses, cart, the link from consent records.
    assert not Address.objects.filter(buyer=erika).exists()
    assert not Cart.objects.filter(buyer=erika).exists() and not CartItem.objects.filter(cart__buyer=erika).exists()
    assert (
        not ConsentRecord.objects.filter(user=erika).exists()
        and ConsentRecord.objects.filter(consent_id="c-Erika").exists()
    )
    # Kept: the order (contact e-mail replaced), its invoice as issued, every ledger line.
    erika_order.refresh_from_db()
    assert erika_order.email == f"deleted-{erika.pk}@invalid"
    assert Invoice.objects.get(id=invoice.id).number == invoice.number
    assert JournalLine.objects.count() == ledger_before
    # Nobody else's data was touched.
    assert Address.objects.filter(buyer=max_).count() == 1 and CartItem.objects.filter(cart__buyer=max_).count() == 1
    assert Order.objects.get(id=max_order.id).email == "max@example.test"


def test_erasure_with_a_wrong_password_changes_nothing(two_buyers, client):
    from tests.conftest import row_counts

    erika, _order = two_buyers["Erika"]
    client.force_login(erika)
    before = row_counts()
    response = client.post("/account/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert row_counts() == before
