"""Shipping profiles through the API, and the pure shipping cost function."""

import pytest

from marketplace.models import OutboxEvent
from marketplace.money import Money
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import Offer, ShippingProfile
from vendors.selectors import shipping_rules_for_offers
from vendors.services import vendor_member_add
from vendors.shipping import ProfileRules, RateRule, ShippingLine, ShippingUnavailable, ZoneRule, shipping_cost

URL = "/api/seller/shipping-profiles/"


def eur(amount: int) -> Money:
    return Money(amount, "EUR")


def profile_body(**overrides):
    body = {
        "name": "Paket",
        "handling_days": 1,
        "free_shipping_threshold": {"amount": 5000, "currency": "EUR"},
        "zones": [
            {"name": "Inland", "countries": ["DE"], "rate_kind": "flat", "rates": [{"amount": 490}]},
            {
                "name": "Nachbarn",
                "countries": ["AT", "CH"],
                "rate_kind": "weight",
                "rates": [
                    {"amount": 990, "max_weight_g": 2000},
                    {"amount": 1990, "max_weight_g": 10000},
                    {"amount": 3990},
                ],
            },
            {
                "name": "EU",
                "countries": ["FR", "NL"],
                "rate_kind": "per_item",
                "rates": [{"amount": 800, "additional_item_amount": 200}],
            },
        ],
        "pickup_locations": [
            {
                "name": "Laden Mitte",
                "street": "Hauptstr. 1",
                "postal_code": "10115",
                "city": "Berlin",
                "country": "DE",
                "opening_hours": {"mon": [["09:00", "13:00"], ["14:00", "18:00"]], "sat": [["10:00", "14:00"]]},
            }
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def seller(db):
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner, client_for(owner)


# --- the pure function ----------------------------------------------------------------------


RULES = ProfileRules(
    profile_id=1,
    name="Paket",
    currency="EUR",
    handling_days=1,
    free_shipping_threshold=eur(5000),
    zones=(
        ZoneRule("Inland", frozenset({"DE"}), "flat", (RateRule(490),)),
        ZoneRule("Nachbarn", frozenset({"AT"}), "weight", (RateRule(990, 0, 2000), RateRule(1990, 0, 10000))),
        ZoneRule("EU", frozenset({"FR"}), "per_item", (RateRule(800, 200),)),
    ),
)
FREIGHT = ProfileRules(
    2, "Spedition", "EUR", 5, None, (ZoneRule("Inland", frozenset({"DE"}), "flat", (RateRule(4900),)),)
)


@pytest.mark.parametrize(
    ("lines", "country", "expected"),
    [
        ([ShippingLine(eur(1000), 2, RULES)], "DE", 490),  # flat per parcel, whatever the quantity
        ([ShippingLine(eur(2500), 2, RULES)], "DE", 0),  # subtotal 50.00 reaches the threshold
        ([ShippingLine(eur(1000), 3, RULES)], "FR", 800 + 2 * 200),  # per item
        ([ShippingLine(eur(100), 4, RULES, weight_g=500)], "AT", 990),  # 2000 g fits the first bracket
        ([ShippingLine(eur(100), 5, RULES, weight_g=500)], "AT", 1990),  # 2500 g: the next one
        ([ShippingLine(eur(100), 1, RULES, weight_g=None)], "AT", 1990),  # unknown weight: heaviest bracket
        ([ShippingLine(eur(1000), 1, RULES), ShippingLine(eur(9000), 1, FREIGHT)], "DE", 490 + 4900),  # two parcels
        ([ShippingLine(eur(1000), 1, None)], "IT", 0),  # no profile: shipping included in the price
    ],
)
def test_shipping_cost(lines, country, expected):
    assert shipping_cost(lines=lines, country=country, currency="EUR") == eur(expected)


def test_shipping_cost_refuses_unserved_country_and_overweight():
    with pytest.raises(ShippingUnavailable) as error:
        shipping_cost(lines=[ShippingLine(eur(1000), 1, RULES)], country="US", currency="EUR")
    assert error.value.field == "country" and "US" in error.value.message
    with pytest.raises(ShippingUnavailable) as error:
        shipping_cost(lines=[ShippingLine(eur(100), 1, RULES, weight_g=10001)], country="AT", currency="EUR")
    assert "10001 g" in error.value.message


# --- the API ----------------------------------------------------------------------------------


def test_create_profile_and_read_it_back(seller):
    vendor, owner, api = seller
    response = api.post(URL, profile_body(), format="json")
    assert response.status_code == 201, response.data
    data = response.data
    assert data["is_default"] is True  # a vendor's first profile
    assert data["free_shipping_threshold"]["amount"] == 5000 and data["currency"] == "EUR"
    assert [z["name"] for z in data["zones"]] == ["Inland", "Nachbarn", "EU"]
    assert [r["max_weight_g"] for r in data["zones"][1]["rates"]] == [2000, 10000, None]
    assert data["pickup_locations"][0]["opening_hours"]["mon"] == [["09:00", "13:00"], ["14:00", "18:00"]]
    assert api.get(f"{URL}{data['id']}/").data == data
    assert api.get(URL).data["results"] == [data]


def test_offers_use_their_profile_or_the_vendors_default(seller, category):
    vendor, owner, api = seller
    default_id = api.post(URL, profile_body(), format="json").data["id"]
    freight = profile_body(
        name="Spedition",
        free_shipping_threshold=None,
        zones=[{"name": "DE", "countries": ["DE"], "rate_kind": "flat", "rates": [{"amount": 4900}]}],
        pickup_locations=[],
    )
    freight_id = api.post(URL, freight, format="json").data["id"]
    plain = make_offer(vendor=vendor, owner=owner, category=category, title="Klein")
    bulky = make_offer(vendor=vendor, owner=owner, category=category, title="Schrank", shipping_profile_id=freight_id)
    rules = shipping_rules_for_offers(offers=[plain, bulky])
    assert rules[plain.id].profile_id == default_id and rules[bulky.id].profile_id == freight_id
    lines = [ShippingLine(o.price, 1, rules[o.id], o.weight_g) for o in (plain, bulky)]
    assert shipping_cost(lines=lines, country="DE", currency="EUR") == eur(490 + 4900)


def test_update_replaces_zones_and_publishes_changes_of_affected_products(seller, category):
    vendor, owner, api = seller
    profile_id = api.post(URL, profile_body(), format="json").data["id"]
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    events = OutboxEvent.objects.filter(key=f"product:{offer.product_id}").count()
    body = profile_body(
        zones=[{"name": "DACH", "countries": ["DE", "AT", "CH"], "rate_kind": "flat", "rates": [{"amount": 590}]}]
    )
    response = api.put(f"{URL}{profile_id}/", body, format="json")
    assert response.status_code == 200, response.data
    assert [z["countries"] for z in response.data["zones"]] == [["DE", "AT", "CH"]]
    # Shipping is part of the landed price the search shows: the product is re-indexed.
    assert OutboxEvent.objects.filter(key=f"product:{offer.product_id}").count() == events + 1


def test_delete_refuses_a_profile_in_use(seller, category):
    vendor, owner, api = seller
    first = api.post(URL, profile_body(), format="json").data["id"]
    second = api.post(URL, profile_body(name="Zweites"), format="json").data["id"]
    offer = make_offer(vendor=vendor, owner=owner, category=category, shipping_profile_id=second)
    before = row_counts()
    response = api.delete(f"{URL}{second}/")
    assert response.status_code == 409 and "1 of your offers" in response.data["shipping_profile"][0]
    response = api.delete(f"{URL}{first}/")  # the default, while another profile exists
    assert response.status_code == 409 and "is_default" in response.data
    assert row_counts() == before
    Offer.objects.filter(id=offer.id).update(shipping_profile=None)
    assert api.delete(f"{URL}{second}/").status_code == 204
    assert list(ShippingProfile.objects.filter(vendor=vendor).values_list("id", flat=True)) == [first]


def test_new_default_takes_over(seller):
    vendor, owner, api = seller
    first = api.post(URL, profile_body(), format="json").data["id"]
    second = api.post(URL, profile_body(name="Express", is_default=True), format="json").data["id"]
    defaults = list(ShippingProfile.objects.filter(vendor=vendor, is_default=True).values_list("id", flat=True))
    assert defaults == [second] and first != second


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"name": ""}, "name", "blank"),
        ({"name": "Paket"}, "name", "already have"),
        ({"currency": "USD"}, "currency", "not accepted"),
        ({"currency": "0"}, "currency", "not accepted"),  # not a currency code at all: was a 500
        ({"handling_days": 31}, "handling_days", "less than or equal to 30"),
        ({"free_shipping_threshold": {"amount": 0, "currency": "EUR"}}, "free_shipping_threshold", "greater than zero"),
        ({"zones": [], "pickup_locations": []}, "zones", "at least one"),
        (
            {"zones": [{"name": "X", "countries": ["XX"], "rate_kind": "flat", "rates": [{"amount": 1}]}]},
            "zones[0].countries",
            "ISO 3166",
        ),
        (
            {"zones": [{"name": "X", "countries": [], "rate_kind": "flat", "rates": [{"amount": 1}]}]},
            "zones[0].countries",
            "at least one",
        ),
        (
            {
                "zones": [
                    {"name": "A", "countries": ["DE"], "rate_kind": "flat", "rates": [{"amount": 1}]},
                    {"name": "B", "countries": ["de"], "rate_kind": "flat", "rates": [{"amount": 1}]},
                ]
            },
            "zones[1].countries",
            "one zone only",
        ),
        (
            {"zones": [{"name": "X", "countries": ["DE"], "rate_kind": "air", "rates": [{"amount": 1}]}]},
            "zones",
            "not a valid choice",
        ),
        (
            {"zones": [{"name": "X", "countries": ["DE"], "rate_kind": "flat", "rates": []}]},
            "zones[0].rates",
            "at least one",
        ),
        (
            {"zones": [{"name": "X", "countries": ["DE"], "rate_kind": "flat", "rates": [{"amount": -1}]}]},
            "zones[0].rates[0].amount",
            "between 0",
        ),
        (
            {
                "zones": [
                    {"name": "X", "countries": ["DE"], "rate_kind": "flat", "rates": [{"amount": 1}, {"amount": 2}]}
                ]
            },
            "zones[0].rates",
            "exactly one",
        ),
        (
            {
                "zones": [
                    {
                        "name": "X",
                        "countries": ["DE"],
                        "rate_kind": "weight",
                        "rates": [{"amount": 1, "max_weight_g": 500}, {"amount": 2, "max_weight_g": 400}],
                    }
                ]
            },
            "zones[0].rates",
            "strictly increasing",
        ),
        (
            {
                "zones": [
                    {
                        "name": "X",
                        "countries": ["DE"],
                        "rate_kind": "weight",
                        "rates": [{"amount": 1}, {"amount": 2, "max_weight_g": 400}],
                    }
                ]
            },
            "zones[0].rates",
            "last weight bracket",
        ),
        (
            {"pickup_locations": [{**profile_body()["pickup_locations"][0], "country": "Deutschland"}]},
            "pickup_locations",
            "no more than 2",
        ),
        ({"pickup_locations": [{**profile_body()["pickup_locations"][0], "city": " "}]}, "pickup_locations", "blank"),
        (
            {
                "pickup_locations": [
                    {**profile_body()["pickup_locations"][0], "opening_hours": {"monday": [["09:00", "10:00"]]}}
                ]
            },
            "pickup_locations[0].opening_hours",
            "Unknown weekday",
        ),
        (
            {
                "pickup_locations": [
                    {**profile_body()["pickup_locations"][0], "opening_hours": {"mon": [["18:00", "09:00"]]}}
                ]
            },
            "pickup_locations[0].opening_hours",
            "close after they open",
        ),
        (
            {
                "pickup_locations": [
                    {**profile_body()["pickup_locations"][0], "opening_hours": {"mon": [["9:00", "10:00"]]}}
                ]
            },
            "pickup_locations[0].opening_hours",
            "HH:MM",
        ),
    ],
)
def test_profile_rejects_bad_input(seller, change, field, fragment):
    vendor, owner, api = seller
    api.post(URL, profile_body(), format="json")
    before = row_counts()
    body = profile_body(name="Neu")  # the vendor already has "Paket"
    body.update(change)
    response = api.post(URL, body, format="json")
    assert response.status_code in (400, 409), response.data
    assert field in response.data, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before


def test_offer_refuses_foreign_or_other_currency_profile(settings, seller, category):
    settings.MARKETPLACE_CURRENCIES = ["EUR", "CHF"]
    vendor, owner, api = seller
    swiss = api.post(URL, profile_body(name="CHF", currency="CHF", free_shipping_threshold=None), format="json").data[
        "id"
    ]
    beta, beta_owner = make_vendor(name="Beta")
    foreign = client_for(beta_owner).post(URL, profile_body(), format="json").data["id"]
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    before = row_counts()
    response = api.patch(f"/api/seller/offers/{offer.id}/", {"shipping_profile": foreign}, format="json")
    assert response.status_code == 404 and "shipping_profile" in response.data
    response = api.patch(f"/api/seller/offers/{offer.id}/", {"shipping_profile": swiss}, format="json")
    assert response.status_code == 400 and "CHF" in response.data["shipping_profile"][0]
    assert row_counts() == before


def test_other_vendors_profiles_are_not_found(seller):
    vendor, owner, api = seller
    profile_id = api.post(URL, profile_body(), format="json").data["id"]
    beta, beta_owner = make_vendor(name="Beta")
    beta_api = client_for(beta_owner)
    before = row_counts()
    for call in (beta_api.get, beta_api.delete):
        foreign, missing = call(f"{URL}{profile_id}/"), call(f"{URL}999999/")
        assert foreign.status_code == missing.status_code == 404 and foreign.data == missing.data
    foreign = beta_api.put(f"{URL}{profile_id}/", profile_body(), format="json")
    assert foreign.status_code == 404
    assert beta_api.get(URL).data["results"] == []
    assert row_counts() == before


@pytest.mark.parametrize("role", ["fulfilment", "finance"])
def test_roles_without_manage_listings_cannot_write_profiles(seller, role):
    vendor, owner, api = seller
    profile_id = api.post(URL, profile_body(), format="json").data["id"]
    staff = UserFactory()
    vendor_member_add(vendor=vendor, user=staff, role=role)
    staff_api = client_for(staff)
    before = row_counts()
    assert staff_api.post(URL, profile_body(name="Neu"), format="json").status_code == 403
    assert staff_api.put(f"{URL}{profile_id}/", profile_body(name="Neu"), format="json").status_code == 403
    assert staff_api.delete(f"{URL}{profile_id}/").status_code == 403
    assert row_counts() == before
