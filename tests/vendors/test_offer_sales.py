"""Sale prices with start and end, and the 30-day lowest price the "statt" price refers to."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.errors import DomainError
from marketplace.money import Money
from tests.conftest import row_counts
from tests.factories import CategoryFactory, make_offer, make_vendor
from vendors.models import OfferPriceChange
from vendors.services import offer_update
from vendors.services.sales import lowest_price, offer_sale_end, offer_sale_set, offer_sales_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Helm", price=5000)
    return offer


def _at(offer, amount, days_ago):
    OfferPriceChange.objects.create(
        offer=offer, price_amount=amount, changed_at=timezone.now() - timedelta(days=days_ago)
    )


def test_every_price_change_is_history(offer):
    assert list(OfferPriceChange.objects.filter(offer=offer).values_list("price_amount", flat=True)) == [5000]
    offer_update(vendor=offer.vendor, actor=None, offer_id=offer.id, price=Money(4500, "EUR"))
    offer_update(vendor=offer.vendor, actor=None, offer_id=offer.id, stock=3)  # no price change: no row
    assert list(OfferPriceChange.objects.filter(offer=offer).values_list("price_amount", flat=True)) == [5000, 4500]


def test_lowest_price_counts_the_30_days_before_and_the_price_in_force_at_their_start(offer):
    OfferPriceChange.objects.filter(offer=offer).delete()
    _at(offer, 3900, 45)  # in force when the window opened (30 days ago) until day 20
    _at(offer, 5500, 20)
    _at(offer, 5000, 2)
    now = timezone.now()
    assert lowest_price(offer=offer, before=now) == 3900
    _at(offer, 4200, 40)  # replaces 3900 before the window opens: 3900 no longer counts
    assert lowest_price(offer=offer, before=now) == 4200
    assert lowest_price(offer=offer, before=now - timedelta(days=60)) == 5000  # nothing known: today's price


def test_a_sale_runs_from_start_to_end_and_shows_the_30_day_lowest_price(offer):
    OfferPriceChange.objects.filter(offer=offer).delete()
    _at(offer, 4800, 10)  # a lower price ten days ago...
    _at(offer, 5000, 5)  # ...then back to 50 €
    now = timezone.now()
    offer = offer_sale_set(
        vendor=offer.vendor,
        actor=None,
        offer_id=offer.id,
        sale_price=Money(3990, "EUR"),
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(days=3),
        now=now,
    )
    assert (offer.price_amount, offer.on_sale, offer.sale_reference_amount) == (5000, False, 4800)
    assert offer_sales_apply(now=now + timedelta(hours=2)) == 1
    offer.refresh_from_db()
    # Buyers pay the sale price; the "statt" price is 48 €, not the 50 € it cost before the sale.
    assert (offer.price_amount, offer.regular_price.amount, offer.was_price) == (3990, 5000, Money(4800, "EUR"))
    # A new regular price during the sale changes the price after it, not the sale price.
    offer_update(vendor=offer.vendor, actor=None, offer_id=offer.id, price=Money(5200, "EUR"))
    offer.refresh_from_db()
    assert (offer.price_amount, offer.sale_regular_amount) == (3990, 5200)
    assert offer_sales_apply(now=now + timedelta(days=4)) == 1
    offer.refresh_from_db()
    assert (offer.price_amount, offer.on_sale, offer.sale_price_amount, offer.was_price) == (5200, False, None, None)
    assert list(OfferPriceChange.objects.filter(offer=offer).values_list("price_amount", flat=True))[-2:] == [
        3990,
        5200,
    ]


def test_a_sale_can_end_early(offer):
    now = timezone.now()
    offer_sale_set(
        vendor=offer.vendor,
        actor=None,
        offer_id=offer.id,
        sale_price=Money(4000, "EUR"),
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(days=1),
    )
    offer.refresh_from_db()
    assert offer.price_amount == 4000 and offer.on_sale
    offer_sale_end(vendor=offer.vendor, actor=None, offer_id=offer.id)
    offer.refresh_from_db()
    assert offer.price_amount == 5000 and not offer.on_sale


@pytest.mark.parametrize(
    "price, start, end, field",
    [
        (5000, 0, 2, "sale_price"),  # not below the regular price
        (0, 0, 2, "sale_price"),
        (4000, 2, 1, "sale_ends_at"),  # ends before it starts
        (4000, -3, -1, "sale_ends_at"),  # over already
        (4000, 0, 100, "sale_ends_at"),  # longer than 90 days
    ],
)
def test_bad_sales_name_the_field_and_change_nothing(offer, price, start, end, field):
    now = timezone.now()
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        offer_sale_set(
            vendor=offer.vendor,
            actor=None,
            offer_id=offer.id,
            sale_price=Money(price, "EUR"),
            starts_at=now + timedelta(days=start),
            ends_at=now + timedelta(days=end),
        )
    assert refused.value.field == field
    assert row_counts() == before


def test_another_vendors_offer_is_not_found(offer):
    other, _owner = make_vendor(name="Beta")
    now = timezone.now()
    with pytest.raises(DomainError) as refused:
        offer_sale_set(
            vendor=other,
            actor=None,
            offer_id=offer.id,
            sale_price=Money(100, "EUR"),
            starts_at=now,
            ends_at=now + timedelta(days=1),
        )
    assert refused.value.field == "offer"


def test_an_accepted_change_request_changes_the_shared_product(offer):
    from vendors.services import listing_create
    from vendors.services.change_requests import product_change_request_create, product_change_request_decide

    other, other_owner = make_vendor(name="Beta")
    listing_create(vendor=other, actor=other_owner, product_id=offer.product_id, price=Money(4900, "EUR"), stock=1)
    request = product_change_request_create(
        vendor=other, actor=other_owner, product_id=offer.product_id, changes={"title_en": "Helmet"}, note=""
    )
    with pytest.raises(DomainError) as refused:
        product_change_request_decide(actor=None, request_id=request.id, accept=False, reason="")
    assert refused.value.field == "reason"
    product_change_request_decide(actor=None, request_id=request.id, accept=True)
    offer.product.refresh_from_db()
    assert offer.product.title_en == "Helmet"
    with pytest.raises(DomainError):  # the product's own creator edits it directly
        product_change_request_create(
            vendor=offer.vendor, actor=None, product_id=offer.product_id, changes={"title": "Neu"}
        )
