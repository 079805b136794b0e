import re

import pytest
from django.core import mail
from django.test import Client

from buyers.addresses import address_create
from buyers.coupons import coupon_create
from buyers.services import cart_item_add
from tests.conftest import row_counts
from tests.factories import UserFactory, login_operator, make_offer, make_vendor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_as_committed")]  # e-mails are sent on commit

ADDRESS = {
    "kind": "shipping",
    "type": "street",
    "name": "Erika",
    "street": "Hauptstr. 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
}


def browser(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and user.is_staff:
        login_operator(client, user)  # operators need a verified second factor
    elif user:
        client.force_login(user)
    return client


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_register_confirm_and_reset_password_through_the_pages():
    client = browser()
    response = client.post("/register/", {"email": "neu@example.test", "password": "lange-sichere-phrase-7"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "not confirmed yet" in client.get("/account/").content.decode()
    assert client.get(link_in(mail.outbox[0])).status_code == 200
    assert "confirmed" in client.get("/account/").content.decode()

    client.post("/logout/")
    assert client.post("/account/password-reset/", {"email": "neu@example.test"}).status_code == 200
    reset_link = link_in(mail.outbox[1])
    assert client.post(reset_link, {"new_password": "1"}).status_code == 400
    assert client.post(reset_link, {"new_password": "noch-ein-passwort-8"}).status_code == 302
    assert client.login(username="neu@example.test", password="noch-ein-passwort-8")


def test_register_shows_field_errors_and_stores_nothing():
    before = row_counts()
    response = browser().post("/register/", {"email": "x@example.test", "password": "123"})
    assert response.status_code == 400 and "password" in response.context["form"].errors
    assert row_counts() == before


def test_address_book_page_and_isolation():
    alice, bob = UserFactory(), UserFactory()
    client = browser(alice)
    assert client.post("/account/addresses/", ADDRESS).status_code == 302
    response = client.post("/account/addresses/", {**ADDRESS, "postal_code": "999"})
    assert response.status_code == 400 and "postal_code" in response.context["address_form"].errors
    page = client.get("/account/").content.decode()
    assert "Hauptstr. 1" in page
    bobs = address_create(buyer=bob, **{**ADDRESS, "street": "Bobweg 2"})
    before = row_counts()
    assert client.post(f"/account/addresses/{bobs.id}/delete/").status_code == 404
    assert "Bobweg" not in client.get("/account/").content.decode()
    assert row_counts() == before


def test_export_and_delete_account_pages():
    user = UserFactory()
    client = browser(user)
    export = client.get("/account/export/")
    assert export.status_code == 200 and export.json()["account"]["email"] == user.email
    assert client.post("/account/delete/", {"password": "wrong"}).status_code == 400
    assert client.post("/account/delete/", {"password": "test-pass-123"}).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert browser().get("/account/").status_code == 302  # pages need a login


def test_discount_code_on_the_cart_page(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, price=5000)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    coupon_create(code="FUENF", kind="fixed", amount=500, currency="EUR")
    client = browser(buyer)
    client.post("/cart/coupon/", {"code": "nope"})
    assert client.get("/cart/").context["cart"].discount.amount == 0
    client.post("/cart/coupon/", {"code": "fuenf"})
    page = client.get("/cart/")
    assert page.context["cart"].total.amount == 4500 and "FUENF" in page.content.decode()
    client.post("/cart/coupon/", {"remove": "1"})
    assert client.get("/cart/").context["cart"].total.amount == 5000
