"""Issue #13 (storefront), in a real Chromium, in German, at desktop (1366 px) and phone (390 px) width:

- task a (second half): a guest buys by invoice, without an account, and sees the platform's bank
  details and the payment reference on the confirmation page and in the invoice PDF;
- task d: a buyer requests a return, follows its status and downloads the label; after the seller
  refunds, the order page shows the refund and the credit note.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from buyers import addresses, returns
from buyers.models import ReturnRequest
from buyers.services import cart_item_add
from frontend.common.templatetags.money import format_money
from marketplace.models import Order, VendorOrder
from payouts.models import Refund
from payouts.selectors.receivables import invoice_payment_instructions
from tests.buyers.test_invoice_documents import pdf_text
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.payouts.conftest import place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(WIDTHS))
def german_page(request, new_context):
    page = new_context("de", viewport=WIDTHS[request.param]).new_page()
    page.width_name = request.param
    return page


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "page scrolls sideways"


def test_a_guest_buys_by_invoice(live_server, search_index, german_page, settings):
    page = german_page
    settings.MARKETPLACE_INVOICE_DISCOUNT_BPS = 200  # Skonto: 2 % if paid within 7 days
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    vendor, owner = make_vendor(name="Röstwerk")
    offer = make_offer(
        vendor=vendor, owner=owner, category=category, title="Espressobohnen Kräftig 1 kg", price=1890, stock=4
    )

    page.goto(f"{live_server.url}/p/{offer.product_id}/")
    page.get_by_role("button", name="In den Warenkorb").first.click()
    # No login asked: the cart lives with the session.
    expect(page.get_by_role("heading", name="Ihr Warenkorb")).to_be_visible()
    expect(page.get_by_text("Espressobohnen Kräftig 1 kg").first).to_be_visible()
    expect(page.locator(".checkout-steps [aria-current=step]")).to_contain_text("Adresse und Zahlung")

    # A first try without the e-mail: the page comes back with the focus on the error summary,
    # which links to the field; the error stands next to the field too.
    page.get_by_label("Name", exact=True).fill("Erika Mustermann")
    page.get_by_label("Straße und Hausnummer").fill("Hauptstraße 1")
    page.get_by_label("Postleitzahl").fill("10115")
    page.get_by_label("Ort", exact=True).fill("Berlin")
    page.get_by_role("button", name="Zahlungspflichtig bestellen").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_email-error")).to_be_visible()
    assert not Order.objects.exists()

    page.get_by_label("E-Mail-Adresse").fill("erika@example.test")
    expect(page.get_by_label("Land")).to_have_value("DE")
    page.get_by_role("button", name="Zahlungspflichtig bestellen").click()

    order = Order.objects.get(email="erika@example.test")
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    payment = invoice_payment_instructions(order=order)
    details = page.get_by_test_id("payment-details")
    expect(details).to_be_visible()
    expect(details).to_contain_text("Bitte per Überweisung bezahlen")
    expect(page.get_by_test_id("payment-iban")).to_have_text(payment.iban_display)
    expect(page.get_by_test_id("payment-reference")).to_have_text(order.number)
    expect(details).to_contain_text(format_money(order.total_amount, "EUR", "de"))
    expect(details).to_contain_text("Skonto 2 %")
    expect(details).to_contain_text(format_money(payment.discounted_amount.amount, "EUR", "de"))
    expect(page.get_by_test_id("guest-account-hint")).to_be_visible()
    _no_horizontal_scroll(page)
    screenshot(page, f"guest-invoice-confirmation-{page.width_name}", language="de")

    # The invoice PDF behind the confirmation page's link carries the same details.
    href = page.get_by_role("link", name="Rechnung herunterladen (PDF)").get_attribute("href")
    response = page.context.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/pdf")
    text = pdf_text(response.body())
    assert payment.iban_display in text and f"Verwendungszweck / Reference: {order.number}" in text
    assert "Skonto" in text and str(order.total) in text


def test_d_buyer_returns_and_sees_refund(live_server, german_page):
    page = german_page
    category = CategoryFactory(slug="tassen", name_de="Tassen", name_en="Cups")
    vendor, owner = make_vendor(name="Porzellanhof")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Kaffeetasse Weiß", price=1897, stock=9)
    buyer = UserFactory()
    order = place(buyer, [(offer, 3)])
    VendorOrder.objects.filter(order=order).update(
        status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=2)
    )
    part = order.vendor_orders.get()
    line = part.lines.get()

    page.goto(f"{live_server.url}/orders/{order.number}/")
    log_in(page, buyer, language="de")
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    timeline = page.locator(f"[data-part='{part.id}'] .order-timeline")
    expect(timeline.locator("[data-step=delivered]")).to_have_class("order-timeline-step is-done")

    page.get_by_label("Kaffeetasse Weiß").fill("1")
    page.get_by_label("Grund").select_option("damaged")
    page.get_by_role("button", name="Rücksendung anfragen").click()
    request = ReturnRequest.objects.get(vendor_order=part)
    entry = page.locator(f"[data-return='{request.id}']")
    expect(entry).to_contain_text(f"Rücksendung R-{request.id}")
    expect(entry.locator(".status-badge")).to_have_text("Angefragt")
    # Two units are left to return, not the same form for all three again.
    expect(page.get_by_label("Kaffeetasse Weiß")).to_have_attribute("max", "2")

    # The seller approves with instructions; the buyer sees them and downloads the label.
    returns.return_approve(
        vendor=vendor, actor=owner, return_id=request.id, instructions="Bitte gut gepolstert mit DHL senden."
    )
    page.reload()
    expect(entry.locator(".status-badge")).to_have_text("Genehmigt")
    expect(entry).to_contain_text("Bitte gut gepolstert mit DHL senden.")
    with page.expect_download() as download_info:
        page.get_by_test_id("return-label").click()
    label = download_info.value
    assert label.suggested_filename == f"return-R-{request.id}.pdf"
    with open(label.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    # The parcel arrives and the seller refunds: the order page shows the refund and the credit note.
    returns.return_mark_received(vendor=vendor, actor=owner, return_id=request.id)
    returns.return_refund(vendor=vendor, actor=owner, return_id=request.id)
    refund = Refund.objects.get(vendor_order_id=part.id)
    page.reload()
    expect(entry.locator(".status-badge")).to_have_text("Erstattet")
    amount = format_money(refund.amount, "EUR", "de")
    expect(entry).to_contain_text(f"Erstattet: {amount}")
    refunds = page.get_by_test_id("part-refunds")
    expect(refunds).to_contain_text(amount)
    expect(page.get_by_test_id("order-refunded")).to_contain_text(amount)
    expect(page.locator(f"#part-{part.id}")).to_contain_text("Teilweise erstattet")
    note_link = refunds.get_by_role("link", name="Gutschrift (PDF)")
    response = page.context.request.get(live_server.url + note_link.get_attribute("href"))
    assert response.status == 200 and "GS-000001" in pdf_text(response.body())
    page.reload()  # the credit note, once issued, is named by its number
    expect(refunds.get_by_role("link", name="Gutschrift GS-000001 (PDF)")).to_be_visible()
    _no_horizontal_scroll(page)
    screenshot(page, f"return-refunded-{page.width_name}", language="de")


def test_b_buyer_pays_by_card_through_the_payment_element(live_server, german_page, settings):
    """Part of task b: a signed-in buyer ships to a saved Packstation address and pays by card
    through the Payment Element (a stand-in for Stripe.js, tests/e2e/stripe_standin.py) against
    stripe-mock; a declined card first gets Stripe's message next to the field."""
    page = german_page
    settings.ROOT_URLCONF = "tests.e2e.stripe_standin"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_standin"
    settings.STRIPE_JS_URL = f"{live_server.url}/_stripe-standin/v3/"
    category = CategoryFactory(slug="zelte", name_de="Zelte", name_en="Tents")
    vendor, owner = make_vendor(name="Outdoorhaus")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Trekkingzelt 2P", price=14900, stock=3)
    buyer = UserFactory()
    addresses.address_create(
        buyer=buyer,
        kind="shipping",
        type="parcel_locker",
        name="Erika Mustermann",
        locker_id="123",
        carrier_customer_number="12345678",
        postal_code="10115",
        city="Berlin",
        country="DE",
    )
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)

    page.goto(f"{live_server.url}/login/?next=/cart/")
    log_in(page, buyer, language="de")
    expect(page.get_by_label("Packstation 123", exact=False)).to_be_checked()
    page.get_by_label("Karte oder SEPA-Lastschrift").check()
    page.get_by_role("button", name="Zahlungspflichtig bestellen").click()

    order = Order.objects.get(buyer=buyer)
    assert order.payment_method == "card" and order.payment_intent_id
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    page.get_by_label("Kartennummer").fill("4000 0000 0000 0002")
    page.get_by_test_id("pay-button").click()
    error = page.locator("#payment-error")
    expect(error).to_have_text("Ihre Karte wurde abgelehnt.")
    expect(error).to_be_focused()
    order.refresh_from_db()
    assert order.payment_status != Order.PaymentStatus.PAID

    page.get_by_label("Kartennummer").fill("4242 4242 4242 4242")
    page.get_by_test_id("pay-button").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/\?payment_intent="))
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID and order.status == Order.Status.PLACED
    page.goto(f"{live_server.url}/orders/{order.number}/")
    expect(page.get_by_test_id("payment-open")).to_have_count(0)
    expect(page.locator("address")).to_contain_text("Packstation 123")
    expect(page.locator("address")).to_contain_text("12345678")
    _no_horizontal_scroll(page)
    screenshot(page, f"card-paid-{page.width_name}", language="de")
