"""CO2 compensation: an amount per parcel, in the order total, credited to its own ledger account."""

import pytest

from marketplace.errors import DomainError
from payouts.ledger import BUYER_RECEIVABLE, CO2_COMPENSATION, account_balance
from tests.buyers.loyalty.helpers import ADDRESS, all_counts, make_shop, place, unbalanced_entries
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(category):
    return make_shop(category)


def test_co2_contribution_per_shipment_goes_to_its_own_account(shop, settings):
    settings.ADDONS_CO2_PER_SHIPMENT = 75
    reference = place(UserFactory(), shop, key="plain")
    order = place(UserFactory(), shop, key="green", co2_compensation=True)
    assert order.co2_amount == 150  # two sellers, two parcels
    assert order.total_amount == reference.total_amount + 150
    assert order.total_amount == sum(vo.total_amount for vo in order.vendor_orders.all()) + order.co2_amount
    # The sellers get exactly what they get without it.
    assert sorted(vo.payable_amount for vo in order.vendor_orders.all()) == sorted(
        vo.payable_amount for vo in reference.vendor_orders.all()
    )
    assert account_balance(CO2_COMPENSATION, "EUR").amount == -150  # credit: held for the project
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == reference.total_amount + order.total_amount
    assert unbalanced_entries() == []


def test_co2_through_the_api_and_in_another_currency_refused(shop, settings):
    buyer = UserFactory()
    api = client_for(buyer)
    api.post("/api/cart/items/", {"offer": shop["alpha"]["offer"].id, "quantity": 1}, format="json")
    response = api.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": ADDRESS, "co2_compensation": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a",
    )
    assert response.status_code == 201, response.data
    assert response.data["co2"]["amount"] == settings.ADDONS_CO2_PER_SHIPMENT
    settings.ADDONS_CO2_CURRENCY = "CHF"
    api.post("/api/cart/items/", {"offer": shop["beta"]["offer"].id, "quantity": 1}, format="json")
    before = all_counts()
    with pytest.raises(DomainError) as refused:
        place(buyer, shop, names=(), key="b", co2_compensation=True)
    assert refused.value.field == "co2_compensation"
    assert all_counts() == before
