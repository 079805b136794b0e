"""Guest order links expire after MARKETPLACE_GUEST_LINK_DAYS (30): an expired link answers 410
with where to get a new one (a browser is sent to that page), and the page or the API sends a
fresh link to the order's e-mail address, saying the same whether or not the pair matches."""

import re
import time

import pytest
from django.core import mail, signing
from django.test import Client
from rest_framework.test import APIClient

from buyers.guests import ORDER_LINK_SALT
from tests.buyers.test_guests import add, checkout, offers  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_as_committed")]  # mails go out on commit
DAY = 86_400


def token_of_age(number: str, days: float) -> str:
    """The token the confirmation mail carried ``days`` ago."""

    class Then(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - days * DAY))

    return Then(salt=ORDER_LINK_SALT).sign_object({"order": number}, compress=False)


@pytest.fixture
def guest_order(offers):  # noqa: F811
    guest = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    add(guest, offers[0], 1)
    response = checkout(guest, email="gast@example.test")
    assert response.status_code == 201, response.data
    return response.data["number"]


def test_a_link_works_until_it_expires(guest_order, settings):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert api.get(f"/api/guest/orders/{token_of_age(guest_order, 29)}/").status_code == 200
    expired = api.get(f"/api/guest/orders/{token_of_age(guest_order, 31)}/")
    assert expired.status_code == 410
    assert expired.json()["error_code"] == "guest_link_expired"
    assert "/guest/order-link/" in str(expired.json())  # where to get a new link
    invoice = api.get(f"/api/guest/orders/{token_of_age(guest_order, 31)}/vendor-orders/1/invoice.pdf")
    assert invoice.status_code == 410

    settings.MARKETPLACE_GUEST_LINK_DAYS = 7  # configuration
    assert api.get(f"/api/guest/orders/{token_of_age(guest_order, 8)}/").status_code == 410


def test_an_expired_link_in_a_browser_leads_to_the_page_for_a_new_one(guest_order):
    browser = Client(HTTP_ACCEPT_LANGUAGE="de")
    response = browser.get(f"/api/guest/orders/{token_of_age(guest_order, 40)}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 302 and response["Location"] == "/guest/order-link/?expired=1"
    page = browser.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "abgelaufen" in text and "30 Tage" in text  # says why, in the visitor's language
    assert 'name="email"' in text and 'name="number"' in text


def test_the_page_sends_a_new_link_that_works(guest_order):
    mail.outbox.clear()
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    wrong = browser.post("/guest/order-link/", {"email": "other@example.test", "number": guest_order})
    right = browser.post("/guest/order-link/", {"email": "Gast@example.test", "number": guest_order.lower()})
    assert wrong.status_code == right.status_code == 200
    assert wrong.content.decode().count("we sent it a new link") == 1
    assert right.content.decode().count("we sent it a new link") == 1  # the same answer: nothing revealed
    [message] = mail.outbox
    assert message.to == ["gast@example.test"] and guest_order in message.subject
    token = re.search(r"/orders/guest/(\S+)/", message.body).group(1)  # the page the mail links
    assert APIClient().get(f"/api/guest/orders/{token}/").json()["number"] == guest_order


def test_the_page_names_a_missing_field():
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post("/guest/order-link/", {"email": "kein-at", "number": ""})
    assert response.status_code == 400
    assert not mail.outbox


def test_the_api_sends_a_new_link(guest_order):
    mail.outbox.clear()
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    body = {"email": "gast@example.test", "number": guest_order}
    assert api.post("/api/guest/order-link/", body, format="json").status_code == 202
    assert api.post("/api/guest/order-link/", {**body, "number": "X-1"}, format="json").status_code == 202
    assert len(mail.outbox) == 1
    assert api.post("/api/guest/order-link/", {"email": "x"}, format="json").status_code == 400
