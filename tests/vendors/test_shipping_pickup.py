"""Click and collect: free pickup, refused without a pickup location, and the checkout's lookups."""

import pytest

from marketplace.errors import DomainError, NotFound
from marketplace.money import Money
from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_vendor
from tests.vendors.test_shipping import URL, profile_body
from vendors.selectors import pickup_location_get, pickup_locations_for_vendor, shipping_rules_for_offers
from vendors.shipping import PICKUP, ProfileRules, RateRule, ShippingLine, ShippingUnavailable, ZoneRule, shipping_cost

ZONES = (ZoneRule("Inland", frozenset({"DE"}), "flat", (RateRule(490),)),)
SHOP = ProfileRules(1, "Paket", "EUR", 1, None, ZONES, pickup_location_ids=frozenset({7, 8}))
NO_PICKUP = ProfileRules(2, "Spedition", "EUR", 3, None, ZONES)


def eur(amount: int) -> Money:
    return Money(amount, "EUR")


def test_pickup_is_free_and_ignores_the_destination():
    lines = [ShippingLine(eur(1000), 3, SHOP)]
    assert shipping_cost(lines=lines, country="DE", currency="EUR") == eur(490)
    assert shipping_cost(lines=lines, country="US", currency="EUR", delivery=PICKUP) == eur(0)
    assert shipping_cost(lines=lines, country="DE", currency="EUR", delivery=PICKUP, pickup_location_id=8) == eur(0)


@pytest.mark.parametrize(
    ("lines", "location", "fragment"),
    [
        ([ShippingLine(eur(1000), 1, NO_PICKUP)], None, "offers no pickup"),
        ([ShippingLine(eur(1000), 1, None)], None, "offers no pickup"),  # no profile at all
        ([ShippingLine(eur(1000), 1, SHOP), ShippingLine(eur(100), 1, NO_PICKUP)], 7, "offers no pickup"),
        ([ShippingLine(eur(1000), 1, SHOP)], 9, "chosen pickup location"),
    ],
)
def test_pickup_refused_where_the_profile_has_no_such_location(lines, location, fragment):
    with pytest.raises(ShippingUnavailable) as error:
        shipping_cost(lines=lines, country="DE", currency="EUR", delivery=PICKUP, pickup_location_id=location)
    assert error.value.field == "pickup_location" and fragment in error.value.message


def test_unknown_delivery_choice_is_refused():
    with pytest.raises(DomainError) as error:
        shipping_cost(lines=[ShippingLine(eur(1000), 1, SHOP)], country="DE", currency="EUR", delivery="drone")
    assert error.value.field == "delivery" and "ship, pickup" in error.value.message


@pytest.mark.django_db
def test_checkout_lookups_and_rules_from_the_database(category):
    vendor, owner = make_vendor(name="Alpha")
    api = client_for(owner)
    shop = api.post(URL, profile_body(), format="json").data
    freight = api.post(URL, profile_body(name="Spedition", pickup_locations=[]), format="json").data
    location_id = shop["pickup_locations"][0]["id"]
    small = make_offer(vendor=vendor, owner=owner, category=category, title="Klein")
    bulky = make_offer(
        vendor=vendor, owner=owner, category=category, title="Schrank", shipping_profile_id=freight["id"]
    )
    rules = shipping_rules_for_offers(offers=[small, bulky])
    assert rules[small.id].pickup_location_ids == {location_id} and rules[bulky.id].pickup_location_ids == frozenset()
    line = ShippingLine(small.price, 1, rules[small.id])
    assert shipping_cost(
        lines=[line], country="DE", currency="EUR", delivery=PICKUP, pickup_location_id=location_id
    ) == eur(0)
    with pytest.raises(ShippingUnavailable):
        shipping_cost(
            lines=[line, ShippingLine(bulky.price, 1, rules[bulky.id])], country="DE", currency="EUR", delivery=PICKUP
        )

    points = pickup_locations_for_vendor(vendor.id)
    assert [(p.id, p.vendor_id, p.name, p.city) for p in points] == [(location_id, vendor.id, "Laden Mitte", "Berlin")]
    assert pickup_location_get(vendor_id=vendor.id, pickup_location_id=location_id) == points[0]
    beta, _ = make_vendor(name="Beta")
    assert pickup_locations_for_vendor(beta.id) == []
    for vendor_id, bad_id, error in [
        (beta.id, location_id, NotFound),  # another vendor's location: the same as a missing one
        (vendor.id, 999999, NotFound),
        (vendor.id, "7", DomainError),
        (vendor.id, 0, DomainError),
        (vendor.id, None, DomainError),
    ]:
        with pytest.raises(error) as raised:
            pickup_location_get(vendor_id=vendor_id, pickup_location_id=bad_id)
        assert raised.value.field == "pickup_location"


@pytest.mark.django_db
def test_pickup_location_keeps_its_id_across_profile_edits_and_names_are_unique():
    vendor, owner = make_vendor(name="Alpha")
    api = client_for(owner)
    profile = api.post(URL, profile_body(), format="json").data
    location_id = profile["pickup_locations"][0]["id"]
    body = profile_body()
    body["pickup_locations"][0]["opening_hours"] = {"tue": [["08:00", "12:00"]]}
    body["pickup_locations"].append({**body["pickup_locations"][0], "name": "Lager Süd", "street": "Südring 4"})
    updated = api.put(f"{URL}{profile['id']}/", body, format="json")
    assert updated.status_code == 200, updated.data
    first, second = updated.data["pickup_locations"]
    assert (first["id"], first["opening_hours"]) == (location_id, {"tue": [["08:00", "12:00"]]})  # sorted by name
    assert second["name"] == "Lager Süd" and second["id"] != location_id
    before = row_counts()
    body["pickup_locations"][1]["name"] = "Laden Mitte"
    twice = api.put(f"{URL}{profile['id']}/", body, format="json")
    assert twice.status_code == 400 and "appears twice" in twice.data["pickup_locations[1].name"][0]
    assert row_counts() == before
