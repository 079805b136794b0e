"""The whole marketplace path through the API, on real PostgreSQL and OpenSearch.

Transactions really commit here (transactional_db), so the outbox is delivered by its
on-commit hook exactly as in production with inline delivery.
"""

import pytest

from marketplace.models import Order, OutboxEvent
from payouts.ledger import BUYER_RECEIVABLE, COMMISSION_REVENUE, TAX_PAYABLE, account_balance, vendor_payable
from payouts.models import JournalEntry
from search.indexing import index_refresh
from tests.conftest import client_for
from tests.factories import CategoryFactory, UserFactory, application_data, make_operator, make_sellable
from vendors.models import Offer, Vendor

pytestmark = pytest.mark.django_db(transaction=True)


def apply_and_approve(operator_api, name):
    owner = UserFactory()
    owner_api = client_for(owner)
    response = owner_api.post("/api/vendors/apply/", application_data(name=name, email=owner.email), format="json")
    assert response.status_code == 201, response.data
    assert response.data["status"] == "applied"
    vendor_id = response.data["id"]
    assert operator_api.post(f"/api/operator/vendors/{vendor_id}/start-review/").status_code == 200
    # A fresh application has uploaded no documents yet: a risk warning the operator must confirm.
    response = operator_api.post(f"/api/operator/vendors/{vendor_id}/approve/")
    assert response.status_code == 400 and response.data["error_code"] == "risk_confirmation_required"
    assert "confirm_risks" in response.data
    assert Vendor.objects.get(id=vendor_id).status == "under_review"
    response = operator_api.post(f"/api/operator/vendors/{vendor_id}/approve/", {"confirm_risks": True}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "approved"
    # The connected account was created after commit; Stripe's account.updated enables payouts.
    vendor = Vendor.objects.get(id=vendor_id)
    assert vendor.stripe_account_id and not vendor.can_sell
    assert make_sellable(vendor).can_sell
    return owner_api, vendor_id


def test_operator_vendor_buyer_path(search_index, settings):
    settings.MARKETPLACE_COMMISSION_BPS = 1250  # 12.5 %
    operator_api = client_for(make_operator())
    parent = CategoryFactory(slug="sport", name_de="Sport", name_en="Sports")
    helmets = CategoryFactory(slug="helme", name_de="Helme", name_en="Helmets", parent=parent)
    other = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")

    alpha_api, alpha_id = apply_and_approve(operator_api, "Alpha Sport")
    beta_api, beta_id = apply_and_approve(operator_api, "Beta Rad")

    def list_product(vendor_api, title, price, stock, category):
        response = vendor_api.post(
            "/api/seller/listings/",
            {"category": category.id, "title": title, "price": {"amount": price, "currency": "EUR"}, "stock": stock},
            format="json",
        )
        assert response.status_code == 201, response.data
        assert response.data["status"] == "pending"  # a new product waits for moderation
        approved = operator_api.post(f"/api/operator/products/{response.data['product_id']}/approve/")
        assert approved.status_code == 200, approved.data
        return response.data["id"]

    alpha_offer = list_product(alpha_api, "Kinderfahrradhelm Blitz 52-56 cm", 3999, 5, helmets)
    beta_offer = list_product(beta_api, "Fahrradhelm Erwachsene Sturm", 5995, 3, helmets)
    list_product(beta_api, "Kaffeemühle Helmut", 2500, 9, other)

    # Every change went through the outbox and was delivered after commit.
    assert OutboxEvent.objects.filter(delivered_at__isnull=True).count() == 0
    assert OutboxEvent.objects.filter(topic="catalog.product_changed").exists()
    index_refresh()

    buyer_api = client_for(UserFactory())
    response = buyer_api.get("/api/search/products/", {"q": "fahrradhelm", "category": parent.id})
    assert response.status_code == 200, response.data
    titles = {hit["title"] for hit in response.data["hits"]}
    # Stemming/fuzziness finds both helmets; the category filter includes subcategories and
    # leaves the coffee grinder out.
    assert "Fahrradhelm Erwachsene Sturm" in titles
    assert "Kaffeemühle Helmut" not in titles
    response = buyer_api.get("/api/search/products/", {"category": helmets.id})
    assert {hit["best_offer_id"] for hit in response.data["hits"]} == {alpha_offer, beta_offer}

    assert buyer_api.post("/api/cart/items/", {"offer": alpha_offer, "quantity": 2}, format="json").status_code == 201
    response = buyer_api.post("/api/cart/items/", {"offer": beta_offer, "quantity": 1}, format="json")
    assert response.status_code == 201
    assert [group["vendor_id"] for group in response.data["groups"]] == sorted(
        [alpha_id, beta_id], key=lambda vid: Vendor.objects.get(id=vid).name
    )
    assert response.data["total"]["amount"] == 2 * 3999 + 5995

    checkout = {
        "payment_method": "invoice",
        "shipping_address": {
            "name": "Erika Muster",
            "street": "Hauptstr. 1",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    }
    response = buyer_api.post("/api/checkout/", checkout, format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    assert response.status_code == 201, response.data
    number = response.data["number"]
    assert response.data["total"]["amount"] == 13993
    assert len(response.data["vendor_orders"]) == 2

    # Repeating the same request places nothing new.
    again = buyer_api.post("/api/checkout/", checkout, format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    assert again.data["number"] == number
    assert Order.objects.count() == 1

    order = Order.objects.get(number=number)
    vendor_orders = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    assert set(vendor_orders) == {alpha_id, beta_id}
    assert vendor_orders[alpha_id].items_amount == 7998
    assert vendor_orders[alpha_id].commission_amount == 1000  # 12.5 % of 79.98 = 9.9975 -> 10.00
    assert vendor_orders[beta_id].commission_amount == 749  # 12.5 % of 59.95 = 7.49375 -> 7.49
    assert Offer.objects.get(id=alpha_offer).stock == 3
    assert Offer.objects.get(id=beta_offer).stock == 2

    entry = JournalEntry.objects.get(reference=number)
    assert sum(line.amount for line in entry.lines.all()) == 0
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 13993
    # Sellers are owed items - commission - VAT on the commission (19 %: 1.90 and 1.42 EUR).
    assert account_balance(vendor_payable(alpha_id), "EUR").amount == -(7998 - 1000 - 190)
    assert account_balance(vendor_payable(beta_id), "EUR").amount == -(5995 - 749 - 142)
    assert account_balance(COMMISSION_REVENUE, "EUR").amount == -1749
    assert account_balance(TAX_PAYABLE, "EUR").amount == -332

    # The buyer sees the order; the cart is empty; the index learnt the new stock.
    assert buyer_api.get(f"/api/orders/{number}/").status_code == 200
    assert buyer_api.get("/api/cart/").data["item_count"] == 0
    assert OutboxEvent.objects.filter(delivered_at__isnull=True).count() == 0
