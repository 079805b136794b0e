"""The variant bought is recorded on the order line (as text, in the category's words) and named on
the order API, in the confirmation mail, on the invoice and on the seller's order."""

import re

import pytest
from django.core import mail
from django.utils import translation

from buyers.emails import order_confirmation_send
from buyers.services import cart_item_add, checkout_place
from marketplace.events import ORDER_CONFIRMED
from marketplace.models import AttributeDefinition, OutboxEvent
from marketplace.money import Money
from tests.buyers.test_invoice_documents import pdf_text
from tests.conftest import client_for
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services import listing_create
from vendors.services.variants import variant_create

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Erika Muster", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def shirt(category):
    AttributeDefinition.objects.create(
        category=category, code="size", name_de="Größe", name_en="Size", kind="enum", allowed_values=["S", "M", "L"]
    )
    vendor, owner = make_vendor(name="Alpha")
    plain = make_offer(vendor=vendor, owner=owner, category=category, title="T-Shirt", sku="TS", price=1400)
    product = plain.product
    medium = variant_create(vendor=vendor, actor=owner, product_id=product.id, options={"size": "M"})
    large = variant_create(vendor=vendor, actor=owner, product_id=product.id, options={"size": "L"})
    offers = {
        variant.options["size"]: listing_create(
            vendor=vendor,
            actor=owner,
            product_id=product.id,
            variant_id=variant.id,
            price=Money(price, "EUR"),
            stock=5,
            sku=f"TS-{variant.options['size']}",
        )
        for variant, price in ((medium, 1500), (large, 1700))
    }
    return {"vendor": vendor, "owner": owner, "plain": plain, "offers": offers, "product": product}


def test_order_line_names_the_variant_bought_everywhere(shirt):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shirt["offers"]["L"].id, quantity=2)
    cart_item_add(buyer=buyer, offer_id=shirt["plain"].id, quantity=1)
    cart = client_for(buyer).get("/api/cart/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert {line["variant_label"] for group in cart["groups"] for line in group["lines"]} == {"Größe: L", ""}
    with translation.override("de"):
        order = checkout_place(buyer=buyer, idempotency_key="v", payment_method="invoice", shipping_address=ADDRESS)
    lines = {line.offer_id: line for line in order.vendor_orders.get().lines.all()}
    large = lines[shirt["offers"]["L"].id]
    assert large.variant_label == "Größe: L" and large.display_title == "T-Shirt (Größe: L)"
    assert large.unit_price_amount == 1700 and large.line_total_amount == 3400
    plain = lines[shirt["plain"].id]
    assert plain.variant_label == "" and plain.display_title == "T-Shirt"

    api = client_for(buyer)
    shown = api.get(f"/api/orders/{order.number}/").json()
    labels = {line["offer_id"]: line["variant_label"] for part in shown["vendor_orders"] for line in part["lines"]}
    assert labels == {shirt["offers"]["L"].id: "Größe: L", shirt["plain"].id: ""}

    seller = client_for(shirt["owner"]).get("/api/seller/orders/")
    assert seller.status_code == 200
    assert "Größe: L" in {line["variant_label"] for row in seller.json()["results"] for line in row["lines"]}

    mail.outbox.clear()
    order_confirmation_send(list(OutboxEvent.objects.filter(topic=ORDER_CONFIRMED, payload__order_id=order.id)))
    assert "2 x T-Shirt (Größe: L) (Alpha)" in mail.outbox[-1].body

    part = order.vendor_orders.get()
    pdf = api.get(f"/api/orders/{order.number}/vendor-orders/{part.id}/invoice.pdf")
    assert pdf.status_code == 200
    text = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), pdf_text(pdf.content))  # octal escapes
    assert "T-Shirt (Größe: L)" in text.replace("\\", "")


def test_the_label_is_kept_when_the_variant_changes_later(shirt):
    from vendors.services.variants import variant_update

    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shirt["offers"]["M"].id, quantity=1)
    with translation.override("en"):
        order = checkout_place(buyer=buyer, idempotency_key="v", payment_method="invoice", shipping_address=ADDRESS)
    variant = shirt["offers"]["M"].variant
    variant_update(
        vendor=shirt["vendor"],
        actor=shirt["owner"],
        product_id=shirt["product"].id,
        variant_id=variant.id,
        options={"size": "S"},
    )
    assert order.vendor_orders.get().lines.get().variant_label == "Size: M"
