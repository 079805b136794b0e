"""Seller analytics (issue 18 item 10): figures for a date range to the cent, CSV export, bad
ranges refused on the field, owners and finance only, other vendors' sales never counted."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from buyers.services import cart_item_add, checkout_place
from frontend.common.templatetags.money import format_money
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import ADDRESS, browser
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    category = CategoryFactory()
    alpha, owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    kettle = make_offer(vendor=alpha, owner=owner, category=category, title="Kocher", price=2999)
    mug = make_offer(vendor=alpha, owner=owner, category=category, title="Tasse", price=599)
    other = make_offer(vendor=beta, owner=beta_owner, category=category, title="Teller", price=1500)
    buyer = UserFactory()
    for key, items in {"a": [(kettle, 2), (other, 1)], "b": [(mug, 3)]}.items():
        for offer, quantity in items:
            cart_item_add(buyer=buyer, offer_id=offer.id, quantity=quantity)
        checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)
    return {"alpha": alpha, "owner": owner}


def figures(html):
    return dict(re.findall(r'data-figure="(\w+)">([^<(]*)', html))


def test_figures_for_the_period_count_only_the_own_orders(shop):
    html = browser(shop["owner"]).get("/seller/analytics/").content.decode()
    got = {key: value.strip() for key, value in figures(html).items()}
    # 2 x 29.99 + 3 x 5.99 = 77.95 in two orders (no shipping profile: free shipping); Beta's plate not counted.
    assert got["sales"] == format_money(7795, "EUR", "en")
    assert got["orders"] == "2" and got["units"] == "5"
    assert got["aov"] == format_money(3898, "EUR", "en")  # 38.975 rounds half up
    assert "Kocher" in html and "Teller" not in html


def test_csv_export_has_a_row_per_day(shop):
    today = timezone.localdate()
    start = today - timedelta(days=2)
    response = browser(shop["owner"]).get(f"/seller/analytics/export/?date_from={start}&date_to={today}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "date,orders,units,sales,currency"
    assert lines[-1] == f"{today.isoformat()},2,5,77.95,EUR" and len(lines) == 4


def test_a_bad_range_names_the_field(shop):
    response = browser(shop["owner"]).get("/seller/analytics/?date_from=2026-05-10&date_to=2026-05-01")
    assert response.status_code == 400 and 'id="id_date_to-error"' in response.content.decode()
    assert browser(shop["owner"]).get("/seller/analytics/export/?date_from=x&date_to=y").status_code == 400


def test_only_owners_and_finance_see_analytics(shop):
    for role, status in (("finance", 200), ("fulfilment", 403), ("manager", 403)):
        user = UserFactory()
        vendor_services.vendor_member_add(vendor=shop["alpha"], user=user, role=role)
        assert browser(user).get("/seller/analytics/").status_code == status
        assert browser(user).get("/seller/analytics/export/").status_code == status
    assert browser(UserFactory()).get(f"/seller/analytics/?vendor={shop['alpha'].id}").status_code == 404


def test_conversion_counts_product_page_views_without_writing_rows_on_the_page(shop, settings):
    from marketplace.models import VendorOrder
    from vendors.models import Offer, ProductViewDay
    from vendors.product_views import product_views_flush

    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()  # the counter under test is Redis's
    alpha_products = list(Offer.objects.filter(vendor=shop["alpha"]).values_list("product_id", flat=True))
    beta_product = Offer.objects.exclude(vendor=shop["alpha"]).values_list("product_id", flat=True).first()
    visitor = browser()
    for product_id in alpha_products * 4 + [beta_product] * 3:  # 8 views of Alpha's, 3 of Beta's plate
        assert visitor.get(f"/p/{product_id}/").status_code == 200
    assert not ProductViewDay.objects.exists()  # the page wrote no row: the views wait in Redis
    assert product_views_flush() == 11
    assert product_views_flush() == 0  # taken once
    html = browser(shop["owner"]).get("/seller/analytics/").content.decode()
    got = {key: value.strip() for key, value in figures(html).items()}
    assert got["views"] == "8" and got["conversion"].startswith("25.00 %")  # 2 orders from 8 views
    assert "2 orders from 8 views" in html
    # A view counted after a flush is added to the same day's row.
    visitor.get(f"/p/{alpha_products[0]}/")
    product_views_flush()
    assert ProductViewDay.objects.get(product_id=alpha_products[0]).views == 5

    # Rating trend: the seller ratings per week, with the same numbers in the table under the chart.
    from buyers.reviews.models import Review

    parts = list(VendorOrder.objects.filter(vendor=shop["alpha"]))
    for part, stars in zip(parts, (5, 4), strict=True):
        Review.objects.create(
            kind="seller", buyer=part.order.buyer, vendor=shop["alpha"], vendor_order=part, stars=stars
        )
    html = browser(shop["owner"]).get("/seller/analytics/").content.decode()
    assert 'id="rating-trend-title"' in html and "4.50" in html


def test_no_views_and_no_ratings_say_so(shop):
    html = browser(shop["owner"]).get("/seller/analytics/").content.decode()
    assert "No product page views counted in this period" in html and "No ratings in this period" in html
