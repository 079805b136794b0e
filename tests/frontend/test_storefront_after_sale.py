"""The storefront after the purchase (issue #13 items 7-9, #19's buyer order page): refunds and
credit notes add up to the cent on the order page, an invoice order shows the platform's bank
details with the reference the statement matching expects, guests check out with an e-mail
address, Packstation addresses are checked, and another buyer's order, return label and credit
note are never reachable."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from buyers import returns
from buyers.after_sale import order_after_sale
from buyers.models import Address, ReturnRequest
from buyers.selectors import order_get
from buyers.services import cart_item_add
from frontend.common.templatetags.money import format_money
from marketplace.models import Order, VendorOrder
from marketplace.outbox import outbox_deliver
from payouts.models import Refund
from payouts.services.receipts import bank_receipt_record, order_numbers_in
from tests.buyers.test_invoice_documents import pdf_text
from tests.conftest import row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import place

pytestmark = pytest.mark.django_db


def _delivered_order(category, buyer, *, price=1897, quantity=3):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Kaffeetasse", price=price, stock=50)
    order = place(buyer, [(offer, quantity)])
    VendorOrder.objects.filter(order=order).update(
        status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=2)
    )
    return order, order.vendor_orders.get(), vendor, owner


def _return_one_unit(buyer, order, part, vendor, owner):
    line = part.lines.get()
    request = returns.return_request(
        buyer=buyer, number=order.number, vendor_order_id=part.id, lines=[(line.id, 1)], reason="damaged"
    )
    returns.return_approve(vendor=vendor, actor=owner, return_id=request.id, instructions="Bitte mit DHL an uns.")
    returns.return_mark_received(vendor=vendor, actor=owner, return_id=request.id)
    return returns.return_refund(vendor=vendor, actor=owner, return_id=request.id)


def test_order_page_refunds_add_up_to_the_cent_when_units_come_back_one_by_one(client, category):
    buyer = UserFactory()
    order, part, vendor, owner = _delivered_order(category, buyer, price=1897, quantity=3)
    for _ in range(3):
        _return_one_unit(buyer, order, part, vendor, owner)
    refunds = list(Refund.objects.filter(vendor_order_id=part.id))
    assert len(refunds) == 3
    part.refresh_from_db()
    # The units returned last carry the remainder; the last return also gives the shipping back.
    assert sum(r.amount for r in refunds) == part.total_amount

    view = order_after_sale(order=order_get(buyer=buyer, number=order.number))
    assert view.refunded.amount == part.total_amount == view.parts[part.id].refunded.amount
    assert view.parts[part.id].refund_state == "refunded"
    assert view.parts[part.id].returnable == []  # nothing left to send back: no return form

    client.force_login(buyer)
    page = client.get(f"/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert page.status_code == 200
    assert format_money(part.total_amount, "EUR", "de") in text
    for refund in refunds:
        assert format_money(refund.amount, "EUR", "de") in text
        assert f"/api/orders/{order.number}/refunds/{refund.id}/credit-note.pdf" in text
    assert "Erstattet" in text and "Rücksendung anfragen" not in text and "Bitte mit DHL an uns." in text


def test_order_page_shows_a_return_with_status_instructions_and_label(client, category):
    buyer = UserFactory()
    order, part, vendor, owner = _delivered_order(category, buyer, price=2500, quantity=2)
    client.force_login(buyer)
    line = part.lines.get()
    response = client.post(
        f"/orders/{order.number}/parts/{part.id}/return/", {f"line-{line.id}": "1", "reason": "wrong_item"}
    )
    assert response.status_code == 302
    request = ReturnRequest.objects.get(vendor_order=part)
    text = client.get(f"/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f"R-{request.id}" in text and "Angefragt" in text
    assert f"/api/returns/{request.id}/label.pdf" not in text  # no label before the seller approves
    assert 'max="1"' in text  # one unit left to return
    returns.return_approve(vendor=vendor, actor=owner, return_id=request.id, instructions="Paket an Lager 3.")
    text = client.get(f"/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Paket an Lager 3." in text and f"/api/returns/{request.id}/label.pdf" in text
    label = client.get(f"/api/returns/{request.id}/label.pdf")
    assert label.status_code == 200 and label.content.startswith(b"%PDF")


@pytest.mark.parametrize("discount_bps", [0, 200])
def test_invoice_order_shows_bank_details_reference_amount_due_date_and_skonto(
    client, category, settings, discount_bps
):
    settings.MARKETPLACE_INVOICE_DISCOUNT_BPS = discount_bps
    settings.MARKETPLACE_BANK_ACCOUNT = {
        "holder": "Marktplatz Betreiber GmbH",
        "iban": "DE02120300000000202051",
        "bic": "BYLADEM1001",
        "bank": "Testbank",
    }
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=10000, stock=5)
    buyer = UserFactory()
    order = place(buyer, [(offer, 1)])
    client.force_login(buyer)
    text = client.get(f"/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "DE02 1203 0000 0000 2020 51" in text and "BYLADEM1001" in text
    assert order.number in text and format_money(order.total_amount, "EUR", "de") in text
    assert ("Skonto" in text) == bool(discount_bps)
    if discount_bps:
        discounted = order.total_amount - order.total.percent(discount_bps).amount
        assert format_money(discounted, "EUR", "de") in text
    # The reference is exactly what the statement matching finds, and a transfer under it settles the order.
    assert order_numbers_in(f"Verwendungszweck {order.number} danke") == [order.number]
    # The order mail and the invoice PDF carry the same details.
    outbox_deliver()
    [message] = [m for m in mail.outbox if order.number in m.subject and m.to == [order.email]]
    assert "DE02 1203 0000 0000 2020 51" in message.body and f": {order.number}" in message.body
    pdf = pdf_text(
        client.get(f"/api/orders/{order.number}/vendor-orders/{order.vendor_orders.get().id}/invoice.pdf").content
    )
    assert "DE02 1203 0000 0000 2020 51" in pdf and f"Verwendungszweck / Reference: {order.number}" in pdf
    bank_receipt_record(
        actor=None, reference=order.number, amount=order.total, received_on=timezone.localdate(), bank_reference="B1"
    )
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    # Paid: the page stops asking for a transfer.
    assert 'data-testid="payment-details"' not in client.get(f"/orders/{order.number}/").content.decode()


def test_guest_checks_out_with_an_email_address_and_reaches_the_order_by_its_link(client, category):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=2500, stock=5)
    added = client.post("/cart/add/", {"offer": offer.id, "quantity": 1})
    assert added.status_code == 302 and added["Location"] == "/cart/"
    cart = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Helm" in cart and 'name="email"' in cart and '<select name="country"' in cart
    form = {
        "idempotency_key": "guest-1",
        "name": "Erika Muster",
        "street": "Hauptstr. 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "payment_method": "invoice",
    }
    before = row_counts()
    missing = client.post("/checkout/", form, HTTP_ACCEPT_LANGUAGE="de")
    assert missing.status_code == 400 and 'id="id_email-error"' in missing.content.decode()
    assert row_counts() == before
    wrong_country = client.post("/checkout/", {**form, "email": "e@example.test", "country": "FR"})
    assert wrong_country.status_code == 400 and 'id="id_country-error"' in wrong_country.content.decode()
    assert row_counts() == before
    placed = client.post("/checkout/", {**form, "email": "Erika@Example.test"})
    assert placed.status_code == 302 and placed["Location"].startswith("/orders/guest/")
    order = Order.objects.get(email="erika@example.test")
    page = client.get(placed["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert order.number in page and "IBAN" in page
    # The link is the key: an altered one is a 404, and a signed-in stranger's order page too.
    assert client.get(placed["Location"][:-3] + "xx/").status_code == 404
    assert client.get(f"/orders/{order.number}/").status_code == 302  # the account page needs a login


def test_guest_pays_by_card_on_the_payment_page_behind_the_order_link(client, category, settings):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_page"  # the secret key is stripe-mock's
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=2500, stock=5)
    client.post("/cart/add/", {"offer": offer.id, "quantity": 1})
    cart = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'value="card"' in cart  # guests may choose card or SEPA Direct Debit too
    form = {
        "email": "karte@example.test",
        "name": "Erika Muster",
        "street": "Hauptstr. 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
    }
    placed = client.post("/checkout/", {**form, "idempotency_key": "guest-card", "payment_method": "card"})
    assert placed.status_code == 302 and placed["Location"].startswith("/orders/guest/")
    assert placed["Location"].endswith("/pay/")
    order = Order.objects.get(email="karte@example.test")
    pay = client.get(placed["Location"], HTTP_ACCEPT_LANGUAGE="de")
    page = pay.content.decode()
    assert pay.status_code == 200 and 'data-client-secret="pi_' in page and pay["Cache-Control"] == "no-store"
    order_link = placed["Location"].removesuffix("pay/")
    assert f'data-return-url="http://testserver{order_link}"' in page
    # The order page behind the link offers the payment page again while it is unpaid.
    assert f'href="{placed["Location"]}"' in client.get(order_link, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    # An altered link is a 404; an invoice order has nothing to pay by card: on to its page.
    assert client.get(order_link[:-3] + "xx/pay/").status_code == 404
    client.post("/cart/add/", {"offer": offer.id, "quantity": 1})
    by_invoice = client.post("/checkout/", {**form, "idempotency_key": "guest-inv", "payment_method": "invoice"})
    assert not by_invoice["Location"].endswith("/pay/")
    redirected = client.get(by_invoice["Location"] + "pay/")
    assert redirected.status_code == 302 and redirected["Location"] == by_invoice["Location"]
    assert order.payment_status != Order.PaymentStatus.PAID


def test_an_account_made_after_a_guest_purchase_takes_the_order_along(client, category):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=2500, stock=5)
    client.post("/cart/add/", {"offer": offer.id, "quantity": 1})
    placed = client.post(
        "/checkout/",
        {
            "idempotency_key": "guest-2",
            "email": "gast@example.test",
            "name": "Erika Muster",
            "street": "Hauptstr. 1",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
            "payment_method": "invoice",
        },
    )
    order = Order.objects.get(email="gast@example.test")
    assert placed.status_code == 302
    # Another visitor (own session) registering gets nothing of it.
    from django.test import Client

    stranger = Client()
    stranger.post("/register/", {"email": "fremd@example.test", "password": "lange-sichere-phrase-7"})
    assert stranger.get(f"/orders/{order.number}/").status_code == 404
    registered = client.post("/register/", {"email": "gast@example.test", "password": "lange-sichere-phrase-7"})
    assert registered.status_code == 302
    order.refresh_from_db()
    assert order.buyer.email == "gast@example.test" and not order.buyer.buyer_profile.is_guest
    assert client.get(f"/orders/{order.number}/").status_code == 200


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"locker_id": "12", "carrier_customer_number": "12345678"}, "locker_id"),
        ({"locker_id": "123", "carrier_customer_number": "12ab"}, "carrier_customer_number"),
        ({"locker_id": "123", "carrier_customer_number": "12345678", "postal_code": "1011"}, "postal_code"),
    ],
)
def test_packstation_address_needs_a_locker_number_and_a_postnummer(client, fields, field):
    buyer = UserFactory()
    client.force_login(buyer)
    data = {
        "kind": "shipping",
        "type": "parcel_locker",
        "name": "Erika Muster",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        **fields,
    }
    before = row_counts()
    response = client.post("/account/addresses/", data)
    assert response.status_code == 400 and f'id="id_{field}-error"' in response.content.decode()
    assert row_counts() == before


def test_checkout_ships_to_a_saved_packstation_address(client, category):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=2500, stock=5)
    buyer = UserFactory()
    client.force_login(buyer)
    saved = client.post(
        "/account/addresses/",
        {
            "kind": "shipping",
            "type": "parcel_locker",
            "name": "Erika Muster",
            "locker_id": "123",
            "carrier_customer_number": "12345678",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    )
    assert saved.status_code == 302
    address = Address.objects.get(buyer=buyer)
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    cart = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Packstation 123" in cart
    placed = client.post(
        "/checkout/",
        {"idempotency_key": "k1", "saved_address": str(address.id), "country": "DE", "payment_method": "invoice"},
    )
    assert placed.status_code == 302
    order = Order.objects.get(buyer=buyer)
    assert order.shipping_address["street"] == "Packstation 123"
    assert order.shipping_address["carrier_customer_number"] == "12345678"
    # Another buyer's saved address cannot be chosen: it is not among the choices.
    other = UserFactory()
    client.force_login(other)
    cart_item_add(buyer=other, offer_id=offer.id, quantity=1)
    before = row_counts()
    refused = client.post(
        "/checkout/",
        {"idempotency_key": "k2", "saved_address": str(address.id), "country": "DE", "payment_method": "invoice"},
    )
    assert refused.status_code == 400 and row_counts() == before


def test_another_buyers_order_return_label_and_credit_note_are_404(client, category):
    buyer = UserFactory()
    order, part, vendor, owner = _delivered_order(category, buyer, price=2500, quantity=2)
    request = _return_one_unit(buyer, order, part, vendor, owner)
    refund = Refund.objects.get(id=request.refund_id)
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(f"/orders/{order.number}/").status_code == 404
    assert client.get(f"/api/returns/{request.id}/label.pdf").status_code == 404
    assert client.get(f"/api/orders/{order.number}/refunds/{refund.id}/credit-note.pdf").status_code == 404
    before = row_counts()
    line = part.lines.get()
    assert (
        client.post(
            f"/orders/{order.number}/parts/{part.id}/return/", {f"line-{line.id}": "1", "reason": "damaged"}
        ).status_code
        == 404
    )
    assert row_counts() == before
    # The owner reaches all three.
    client.force_login(buyer)
    assert client.get(f"/orders/{order.number}/").status_code == 200
    assert client.get(f"/api/orders/{order.number}/refunds/{refund.id}/credit-note.pdf").status_code == 200


def test_click_and_collect_at_a_seller_that_offers_it_charges_no_shipping_for_that_part(client, category):
    """Task c on the cart page: one seller's part collected at its shop, the other's shipped."""
    from tests.buyers.test_shipping import give_profile

    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    location = give_profile(alpha, alpha_owner, flat=490, threshold=0, pickup=True).pickup_locations.get()
    give_profile(beta, beta_owner, flat=590, threshold=0)
    a = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Lampe", price=1500, stock=5)
    b = make_offer(vendor=beta, owner=beta_owner, category=category, title="Kabel", price=900, stock=5)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=a.id, quantity=1)
    cart_item_add(buyer=buyer, offer_id=b.id, quantity=1)
    client.force_login(buyer)
    cart = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f'name="pickup-{alpha.id}"' in cart and f'name="pickup-{beta.id}"' not in cart
    assert "Abholen bei Laden" in cart
    form = {
        "idempotency_key": "pickup-1",
        "name": "Erika Muster",
        "street": "Hauptstr. 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "payment_method": "invoice",
    }
    before = row_counts()
    foreign = client.post("/checkout/", {**form, f"pickup-{beta.id}": str(location.id)})
    assert foreign.status_code == 400 and row_counts() == before  # Alpha's shop is not Beta's
    placed = client.post("/checkout/", {**form, f"pickup-{alpha.id}": str(location.id)})
    assert placed.status_code == 302
    order = Order.objects.get(buyer=buyer)
    parts = {part.vendor_id: part for part in order.vendor_orders.all()}
    assert parts[alpha.id].shipping_amount == 0 and parts[alpha.id].pickup_location_id == location.id
    assert parts[beta.id].shipping_amount == 590
    page = client.get(f"/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Abholung bei Laden, Hauptstr. 1, 10115 Berlin" in page
