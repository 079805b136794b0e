"""Orders in seller central (issue 18 item 5): the ship-by date of every open part, the open parts
sorted by it, a packing slip PDF, and shipping many orders from a CSV of tracking numbers (all rows
or none)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order, VendorOrder
from moderation.holidays import add_business_days
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import ADDRESS, browser
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    category = CategoryFactory()
    alpha, owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    slow = make_offer(vendor=alpha, owner=owner, category=category, title="Schrank", price=9900, handling_days=5)
    fast = make_offer(vendor=alpha, owner=owner, category=category, title="Lampe", price=2900, handling_days=1)
    other = make_offer(vendor=beta, owner=beta_owner, category=category, title="Tasse", price=599)
    buyer = UserFactory()
    orders = {}
    for key, offer in (("slow", slow), ("fast", fast), ("other", other)):
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
        orders[key] = checkout_place(
            buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS
        )
    return {"alpha": alpha, "owner": owner, "beta": beta, "orders": orders, "slow": slow}


def _part(order) -> VendorOrder:
    return order.vendor_orders.get()


def test_open_parts_show_their_ship_by_date_earliest_first(shop):
    html = browser(shop["owner"]).get("/seller/orders/?status=to_ship").content.decode()
    dates = re.findall(r'data-ship-by="([\d-]+)"', html)
    today = timezone.localdate()
    # The lamp (1 day handling) was ordered after the wardrobe (5 days) but must ship first.
    assert (
        dates
        == sorted(dates)
        == [
            add_business_days(today, 1).isoformat(),
            add_business_days(today, 5).isoformat(),
        ]
    )
    assert html.index(shop["orders"]["fast"].number) < html.index(shop["orders"]["slow"].number)
    assert shop["orders"]["other"].number not in html
    assert "overdue" not in html


def test_a_part_past_its_ship_by_date_is_marked_overdue(shop):
    order = shop["orders"]["slow"]
    Order.objects.filter(id=order.id).update(created_at=timezone.now() - timedelta(days=20))
    client = browser(shop["owner"])
    assert "overdue" in client.get("/seller/orders/?status=to_ship").content.decode()
    detail = client.get(f"/seller/orders/{_part(order).id}/").content.decode()
    assert "data-ship-by=" in detail and "overdue" in detail


def test_packing_slip_is_a_pdf_of_the_own_part_for_fulfilling_roles(shop):
    part = _part(shop["orders"]["slow"])
    response = browser(shop["owner"]).get(f"/seller/orders/{part.id}/packing-slip/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and shop["orders"]["slow"].number.encode() in response.content
    assert shop["slow"].sku.encode() in response.content
    foreign = _part(shop["orders"]["other"])
    assert browser(shop["owner"]).get(f"/seller/orders/{foreign.id}/packing-slip/").status_code == 404
    finance = UserFactory()
    vendor_services.vendor_member_add(vendor=shop["alpha"], user=finance, role="finance")
    assert browser(finance).get(f"/seller/orders/{part.id}/packing-slip/").status_code == 403
    fulfilment = UserFactory()
    vendor_services.vendor_member_add(vendor=shop["alpha"], user=fulfilment, role="fulfilment")
    assert browser(fulfilment).get(f"/seller/orders/{part.id}/packing-slip/").status_code == 200


def _upload(client, text: str):
    return client.post(
        "/seller/orders/tracking-upload/",
        {"file": SimpleUploadedFile("tracking.csv", text.encode(), content_type="text/csv")},
    )


def test_a_csv_of_tracking_numbers_ships_every_order_in_it(shop):
    slow, fast = shop["orders"]["slow"], shop["orders"]["fast"]
    csv = f"Bestellnummer;Versanddienstleister;Sendungsnummer\n{slow.number};DHL;003404341111\n{fast.number};dhl;003404342222\n"
    response = _upload(browser(shop["owner"]), csv)
    assert response.status_code == 302
    for order in (slow, fast):
        part = _part(order)
        assert part.status == VendorOrder.Status.SHIPPED
        assert part.shipments.get().tracking_number == {slow: "003404341111", fast: "003404342222"}[order]


def test_one_bad_row_ships_nothing_and_names_the_row_and_column(shop):
    slow, fast, other = shop["orders"]["slow"], shop["orders"]["fast"], shop["orders"]["other"]
    before = row_counts()
    csv = (
        "order,carrier,tracking_number\n"
        f"{slow.number},dhl,003404341111\n"
        f"{fast.number},dhl,12345\n"  # not a DHL number
        f"{other.number},dhl,003404343333\n"  # Beta's order
        f"{slow.number},dhl,003404341111\n"  # twice
    )
    response = _upload(browser(shop["owner"]), csv)
    assert response.status_code == 400
    html = response.content.decode()
    rows = re.findall(
        r'<th scope="row" data-label="Row">(\d+)</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>(\w+)</td>', html
    )
    assert rows == [
        ("3", fast.number, "tracking_number"),
        ("4", other.number, "order"),
        ("5", slow.number, "order"),
    ]
    assert row_counts() == before
    assert _part(slow).status == VendorOrder.Status.OPEN


def test_a_file_without_the_columns_is_refused_on_the_file_field(shop):
    response = _upload(browser(shop["owner"]), "Nummer,Code\n1,2\n")
    assert response.status_code == 400
    assert 'id="id_file-error"' in response.content.decode()
    finance = UserFactory()
    vendor_services.vendor_member_add(vendor=shop["alpha"], user=finance, role="finance")
    assert _upload(browser(finance), "order,carrier,tracking_number\n").status_code == 403
