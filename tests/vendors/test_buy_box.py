"""Buy box: the documented score picks the default offer; losers learn why in concrete terms."""

import pytest

from marketplace.money import Money
from tests.conftest import client_for
from tests.factories import make_offer, make_vendor
from vendors.buy_box import Candidate, buy_box
from vendors.selectors import buy_box_for_products
from vendors.services import offer_update
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create
from vendors.shipping import ProfileRules, RateRule, ZoneRule

pytestmark = pytest.mark.django_db
GTIN = "4006381333931"


def ships_de(vendor, owner, amount=490, countries=("DE",)):
    return shipping_profile_create(
        vendor=vendor,
        actor=owner,
        name="Paket",
        currency="EUR",
        zones=[ZoneSpec(name="Inland", countries=list(countries), rate_kind="flat", rates=[RateSpec(amount=amount)])],
    )


@pytest.fixture
def market(category):
    """Three sellers of one product: Alpha cheapest landed, Beta 2.30 EUR dearer, Gamma slower."""
    sellers = {}
    for name, price, handling in [("Alpha", 1999, 2), ("Beta", 2229, 2), ("Gamma", 1999, 4)]:
        vendor, owner = make_vendor(name=name)
        ships_de(vendor, owner)
        offer = make_offer(
            vendor=vendor, owner=owner, category=category, gtin=GTIN, price=price, handling_days=handling
        )
        sellers[name] = (vendor, owner, offer)
    return sellers


def test_cheapest_landed_price_wins_and_losers_get_concrete_reasons(market):
    alpha, beta, gamma = (market[n][2] for n in ("Alpha", "Beta", "Gamma"))
    box = buy_box_for_products(product_ids=[alpha.product_id])[(alpha.product_id, None, "new")]
    assert box.winner.offer_id == alpha.id
    assert box.winner.landed_price == Money(1999 + 490, "EUR")
    assert box.entries[beta.id].reasons == ["landed price 2.30 EUR above the winning offer"]
    assert box.entries[gamma.id].reasons == ["delivery 2 days slower"]


def test_free_shipping_threshold_changes_the_landed_price(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    ships_de(alpha, alpha_owner, amount=490)
    beta, beta_owner = make_vendor(name="Beta")
    shipping_profile_create(
        vendor=beta,
        actor=beta_owner,
        name="Gratis ab 20",
        currency="EUR",
        free_shipping_threshold=Money(2000, "EUR"),
        zones=[ZoneSpec(name="DE", countries=["DE"], rate_kind="flat", rates=[RateSpec(amount=690)])],
    )
    a = make_offer(vendor=alpha, owner=alpha_owner, category=category, gtin=GTIN, price=1999)
    b = make_offer(vendor=beta, owner=beta_owner, category=category, gtin=GTIN, price=2100)
    box = buy_box_for_products(product_ids=[a.product_id])[(a.product_id, None, "new")]
    # 21.00 with free shipping beats 19.99 + 4.90.
    assert box.winner.offer_id == b.id
    assert box.entries[a.id].reasons == ["landed price 3.89 EUR above the winning offer"]


def test_out_of_stock_and_not_shipping_to_de_are_not_eligible(market, category):
    alpha_vendor, alpha_owner, alpha = market["Alpha"]
    offer_update(vendor=alpha_vendor, actor=alpha_owner, offer_id=alpha.id, stock=0)
    delta, delta_owner = make_vendor(name="Delta")
    ships_de(delta, delta_owner, countries=("AT",))
    austrian = make_offer(vendor=delta, owner=delta_owner, category=category, gtin=GTIN, price=100)
    box = buy_box_for_products(product_ids=[alpha.product_id])[(alpha.product_id, None, "new")]
    assert box.winner.offer_id == market["Gamma"][2].id  # 19.99, slower, but Alpha has no stock
    assert box.entries[alpha.id].reasons == ["out of stock"]
    assert box.entries[austrian.id].reasons == ["does not ship to DE"]


def test_ties_go_to_more_stock_then_the_older_offer():
    rules = ProfileRules(1, "P", "EUR", 2, None, (ZoneRule("DE", frozenset({"DE"}), "flat", (RateRule(0),)),))
    older = Candidate(1, 10, Money(1000, "EUR"), 5, 2, rules)
    more_stock = Candidate(2, 11, Money(1000, "EUR"), 9, 2, rules)
    newer = Candidate(3, 12, Money(1000, "EUR"), 5, 2, rules)
    box = buy_box([newer, older, more_stock])
    assert box.winner.offer_id == 2
    assert box.entries[1].reasons == ["same score; the offer with more stock (9) wins"]


def test_score_weighs_delivery_against_price():
    rules = ProfileRules(1, "P", "EUR", 2, None, (ZoneRule("DE", frozenset({"DE"}), "flat", (RateRule(0),)),))
    # 3 days slower costs 6 %: 100.00 delivered in 1+1 days beats 95.00 in 4+1 days (100*104 < 95*110).
    fast = Candidate(1, 10, Money(10000, "EUR"), 5, 1, rules)
    cheap_slow = Candidate(2, 11, Money(9500, "EUR"), 5, 4, rules)
    box = buy_box([fast, cheap_slow])
    assert box.winner.offer_id == 1
    assert box.entries[2].reasons == ["delivery 3 days slower"]


def test_seller_api_says_which_offers_hold_the_buy_box(market):
    alpha_vendor, alpha_owner, alpha = market["Alpha"]
    beta_vendor, beta_owner, beta = market["Beta"]
    response = client_for(beta_owner).get("/api/seller/buy-box/")
    assert response.status_code == 200
    [row] = response.data["results"]  # only Beta's own offer
    assert (row["offer_id"], row["holds_buy_box"], row["winning_offer_id"]) == (beta.id, False, alpha.id)
    assert row["reasons"] == ["landed price 2.30 EUR above the winning offer"]
    assert row["landed_price"]["amount"] == 2229 + 490 and row["winning_landed_price"]["amount"] == 1999 + 490
    [row] = client_for(alpha_owner).get("/api/seller/buy-box/").data["results"]
    assert row["holds_buy_box"] is True and row["reasons"] == []
    # A paused offer is out of the race and says so.
    offer_update(vendor=alpha_vendor, actor=alpha_owner, offer_id=alpha.id, status="paused")
    [row] = client_for(alpha_owner).get("/api/seller/buy-box/").data["results"]
    assert row["holds_buy_box"] is False and row["reasons"] == ["not live (status paused)"]
    # Gamma takes over: 2 days slower, but 2.30 EUR cheaper than Beta outweighs that.
    [row] = client_for(market["Gamma"][1]).get("/api/seller/buy-box/").data["results"]
    assert row["holds_buy_box"] is True
    [row] = client_for(beta_owner).get("/api/seller/buy-box/").data["results"]
    assert row["winning_offer_id"] == market["Gamma"][2].id
    assert row["reasons"] == ["landed price 2.30 EUR above the winning offer"]
