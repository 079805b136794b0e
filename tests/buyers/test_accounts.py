import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from buyers.accounts import account_register
from buyers.addresses import address_create
from buyers.services import cart_item_add, checkout_place
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_as_committed")]  # mails go out on commit
User = get_user_model()


def codes(message) -> tuple[str, str]:
    return re.search(r"uid: ([\w-]+)", message.body).group(1), re.search(r"token: ([\w-]+)", message.body).group(1)


def test_register_verify_login_logout(api):
    response = api.post(
        "/api/accounts/register/", {"email": "Erika@Example.test", "password": "lange-sichere-phrase-7"}, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["email"] == "erika@example.test" and response.data["email_verified"] is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["erika@example.test"]
    uid, token = codes(mail.outbox[0])

    assert api.post("/api/accounts/verify-email/", {"uid": uid, "token": "wrong"}, format="json").status_code == 400
    response = api.post("/api/accounts/verify-email/", {"uid": uid, "token": token}, format="json")
    assert response.status_code == 200 and response.data["email_verified"] is True
    # The link is single-use: verification changed the token's hash input.
    assert api.post("/api/accounts/verify-email/", {"uid": uid, "token": token}, format="json").status_code == 400

    assert (
        api.post("/api/accounts/login/", {"email": "erika@example.test", "password": "nope"}, format="json").status_code
        == 400
    )
    assert (
        api.post(
            "/api/accounts/login/", {"email": "erika@example.test", "password": "lange-sichere-phrase-7"}, format="json"
        ).status_code
        == 200
    )
    assert api.get("/api/accounts/me/").data["email"] == "erika@example.test"
    assert api.post("/api/accounts/logout/").status_code == 204
    assert api.get("/api/accounts/me/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": "lange-sichere-phrase-7"}, "email"),
        ({"email": "a@example.test", "password": "123"}, "password"),
        ({"email": "a@example.test", "password": "password"}, "password"),
        ({"email": "a@example.test", "password": "lange-sichere-phrase-7", "language": "fr"}, "language"),
    ],
)
def test_registration_rejects_bad_input(api, body, field):
    before = row_counts()
    response = api.post("/api/accounts/register/", body, format="json")
    assert response.status_code == 400 and field in response.data, response.data
    assert row_counts() == before and mail.outbox == []


def test_registering_a_taken_address_is_refused(api):
    account_register(email="taken@example.test", password="lange-sichere-phrase-7")
    response = api.post(
        "/api/accounts/register/", {"email": "TAKEN@example.test", "password": "lange-sichere-phrase-7"}, format="json"
    )
    assert response.status_code == 409 and "email" in response.data


def test_password_reset_does_not_reveal_accounts_and_tokens_are_single_use(api):
    user = UserFactory(email="reset@example.test")
    assert api.post("/api/accounts/password-reset/", {"email": "nobody@example.test"}, format="json").status_code == 202
    assert mail.outbox == []
    assert api.post("/api/accounts/password-reset/", {"email": "reset@example.test"}, format="json").status_code == 202
    uid, token = codes(mail.outbox[0])
    body = {"uid": uid, "token": token, "new_password": "ganz-neues-passwort-9"}
    assert (
        api.post("/api/accounts/password-reset/confirm/", {**body, "new_password": "1"}, format="json").status_code
        == 400
    )
    assert api.post("/api/accounts/password-reset/confirm/", body, format="json").status_code == 204
    user.refresh_from_db()
    assert user.check_password("ganz-neues-passwort-9")
    assert api.post("/api/accounts/password-reset/confirm/", body, format="json").status_code == 400


def test_login_is_throttled(api, settings):
    UserFactory(username="t@example.test")
    answers = [
        api.post("/api/accounts/login/", {"email": "t@example.test", "password": "x"}, format="json").status_code
        for _ in range(25)
    ]
    assert answers[0] == 400 and answers[-1] == 429


ADDRESS = {"name": "Erika", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def test_address_book_crud_and_defaults():
    buyer = UserFactory()
    api = client_for(buyer)
    first = api.post("/api/addresses/", ADDRESS, format="json")
    assert first.status_code == 201 and first.data["is_default"] is True
    locker = api.post(
        "/api/addresses/",
        {
            **ADDRESS,
            "type": "parcel_locker",
            "street": "",
            "locker_id": "123",
            "carrier_customer_number": "12345678",
            "is_default": True,
        },
        format="json",
    )
    assert locker.status_code == 201, locker.data
    listed = api.get("/api/addresses/").data
    assert [a["is_default"] for a in listed] == [True, False] and listed[0]["id"] == locker.data["id"]
    assert api.delete(f"/api/addresses/{locker.data['id']}/").status_code == 204
    assert api.get(f"/api/addresses/{first.data['id']}/").data["is_default"] is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"postal_code": "1011"}, "postal_code"),
        ({"country": "FR"}, "country"),
        ({"country": "Germany"}, "country"),
        ({"street": ""}, "street"),
        ({"type": "parcel_locker", "locker_id": "12"}, "locker_id"),
        ({"type": "parcel_locker", "locker_id": "123", "carrier_customer_number": "x"}, "carrier_customer_number"),
        (
            {"type": "parcel_locker", "kind": "billing", "locker_id": "123", "carrier_customer_number": "12345678"},
            "type",
        ),
        ({"type": "pickup"}, "pickup_location_id"),
        ({"name": ""}, "name"),
    ],
)
def test_address_rejects_bad_input(overrides, field):
    api = client_for(UserFactory())
    before = row_counts()
    response = api.post("/api/addresses/", {**ADDRESS, **overrides}, format="json")
    assert response.status_code == 400 and field in response.data, response.data
    assert row_counts() == before


def test_buyers_never_see_each_others_addresses():
    alice, bob = UserFactory(), UserFactory()
    address = address_create(buyer=alice, **ADDRESS)
    bob_api = client_for(bob)
    before = row_counts()
    assert bob_api.get(f"/api/addresses/{address.id}/").status_code == 404
    assert bob_api.patch(f"/api/addresses/{address.id}/", {"city": "Hamburg"}, format="json").status_code == 404
    assert bob_api.delete(f"/api/addresses/{address.id}/").status_code == 404
    assert bob_api.get("/api/addresses/").data == []
    assert row_counts() == before


def test_export_contains_the_buyers_data_and_nobody_elses(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe")
    alice, bob = UserFactory(), UserFactory()
    address_create(buyer=alice, **ADDRESS)
    cart_item_add(buyer=alice, offer_id=offer.id, quantity=1)
    order = checkout_place(buyer=alice, idempotency_key="a", payment_method="invoice", shipping_address=ADDRESS)
    address_create(buyer=bob, **{**ADDRESS, "name": "Bob"})
    data = client_for(alice).get("/api/accounts/me/export/").json()
    assert data["account"]["email"] == alice.email
    assert [a["name"] for a in data["addresses"]] == ["Erika"]
    assert [o["number"] for o in data["orders"]] == [order.number]
    assert data["orders"][0]["lines"][0]["product_title"] == "Lampe"


def test_deleting_the_account_anonymises_it_and_keeps_orders(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    buyer = UserFactory()
    address_create(buyer=buyer, **ADDRESS)
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    order = checkout_place(buyer=buyer, idempotency_key="a", payment_method="invoice", shipping_address=ADDRESS)
    api = client_for(buyer)
    assert api.delete("/api/accounts/me/", {"password": "wrong"}, format="json").status_code == 400
    assert api.delete("/api/accounts/me/", {"password": "test-pass-123"}, format="json").status_code == 204
    buyer.refresh_from_db()
    assert buyer.email == f"deleted-{buyer.pk}@invalid" and not buyer.is_active and not buyer.has_usable_password()
    assert not buyer.addresses.exists()
    assert buyer.orders.get().number == order.number  # kept for the retention period
