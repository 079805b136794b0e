"""Withdrawal instructions and model form as a page and in the order confirmation PDF, the online
declaration form, and the checkout's order button, in German and English."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from buyers.models import WithdrawalDeclaration
from buyers.services import cart_item_add
from marketplace.models import VendorOrder
from marketplace.outbox import outbox_deliver
from tests.buyers.test_invoice_documents import pdf_text
from tests.conftest import row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, needles",
    [
        ("de", ["Widerrufsbelehrung", "binnen vierzehn Tagen", "Muster-Widerrufsformular", "Unzutreffendes streichen"]),
        (
            "en",
            [
                "Withdrawal instructions",
                "within 14 days without giving any reason",
                "Model withdrawal form",
                "Delete as appropriate",
            ],
        ),
    ],
)
def test_withdrawal_page_in_both_languages(client, language, needles):
    response = client.get("/withdrawal/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    text = response.content.decode()
    for needle in needles:
        assert needle in text, needle


@pytest.mark.parametrize(
    "language, label", [("de", "Zahlungspflichtig bestellen"), ("en", "Order with obligation to pay")]
)
def test_order_button_says_it_is_an_obligation_to_pay_with_totals_before_it(client, category, language, label):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=2500, stock=5)
    buyer = UserFactory()
    client.force_login(buyer)
    client.cookies["django_language"] = language
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    text = client.get("/cart/").content.decode()
    assert label in text and "Place order" not in text
    summary = text.index('class="checkout-summary"')
    assert summary < text.index(label)
    assert ("darin enthaltene USt." if language == "de" else "of which VAT") in text[summary : text.index(label)]
    assert ("Versand" if language == "de" else "Shipping") in text[summary : text.index(label)]


def test_order_confirmation_mail_carries_the_terms_as_pdf(category):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradhelm", price=2500, stock=5)
    order = place(UserFactory(), [(offer, 1)])
    outbox_deliver()
    [message] = [m for m in mail.outbox if order.number in m.subject and m.to == [order.email]]
    [(name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and name == f"order-{order.number}.pdf"
    text = pdf_text(content)
    for needle in (order.number, "Hansen GmbH", "Fahrradhelm", "Widerrufsbelehrung", "Muster-Widerrufsformular"):
        assert needle in text, needle


def _delivered(category, buyer, days_ago=2):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradhelm", price=2500, stock=5)
    order = place(buyer, [(offer, 1)])
    VendorOrder.objects.filter(order=order).update(
        status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=days_ago)
    )
    return order, order.vendor_orders.get()


@pytest.mark.parametrize("language, title", [("de", "Vom Vertrag zurücktreten"), ("en", "Withdraw from the contract")])
def test_declaration_form_page(client, category, language, title):
    buyer = UserFactory()
    order, part = _delivered(category, buyer)
    client.force_login(buyer)
    url = f"/orders/{order.number}/parts/{part.id}/withdrawal/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200 and title in page.content.decode() and "Fahrradhelm" in page.content.decode()
    before = row_counts()
    missing = client.post(
        url,
        {"lines": [part.lines.get().id], "consumer_name": "", "consumer_address": "Berlin"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert missing.status_code == 400 and row_counts() == before
    done = client.post(
        url,
        {"lines": [part.lines.get().id], "consumer_name": "Erika Muster", "consumer_address": "Hauptstr. 1, Berlin"},
    )
    assert done.status_code == 302
    assert WithdrawalDeclaration.objects.get().return_request.vendor_order == part


def test_someone_elses_declaration_form_is_a_404(client, category):
    order, part = _delivered(category, UserFactory())
    client.force_login(UserFactory())
    assert client.get(f"/orders/{order.number}/parts/{part.id}/withdrawal/").status_code == 404


@pytest.mark.parametrize("language, heading", [("de", "Einkauf als Unternehmen"), ("en", "Buying as a business")])
def test_buyer_declares_business_status_with_a_checked_vat_id(client, language, heading):
    from buyers.models import BuyerProfile

    buyer = UserFactory()
    BuyerProfile.objects.create(user=buyer)
    client.force_login(buyer)
    assert heading in client.get("/account/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    before = row_counts()
    bad = client.post(
        "/account/business/",
        {"is_business": "1", "company_name": "Muster GmbH", "vat_id": "DE123"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert "DE123" in bad.content.decode() and row_counts() == before
    assert not BuyerProfile.objects.get(user=buyer).is_business
    client.post("/account/business/", {"is_business": "1", "company_name": "Muster GmbH", "vat_id": "AT U13585627"})
    profile = BuyerProfile.objects.get(user=buyer)
    assert (profile.is_business, profile.company_name, profile.vat_id) == (True, "Muster GmbH", "ATU13585627")


@pytest.mark.parametrize(
    "language, link", [("de", "Vom Vertrag zurücktreten (Widerruf"), ("en", "Withdraw from the contract (no reason")]
)
def test_order_page_links_the_withdrawal_form_and_credit_notes(client, category, language, link):
    from payouts.services.refunds import RefundLineRequest, refund_create

    buyer = UserFactory()
    order, part = _delivered(category, buyer)
    refund = refund_create(
        actor=None, vendor_order_id=part.id, lines=[RefundLineRequest(part.lines.get().id, 500)], reason="Kulanz"
    )
    client.force_login(buyer)
    text = client.get(f"/orders/{order.number}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert link in text and f"/orders/{order.number}/parts/{part.id}/withdrawal/" in text
    pdf_url = f"/api/orders/{order.number}/refunds/{refund.id}/credit-note.pdf"
    assert pdf_url in text
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "GS-000001" in pdf_text(response.content)
