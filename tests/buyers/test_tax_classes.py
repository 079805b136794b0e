"""Reduced VAT: a tax class per category (books and food reduced), a product may override it; the
rate per destination country is configuration (DE 19/7 %, AT 20/10 %, CH 8.1/2.6 %). The class
prices the cart, the order lines, the invoice and the credit note of a refund."""

import pytest

from buyers.credit_notes import credit_note_data, credit_note_ensure
from buyers.invoices import invoice_data, invoice_ensure
from buyers.pricing import vat_included
from buyers.services import cart_item_add, checkout_place
from marketplace.models import Category, TaxClass
from marketplace.money import Money
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.conftest import client_for
from tests.factories import CategoryFactory, UserFactory, make_offer, make_operator, make_vendor
from vendors.models import Product

pytestmark = pytest.mark.django_db


def address(country="DE"):
    postal = {"DE": "10115", "AT": "1010", "CH": "8001"}[country]
    return {"name": "Erika Muster", "street": "Weg 1", "postal_code": postal, "city": "Ort", "country": country}


@pytest.fixture
def shop():
    books = CategoryFactory(slug="buecher", tax_class=TaxClass.REDUCED)
    tools = CategoryFactory(slug="werkzeug")
    vendor, owner = make_vendor(name="Alpha")
    return {
        "book": make_offer(vendor=vendor, owner=owner, category=books, title="Roman", price=2140, stock=20),
        "drill": make_offer(vendor=vendor, owner=owner, category=tools, title="Bohrer", price=11900, stock=20),
        "vendor": vendor,
        "owner": owner,
        "books": books,
    }


def buy(offers, country="DE", key="k"):
    buyer = UserFactory()
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    order = checkout_place(
        buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=address(country)
    )
    return buyer, order


def test_a_new_category_is_standard_rated():
    assert Category.objects.create(slug="neu", name_de="Neu", name_en="New").tax_class == TaxClass.STANDARD


@pytest.mark.parametrize(("country", "rate", "vat"), [("DE", 700, 140), ("AT", 1000, 195)])
def test_a_book_is_taxed_at_the_reduced_rate_of_the_destination(shop, country, rate, vat):
    _buyer, order = buy([shop["book"]], country=country)
    line = order.vendor_orders.get().lines.get()
    assert (line.vat_rate_bps, line.vat_amount) == (rate, vat)  # 21,40 gross: 1,40 at 7 %, 1,95 at 10 %


def test_a_product_overrides_its_categorys_class(shop):
    Product.objects.filter(id=shop["book"].product_id).update(tax_class=TaxClass.STANDARD)  # an e-reader among books
    Product.objects.filter(id=shop["drill"].product_id).update(tax_class=TaxClass.REDUCED)
    _buyer, order = buy([shop["book"], shop["drill"]])
    rates = {line.offer_id: line.vat_rate_bps for line in order.vendor_orders.get().lines.all()}
    assert rates == {shop["book"].id: 1900, shop["drill"].id: 700}


def test_the_cart_prices_a_book_at_the_reduced_rate(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["book"].id, quantity=1)
    data = client_for(buyer).get("/api/cart/").json()
    shipping = Money(data["shipping"]["amount"], "EUR")
    # 1,40 in the book's 21,40 plus the VAT in shipping, which follows the goods' (reduced) rate.
    assert data["vat"]["amount"] == 140 + vat_included(shipping, 700).amount


def test_invoice_and_credit_note_show_the_reduced_rate(shop):
    _buyer, order = buy([shop["book"], shop["drill"]])
    vo = order.vendor_orders.get()
    data = invoice_data(invoice=invoice_ensure(vendor_order=vo))
    by_rate = {row.rate_bps: row for row in data.rates}
    assert set(by_rate) == {700, 1900}
    book_line = next(line for line in data.lines if line.title == "Roman")
    assert (book_line.rate_bps, book_line.vat.amount) == (700, 140)
    assert by_rate[700].vat.amount >= 140 and by_rate[1900].vat.amount >= 1900
    assert sum(r.gross.amount for r in data.rates) == vo.items_amount - vo.discount_amount + vo.shipping_amount

    book = vo.lines.get(offer_id=shop["book"].id)
    refund = refund_create(actor=make_operator(), vendor_order_id=vo.id, lines=[RefundLineRequest(book.id)], reason="R")
    note = credit_note_data(note=credit_note_ensure(refund=refund))
    assert [(line.rate_bps, line.vat.amount, line.gross.amount) for line in note.lines] == [(700, -140, -2140)]
    assert [(row.rate_bps, row.vat.amount) for row in note.rates] == [(700, -140)]


def test_an_operator_sets_a_products_class_and_the_cart_follows(shop):
    from marketplace.models import AuditLogEntry

    operator, seller = make_operator(), shop["owner"]
    url = f"/api/operator/products/{shop['drill'].product_id}/tax-class/"
    assert client_for(seller).put(url, {"tax_class": "reduced"}, format="json").status_code == 403
    refused = client_for(operator).put(url, {"tax_class": "zero"}, format="json")
    assert refused.status_code == 400 and "tax_class" in refused.json()
    response = client_for(operator).put(url, {"tax_class": "reduced"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": shop["drill"].product_id, "tax_class": "reduced", "effective_tax_class": "reduced"}
    assert AuditLogEntry.objects.filter(action="product.tax_class_set").count() == 1
    _buyer, order = buy([shop["drill"]])
    assert order.vendor_orders.get().lines.get().vat_rate_bps == 700
    back = client_for(operator).put(url, {"tax_class": ""}, format="json").json()
    assert back["effective_tax_class"] == "standard"  # the category's again
