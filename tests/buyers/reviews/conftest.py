"""Delivered purchases to review: built through the real checkout and fulfilment services."""

import io
from itertools import count

import pytest
from PIL import Image

from buyers.reviews.models import Review, ReviewPhoto, ReviewVote
from buyers.services import cart_item_add, checkout_place
from tests.conftest import row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

ADDRESS = {"name": "Erika Muster", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
_keys = count()


def place(buyer, *offers, quantity=1):
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=quantity)
    return checkout_place(
        buyer=buyer, idempotency_key=f"k-{next(_keys)}", payment_method="invoice", shipping_address=ADDRESS
    )


def deliver(part, vendor, owner):
    tracking = f"{3404340000 + next(_keys):012d}"  # a tracking number is used once
    vendor_order_ship(vendor=vendor, actor=owner, vendor_order_id=part.id, carrier="dhl", tracking_number=tracking)
    vendor_order_mark_delivered(vendor=vendor, actor=owner, vendor_order_id=part.id)
    part.refresh_from_db()
    return part


def all_counts() -> dict:
    """row_counts() of the core apps plus this app's tables (its label is not in that list)."""
    return {**row_counts(), **{m._meta.label: m.objects.count() for m in (Review, ReviewPhoto, ReviewVote)}}


def image_bytes(fmt="PNG", size=(300, 240)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def shop(category):
    """Alpha sells a helmet; Erika's order of it was delivered, Max's is still open."""
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(
        vendor=vendor, owner=owner, category=category, title="Fahrradhelm", title_en="Bike helmet", price=4999, stock=50
    )
    erika = UserFactory(first_name="Erika", last_name="Muster")
    order = place(erika, offer)
    part = deliver(order.vendor_orders.get(), vendor, owner)
    max_ = UserFactory(first_name="Max", last_name="Meier")
    open_order = place(max_, offer)
    return {
        "vendor": vendor,
        "owner": owner,
        "offer": offer,
        "product_id": offer.product_id,
        "erika": erika,
        "order": order,
        "part": part,
        "line": part.lines.get(),
        "max": max_,
        "open_order": open_order,
        "open_part": open_order.vendor_orders.get(),
        "category": category,
    }


def review_by(buyer, offer, vendor, owner, *, stars: int, text="", seller_stars: int | None = None):
    """A new delivered purchase of ``offer`` by ``buyer``, reviewed with ``stars`` (and the seller rated)."""
    from buyers.reviews.services import product_review_create, seller_rating_create

    part = deliver(place(buyer, offer).vendor_orders.get(), vendor, owner)
    review = product_review_create(buyer=buyer, order_line_id=part.lines.get().id, stars=stars, text=text)
    if seller_stars is not None:
        seller_rating_create(buyer=buyer, vendor_order_id=part.id, stars=seller_stars)
    return review
