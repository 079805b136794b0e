"""Wishlists and their alerts: a price drop fires once, back in stock fires once, only the
buyers who wished for the product hear of it, and the API/pages keep tenants apart."""

import pytest
from django.core import mail
from django.test import Client

from buyers.wishlists.emails import handle_alert_mail, handle_product_changed
from buyers.wishlists.models import WishlistAlert, WishlistItem
from buyers.wishlists.services import ALERT_MAIL, PRODUCT_CHANGED, wishlist_alerts_check, wishlist_item_add
from marketplace.models import OutboxEvent
from marketplace.money import Money
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services import offer_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(category):
    vendor, owner = make_vendor(name="Alpha")
    helmet = make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradhelm", price=4999, stock=5)
    lamp = make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradlampe", price=1999, stock=5)
    return {"vendor": vendor, "owner": owner, "helmet": helmet, "lamp": lamp}


def _deliver_my_topics():
    """Run this app's outbox handlers on their pending rows, as the consumer does after commit."""
    events = list(OutboxEvent.objects.filter(topic=PRODUCT_CHANGED, delivered_at__isnull=True))
    if events:
        handle_product_changed(events)
        OutboxEvent.objects.filter(id__in=[e.id for e in events]).update(delivered_at=events[0].created_at)
    handle_alert_mail(list(OutboxEvent.objects.filter(topic=ALERT_MAIL)))


def _set(shop, offer, **changes):
    if "price" in changes:
        changes["price"] = Money(changes["price"], "EUR")
    offer_update(vendor=shop["vendor"], actor=shop["owner"], offer_id=offer.id, **changes)


def test_price_drop_fires_once_and_only_for_those_who_wished(shop):
    alice, bob, carol = UserFactory(), UserFactory(), UserFactory()
    wishlist_item_add(user=alice, product_id=shop["helmet"].product_id)
    wishlist_item_add(user=bob, product_id=shop["lamp"].product_id)  # Bob wants the lamp, not the helmet
    _set(shop, shop["helmet"], price=3999)  # the offer change publishes the wishlist check
    assert OutboxEvent.objects.filter(topic=PRODUCT_CHANGED).count() == 1
    _deliver_my_topics()
    alert = WishlistAlert.objects.get()
    assert (alert.item.user, alert.kind, alert.previous_price_amount, alert.price_amount) == (
        alice,
        "price_drop",
        4999,
        3999,
    )
    assert [m.to for m in mail.outbox] == [[alice.email]] and "39.99 EUR" in mail.outbox[0].body
    # The same drop seen again (periodic check, redelivered rows, a stock edit) alerts nobody again.
    assert wishlist_alerts_check() == 0
    _set(shop, shop["helmet"], stock=7)
    _deliver_my_topics()
    handle_alert_mail(list(OutboxEvent.objects.filter(topic=ALERT_MAIL)))
    assert WishlistAlert.objects.count() == 1 and len(mail.outbox) == 1
    # A rise, then a new drop below the raised price: that is a new drop.
    _set(shop, shop["helmet"], price=4599)
    _deliver_my_topics()
    assert WishlistAlert.objects.count() == 1
    _set(shop, shop["helmet"], price=4299)
    _deliver_my_topics()
    assert list(WishlistAlert.objects.order_by("id").values_list("price_amount", flat=True)) == [3999, 4299]
    assert not WishlistAlert.objects.filter(item__user__in=[bob, carol]).exists()


def test_back_in_stock_fires_once(shop):
    alice, bob = UserFactory(), UserFactory()
    _set(shop, shop["lamp"], stock=0)
    wishlist_item_add(user=alice, product_id=shop["lamp"].product_id)
    assert WishlistItem.objects.get(user=alice).seen_available is False
    assert wishlist_alerts_check() == 0
    _set(shop, shop["lamp"], stock=3)
    _deliver_my_topics()
    alert = WishlistAlert.objects.get()
    assert (alert.item.user, alert.kind, alert.price_amount) == (alice, "back_in_stock", 1999)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [alice.email]
    assert wishlist_alerts_check() == 0
    # Sold out again and back: one more alert, then quiet again.
    _set(shop, shop["lamp"], stock=0)
    _deliver_my_topics()
    _set(shop, shop["lamp"], stock=1)
    _deliver_my_topics()
    assert WishlistAlert.objects.filter(kind="back_in_stock").count() == 2
    assert wishlist_alerts_check() == 0
    assert not WishlistAlert.objects.filter(item__user=bob).exists()


def test_restock_without_an_offer_edit_is_found_by_the_periodic_check(shop):
    from vendors.models import Offer

    alice = UserFactory()
    _set(shop, shop["lamp"], stock=0)
    wishlist_item_add(user=alice, product_id=shop["lamp"].product_id)
    Offer.objects.filter(id=shop["lamp"].id).update(stock=2)  # as a cancellation puts stock back
    assert wishlist_alerts_check() == 1
    assert wishlist_alerts_check() == 0


def test_wishlist_api_and_tenancy(shop, api):
    alice, bob = UserFactory(), UserFactory()
    alice_api, bob_api = client_for(alice), client_for(bob)
    product = shop["helmet"].product_id
    response = alice_api.post("/api/wishlist/", {"product": product}, format="json")
    assert response.status_code == 201 and response.data["price"] == {"amount": 4999, "currency": "EUR"}
    assert alice_api.post("/api/wishlist/", {"product": product}, format="json").status_code == 201  # again: unchanged
    assert WishlistItem.objects.filter(user=alice).count() == 1
    assert [row["product"] for row in alice_api.get("/api/wishlist/").data] == [product]
    assert bob_api.get("/api/wishlist/").data == []
    before = {**row_counts(), "wishes": WishlistItem.objects.count()}
    assert bob_api.delete(f"/api/wishlist/items/{product}/").status_code == 404  # Alice's wish is not Bob's to remove
    for body, field in [({"product": "helm"}, "product"), ({"product": 2_000_000_000}, "product"), ({}, "product")]:
        response = alice_api.post("/api/wishlist/", body, format="json")
        assert response.status_code in {400, 404} and field in response.data
    assert api.post("/api/wishlist/", {"product": product}, format="json").status_code in {401, 403}
    assert {**row_counts(), "wishes": WishlistItem.objects.count()} == before
    assert alice_api.delete(f"/api/wishlist/items/{product}/").status_code == 204
    assert not WishlistItem.objects.exists()


@pytest.mark.parametrize(
    "language, button, heading",
    [
        ("de", "Auf den Wunschzettel", "Ihr Wunschzettel"),
        ("en", "Add to wishlist", "Your wishlist"),
    ],
)
def test_wishlist_button_and_page_in_both_languages(shop, language, button, heading):
    alice = UserFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(alice)
    product = shop["helmet"].product_id
    assert button in client.get(f"/p/{product}/").content.decode()
    response = client.post("/wishlist/add/", {"product": product, "next": f"/p/{product}/"})
    assert response.status_code == 302 and WishlistItem.objects.filter(user=alice, product_id=product).exists()
    assert 'data-wishlist="on"' in client.get(f"/p/{product}/").content.decode()
    _set(shop, shop["helmet"], price=3999)
    _deliver_my_topics()
    page = client.get("/wishlist/").content.decode()
    assert heading in page and "Fahrradhelm" in page and "data-dropped-from" in page
    # The price at saving time is no reference price in the sense of PAngV §11 (the lowest of 30
    # days): it is told in words, never struck through as "statt".
    assert "price-block-was" not in page and "<del>" not in page
    saved = {"de": "Günstiger als beim Merken", "en": "Cheaper than when you saved it"}[language]
    assert saved in page
    other = Client()
    other.force_login(UserFactory())
    assert other.post(f"/wishlist/{product}/remove/").status_code == 404
    assert client.post(f"/wishlist/{product}/remove/").status_code == 302
    assert not WishlistItem.objects.exists()
