"""One featured-offer rule (issue 17.2, 17.4): the buy box weighs real seller scores (ratings and
scorecard, no placeholder) and the transit time of the shipping zone; delivery dates count
business days and German public holidays."""

from datetime import date

import pytest

from marketplace.money import Money
from moderation.models import VendorStanding
from tests.buyers.reviews.conftest import deliver, place
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.buy_box import Candidate, buy_box
from vendors.delivery import delivery_date
from vendors.selectors import buy_box_for_products
from vendors.seller_score import NEUTRAL_RATING_POINTS, seller_score, seller_scores
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create
from vendors.shipping import ProfileRules, RateRule, ZoneRule

GTIN = "4006381333931"


def ships_de(vendor, owner, *, transit_days=None, amount=490):
    return shipping_profile_create(
        vendor=vendor,
        actor=owner,
        name="Paket",
        currency="EUR",
        zones=[
            ZoneSpec(
                name="Inland",
                countries=["DE"],
                rate_kind="flat",
                rates=[RateSpec(amount=amount)],
                transit_days=transit_days,
            )
        ],
    )


def test_seller_score_points_from_stars_and_scorecard():
    assert seller_score(0, 0) == NEUTRAL_RATING_POINTS  # nobody rated yet: as 4 stars
    assert seller_score(9, 2) == 90  # 4.5 stars
    metrics = {
        "windows": {
            "90": {
                "rates": {
                    "order_defect_rate": {"numerator": 3, "denominator": 20, "counts": True},  # 15 %
                    "late_shipment_rate": {
                        "numerator": 9,
                        "denominator": 10,
                        "counts": False,
                    },  # too few orders: ignored
                }
            }
        }
    }
    assert seller_score(10, 2, metrics, level=1) == 100 - 15 - 10
    assert seller_score(1, 1, metrics, level=4) == 0  # never below 0


@pytest.mark.django_db
def test_a_badly_rated_seller_loses_the_box_it_held_on_stock_and_age(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    ships_de(alpha, alpha_owner)
    ships_de(beta, beta_owner)
    a = make_offer(vendor=alpha, owner=alpha_owner, category=category, gtin=GTIN, price=1999, stock=12)
    b = make_offer(vendor=beta, owner=beta_owner, category=category, gtin=GTIN, price=1999, stock=9)
    # Same price, shipping and handling: before ratings, the older offer with more stock (Alpha) wins.
    assert buy_box_for_products(product_ids=[a.product_id])[(a.product_id, None, "new")].winner.offer_id == a.id
    from buyers.reviews.services import seller_rating_create

    buyer = UserFactory()
    part = deliver(place(buyer, a).vendor_orders.get(), alpha, alpha_owner)
    seller_rating_create(buyer=buyer, vendor_order_id=part.id, stars=1)
    assert seller_scores([alpha.id, beta.id]) == {alpha.id: 20, beta.id: NEUTRAL_RATING_POINTS}
    box = buy_box_for_products(product_ids=[a.product_id])[(a.product_id, None, "new")]
    assert box.winner.offer_id == b.id
    assert box.entries[a.id].reasons == ["seller score 20 below the winner's 80"]


@pytest.mark.django_db
def test_the_scorecard_snapshot_and_standing_lower_the_score(category):
    alpha, _ = make_vendor(name="Alpha")
    VendorStanding.objects.create(
        vendor=alpha,
        level=VendorStanding.Level.WARNING,
        metrics={
            "windows": {"90": {"rates": {"late_shipment_rate": {"numerator": 1, "denominator": 10, "counts": True}}}}
        },
    )
    assert seller_scores([alpha.id]) == {alpha.id: NEUTRAL_RATING_POINTS - 10 - 10}


@pytest.mark.django_db
def test_transit_time_of_the_shipping_zone_counts_in_the_box(category):
    slow, slow_owner = make_vendor(name="Langsam")
    fast, fast_owner = make_vendor(name="Schnell")
    ships_de(slow, slow_owner, transit_days=6)
    ships_de(fast, fast_owner, transit_days=1)
    s = make_offer(vendor=slow, owner=slow_owner, category=category, gtin=GTIN, price=10000, handling_days=1)
    f = make_offer(vendor=fast, owner=fast_owner, category=category, gtin=GTIN, price=10300, handling_days=1)
    box = buy_box_for_products(product_ids=[s.product_id])[(s.product_id, None, "new")]
    assert (box.entries[s.id].delivery_days, box.entries[f.id].delivery_days) == (7, 2)
    assert box.winner.offer_id == f.id  # 3 EUR dearer, 5 days faster


def test_delivery_date_counts_business_days_and_holidays():
    rules = ProfileRules(
        1,
        "P",
        "EUR",
        1,
        None,
        (
            ZoneRule("DE", frozenset({"DE"}), "flat", (RateRule(0),), transit_days=1),
            ZoneRule("AT", frozenset({"AT"}), "flat", (RateRule(0),)),
        ),
    )
    # Friday, handling 1: shipped Monday, delivered Tuesday.
    assert delivery_date(1, rules, "DE", today=date(2025, 10, 31)) == date(2025, 11, 4)
    # Christmas Eve: 25th and 26th are holidays, then the weekend: shipped Mon 29th, delivered Tue 30th.
    assert delivery_date(1, rules, "DE", today=date(2025, 12, 24)) == date(2025, 12, 30)
    # A zone without its own transit time abroad: 3 business days.
    assert delivery_date(0, rules, "AT", today=date(2025, 11, 3)) == date(2025, 11, 6)


def test_pure_buy_box_has_no_placeholder_score():
    rules = ProfileRules(1, "P", "EUR", 2, None, (ZoneRule("DE", frozenset({"DE"}), "flat", (RateRule(0),)),))
    good = Candidate(1, 10, Money(1000, "EUR"), 5, 2, rules, seller_score=95)
    poor = Candidate(2, 11, Money(1000, "EUR"), 50, 2, rules, seller_score=40)
    assert buy_box([poor, good]).winner.offer_id == 1
