"""Guest checkout: a session cart, checkout with an e-mail address, the order page behind a signed
link, isolation between guests, and the guest cart merged into the account on login/registration."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient

from buyers.models import CartItem
from buyers.services import cart_item_add
from marketplace.models import Order
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_as_committed")]  # mails go out on commit

ADDRESS = {"name": "Gast", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def guest_client() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def offers(category):
    vendor, owner = make_vendor(name="Alpha")
    return (
        make_offer(vendor=vendor, owner=owner, category=category, title="A", price=1500, stock=3),
        make_offer(vendor=vendor, owner=owner, category=category, title="B", price=800, stock=10),
    )


def add(client, offer, quantity=1):
    response = client.post("/api/guest/cart/items/", {"offer": offer.id, "quantity": quantity}, format="json")
    assert response.status_code == 201, response.data
    return response.data


def checkout(client, key="k", **body):
    return client.post(
        "/api/guest/checkout/",
        {"payment_method": "invoice", "shipping_address": ADDRESS, **body},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_guest_checks_out_by_email_and_reaches_the_order_by_the_signed_link(offers):
    guest = guest_client()
    assert guest.get("/api/guest/cart/").data["item_count"] == 0
    cart = add(guest, offers[0], 2)
    assert cart["item_count"] == 2 and cart["total"]["amount"] == 3000
    response = checkout(guest, email="Gast@Example.test")
    assert response.status_code == 201, response.data
    order = Order.objects.get(number=response.data["number"])
    assert order.email == "gast@example.test" and order.buyer.buyer_profile.is_guest
    assert checkout(guest, email="gast@example.test").data["number"] == order.number  # same key: same order
    assert guest.get("/api/guest/cart/").data["item_count"] == 0

    [message] = [m for m in mail.outbox if order.number in m.subject and m.to == [order.email]]
    assert message.to == ["gast@example.test"]
    # The mail links the order page; the API reads the same signed token.
    link = re.search(r"https?://\S+/orders/guest/(\S+)/", message.body)
    assert link, message.body
    page = guest_client().get(f"/api/guest/orders/{link.group(1)}/")  # any browser with the link
    assert page.status_code == 200 and page.data["number"] == order.number
    assert guest_client().get(f"/api/guest/orders/{link.group(1)[:-2]}xx/").status_code == 404
    assert guest_client().get(f"/api/guest/orders/{order.number}/").status_code == 404


def test_a_refused_first_item_leaves_no_guest_behind(offers):
    browser = guest_client()
    before = row_counts()
    assert browser.post("/api/guest/cart/items/", {"offer": 999_999, "quantity": 1}, format="json").status_code == 404
    too_many = browser.post("/api/guest/cart/items/", {"offer": offers[0].id, "quantity": 4}, format="json")
    assert too_many.status_code == 400 and "quantity" in str(too_many.data)
    assert row_counts() == before and get_user_model().objects.filter(buyer_profile__is_guest=True).count() == 0
    assert add(browser, offers[0])["item_count"] == 1  # the session still works afterwards


def test_guest_checkout_needs_an_email_and_changes_nothing_without_one(offers):
    guest = guest_client()
    add(guest, offers[0])
    before = row_counts()
    for body in ({}, {"email": "not-an-address"}):
        response = checkout(guest, **body)
        assert response.status_code == 400 and "email" in str(response.data)
    assert row_counts() == before
    empty = checkout(guest_client(), email="b@example.test")
    assert empty.status_code == 400 and "cart" in str(empty.data)


def test_a_guest_never_sees_another_guests_cart_or_order(offers):
    first, second = guest_client(), guest_client()
    item_id = add(first, offers[0])["groups"][0]["lines"][0]["item_id"]
    assert second.get("/api/guest/cart/").data["item_count"] == 0
    assert second.patch(f"/api/guest/cart/items/{item_id}/", {"quantity": 2}, format="json").status_code == 404
    assert second.delete(f"/api/guest/cart/items/{item_id}/").status_code == 404
    add(second, offers[1])
    assert second.delete(f"/api/guest/cart/items/{item_id}/").status_code == 404
    assert CartItem.objects.get(id=item_id).quantity == 1
    number = checkout(first, email="a@example.test").data["number"]
    # The second guest's checkout places its own cart only, and its link does not open the first order.
    other = checkout(second, email="b@example.test")
    assert other.status_code == 201 and other.data["number"] != number
    assert [line["offer_id"] for vo in other.data["vendor_orders"] for line in vo["lines"]] == [offers[1].id]
    # An account does not see guests' orders either.
    assert client_for(UserFactory()).get(f"/api/orders/{number}/").status_code == 404


def test_login_merges_the_guest_cart_summing_quantities_capped_by_stock(offers):
    account = UserFactory(email="kim@example.test", username="kim@example.test")
    account.set_password("a-long-Passw0rd!")
    account.save()
    cart_item_add(buyer=account, offer_id=offers[0].id, quantity=2)
    browser = guest_client()
    add(browser, offers[0], 3)  # stock is 3: 2 + 3 is capped at 3
    add(browser, offers[1], 4)
    response = browser.post(
        "/api/accounts/login/", {"email": "kim@example.test", "password": "a-long-Passw0rd!"}, format="json"
    )
    assert response.status_code == 200, response.data
    quantities = {
        line["offer_id"]: line["quantity"] for g in browser.get("/api/cart/").data["groups"] for line in g["lines"]
    }
    assert quantities == {offers[0].id: 3, offers[1].id: 4}
    assert browser.get("/api/guest/cart/").data["item_count"] == 0


def test_registration_takes_the_guest_cart_along(offers):
    browser = guest_client()
    add(browser, offers[1], 2)
    response = browser.post(
        "/api/accounts/register/", {"email": "neu@example.test", "password": "a-long-Passw0rd!"}, format="json"
    )
    assert response.status_code == 201, response.data
    user = get_user_model().objects.get(email="neu@example.test")
    assert list(CartItem.objects.filter(cart__buyer=user).values_list("offer_id", "quantity")) == [(offers[1].id, 2)]


def test_abandoned_guests_are_purged_but_guests_with_orders_stay(offers):
    from datetime import timedelta

    from django.utils import timezone

    from buyers.guests import guest_ensure, guests_purge_abandoned
    from buyers.models import Cart
    from buyers.services import checkout_place

    old = timezone.now() - timedelta(days=40)
    idle, ordered, fresh = (guest_ensure(session={}) for _ in range(3))
    for guest in (idle, ordered, fresh):
        cart_item_add(buyer=guest, offer_id=offers[1].id, quantity=1)
    checkout_place(
        buyer=ordered, idempotency_key="k", payment_method="invoice", shipping_address=ADDRESS, email="o@example.test"
    )
    User = get_user_model()
    User.objects.filter(id__in=[idle.id, ordered.id]).update(date_joined=old)
    Cart.objects.filter(buyer_id__in=[idle.id, ordered.id]).update(updated_at=old)
    CartItem.objects.filter(cart__buyer_id=idle.id).update(added_at=old)
    assert guests_purge_abandoned(older_than_days=30) == 1
    assert set(User.objects.filter(id__in=[idle.id, ordered.id, fresh.id]).values_list("id", flat=True)) == {
        ordered.id,
        fresh.id,
    }
    assert not CartItem.objects.filter(cart__buyer_id=idle.id).exists()


def test_guest_pays_by_card_with_the_client_secret_for_stripe_js(offers):
    guest = guest_client()
    add(guest, offers[1])
    response = checkout(guest, payment_method="card", email="card@example.test")
    assert response.status_code == 201, response.data
    assert response.data["status"] == "pending_payment" and response.data["payment_client_secret"]
